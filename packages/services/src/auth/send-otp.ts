import { ID, type Models } from "node-appwrite";
import type { z } from "zod";
import type { SendOtpRequest, SendOtpResponse } from "@chizze/contracts/api/auth";
import { ApiError } from "@chizze/contracts/errors";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import { Rejected } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import { isoUtc } from "../time";
import { consumeOtpAttempt } from "./limits";
import { keyAccount } from "./session";

/**
 * Starts a phone login: counts the attempt (fail closed, before any SMS can go out), then asks Appwrite for a phone
 * token. Appwrite creates the user on first use and returns the existing user for a known phone (the requested id is
 * ignored then), and sends the 6-digit code by SMS. Public route: there is no caller to scope to; the phone is the
 * subject and the limit is per phone.
 */
export async function sendOtp(deps: Deps, input: z.infer<typeof SendOtpRequest>): Promise<z.infer<typeof SendOtpResponse>> {
  await consumeOtpAttempt(deps, "send", input.phone);
  let token: Models.Token;
  try {
    token = await appwriteCall("account.createPhoneToken", () => keyAccount(deps).createPhoneToken({ userId: ID.unique(), phone: input.phone }));
  } catch (err) {
    // Our schema is stricter than Appwrite's, so a 400 here means a number Appwrite will not text (or a blocked user).
    if (err instanceof Rejected && err.status === 400) throw new ApiError("bad_request", "This phone number cannot receive a login code", { cause: err });
    throw err;
  }
  return { userId: token.userId, expiresAt: isoUtc(token.expire) };
}

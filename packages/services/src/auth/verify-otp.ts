import type { Models } from "node-appwrite";
import type { z } from "zod";
import type { VerifyOtpRequest, VerifyOtpResponse } from "@chizze/contracts/api/auth";
import { ApiError } from "@chizze/contracts/errors";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import type { Deps } from "../deps";
import { isoUtc } from "../time";
import { ensureProfile } from "../profile/ensure";
import { cancelDeletionOnLogin } from "../privacy/cancel";
import { consumeOtpAttempt } from "./limits";
import { isCredentialRejection, jwtForSession, keyAccount } from "./session";
import { toAuthUser } from "./view";

/** Every signed-in user is a customer; the label makes that visible to Appwrite (row permissions, console, queries). */
const CUSTOMER_LABEL = "customer";

/** One answer for every credential failure, so a caller cannot tell an unknown user from a wrong code. */
const badCode = (cause?: unknown) => new ApiError("unauthenticated", "Invalid or expired code", cause === undefined ? undefined : { cause });

/**
 * Trades the OTP for an Appwrite session and a first 15-minute JWT. Order matters:
 * 1. the user (unknown id → 401, like a wrong code), to count per phone;
 * 2. the per-phone attempt counter, fail closed: beyond the limit (or with Redis down) no session is created even
 *    with the right code, so guessing stops at the limit;
 * 3. the session (Appwrite checks and consumes the code; wrong or used → 401);
 * 4. a pending account deletion (DELETE /me) is cancelled by this login; an account whose erasure has begun is
 *    refused (privacy/cancel.ts);
 * 5. onboarding, idempotent on every login: the `customer` label added to whatever labels the user has (restaurant,
 *    partner, admin come from the seed or an admin and are kept) and the profiles row;
 * 6. the JWT, minted with the new session itself.
 */
export async function verifyOtp(deps: Deps, input: z.infer<typeof VerifyOtpRequest>): Promise<z.infer<typeof VerifyOtpResponse>> {
  let user: Models.User<Models.Preferences>;
  try {
    user = await appwriteCall("users.get", () => deps.users.get({ userId: input.userId }));
  } catch (err) {
    if (isCredentialRejection(err)) throw badCode(err);
    throw err;
  }
  if (!user.phone) throw badCode();
  await consumeOtpAttempt(deps, "verify", user.phone);

  let session: Models.Session;
  try {
    session = await appwriteCall("account.createSession", () => keyAccount(deps).createSession({ userId: user.$id, secret: input.otp }));
  } catch (err) {
    if (isCredentialRejection(err)) throw badCode(err);
    throw err;
  }
  // Appwrite shows the session secret to API-key callers only; without it the app could never refresh.
  if (!session.secret) throw new ApiError("internal", "Appwrite returned the session without its secret (is the function's key an API key?)");
  await cancelDeletionOnLogin(deps, user.$id, session.$id);

  if (!user.labels.includes(CUSTOMER_LABEL)) {
    user = await appwriteCall("users.updateLabels", () => deps.users.updateLabels({ userId: user.$id, labels: [...user.labels, CUSTOMER_LABEL] }));
  }
  await ensureProfile(deps, user);

  const { jwt, jwtExpiresAt } = await jwtForSession(deps, session.secret);
  return {
    session: { id: session.$id, secret: session.secret, expiresAt: isoUtc(session.expire) },
    jwt,
    jwtExpiresAt,
    user: toAuthUser(user),
  };
}

// Phone OTP tokens (POST /account/tokens/phone): find or create the user by phone, store a hashed 6-digit code for
// 15 minutes and "send" it as an SMS into the messaging outbox (mock numbers: fixed code, no SMS).
import type { AppwriteDeps } from "../context";
import { readOutbox, writeOutbox } from "../messaging/outbox";
import { createUser } from "./create-user";
import { mockOtpFor } from "./mock-numbers";
import { randomOtp } from "./secrets";
import { createTokenRow, type TokenRow } from "./sessions-store";
import { findUserBy, validatePhone } from "./users-store";

/** TOKEN_EXPIRATION_OTP */
export const PHONE_TOKEN_TTL_MS = 15 * 60 * 1000;

export function issuePhoneToken(deps: AppwriteDeps, requestedUserId: string, phone: string): { token: TokenRow; otp: string } {
  validatePhone("phone", phone);
  // An existing phone wins over the requested id (Appwrite ignores userId then).
  const user = findUserBy(deps, "phone", phone) ?? createUser(deps, { id: requestedUserId, phone });
  const mock = mockOtpFor(deps, phone);
  const otp = mock ?? randomOtp();
  const token = createTokenRow(deps, user.id, "phone", otp, PHONE_TOKEN_TTL_MS);
  if (mock === undefined) {
    writeOutbox(deps, {
      messageId: `otp_${token.id}`,
      channel: "sms",
      userId: user.id,
      targetId: "",
      identifier: phone,
      title: "",
      body: `Your Chizze verification code is ${otp}. It expires in 15 minutes.`,
      data: { kind: "otp", tokenId: token.id },
    });
  }
  return { token, otp };
}

/** The code of the newest OTP SMS sent to `phone` (tests, `npm run dev`). */
export function latestOtp(deps: AppwriteDeps, phone: string): string | undefined {
  const sms = readOutbox(deps, { phone, limit: 20 }).find((e) => e.data.kind === "otp");
  return sms ? /\b(\d{6})\b/.exec(sms.body)?.[1] : undefined;
}

// Appwrite's `auths.mockNumbers`: phones whose OTP is fixed and for which no SMS is sent (store review, demos, tests).
// Kept in SQLite so a running `npm run dev` can be configured through the dev endpoint or `setMockNumbers`.
import type { AppwriteDeps } from "../context";
import { AppwriteError } from "../errors";
import { ensureAuthSchema } from "./schema";
import { validatePhone } from "./users-store";

export interface MockNumber {
  phone: string;
  otp: string;
}

/** Replaces the project's mock numbers. OTPs are 6 digits, as Appwrite requires. */
export function setMockNumbers(deps: AppwriteDeps, numbers: readonly MockNumber[]): void {
  ensureAuthSchema(deps.db);
  for (const n of numbers) {
    validatePhone("phone", n.phone);
    if (!/^\d{6}$/.test(n.otp)) throw new AppwriteError("general_argument_invalid", "Invalid `otp` param: Value must be 6 digits");
  }
  deps.db.transaction(() => {
    deps.db.prepare("DELETE FROM _auth_mock_numbers").run();
    const insert = deps.db.prepare("INSERT INTO _auth_mock_numbers (phone, otp) VALUES (?, ?)");
    for (const n of numbers) insert.run(n.phone, n.otp);
  })();
}

export function mockOtpFor(deps: AppwriteDeps, phone: string): string | undefined {
  ensureAuthSchema(deps.db);
  return (deps.db.prepare("SELECT otp FROM _auth_mock_numbers WHERE phone = ?").get(phone) as { otp: string } | undefined)?.otp;
}

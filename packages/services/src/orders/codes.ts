// The two hand-over codes of an order (design doc §6, issue 6 "proof of handoff").
// - pickupCode: random, stored in clear on the order; the restaurant and the assigned partner both see it.
// - deliveryOtp: derived, HMAC-SHA256(codesSecret, "delivery-otp|" + orderId) → 4 digits. The order row (which the
//   partner can read) keeps only its hash; the customer's app is shown the OTP on every read by deriving it again.
import { createHmac, randomInt } from "node:crypto";
import { deliveryOtpHash, fourDigitCode } from "@chizze/core";

/** A fresh pickup code. */
export function newPickupCode(): string {
  return String(randomInt(0, 10_000)).padStart(4, "0");
}

/** The customer's delivery OTP for an order (stable: the same on every read). */
export function deliveryOtpFor(codesSecret: string, orderId: string): string {
  const mac = createHmac("sha256", codesSecret).update(`delivery-otp|${orderId}`).digest();
  return fourDigitCode(mac.readUInt32BE(0));
}

/** What orders.delivery_otp_hash holds. */
export function deliveryOtpHashFor(codesSecret: string, orderId: string): string {
  return deliveryOtpHash(orderId, deliveryOtpFor(codesSecret, orderId));
}

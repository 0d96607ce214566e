// The two HMACs Razorpay uses. Both hex HMAC-SHA256; only the key and the message differ.
import { createHmac } from "node:crypto";

export function hmacSha256Hex(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message, "utf8").digest("hex");
}

/** Checkout's razorpay_signature: HMAC(key_secret, order_id + "|" + payment_id). */
export function checkoutSignature(keySecret: string, orderId: string, paymentId: string): string {
  return hmacSha256Hex(keySecret, `${orderId}|${paymentId}`);
}

/** X-Razorpay-Signature: HMAC(webhook_secret, raw request body) — over the exact bytes sent. */
export function webhookSignature(webhookSecret: string, rawBody: string): string {
  return hmacSha256Hex(webhookSecret, rawBody);
}

// Razorpay signature checks on WebCrypto, so the edge (Workers) and functions (Node) run the same code.
// `crypto.subtle.verify("HMAC", …)` compares in constant time; the SDK's helpers use `===` (reliability note §1.2).
// Workers-safe.
import { fromHex } from "../hashing";

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();
const MAX_CACHED_KEYS = 8;

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    // A handful of secrets at most (key secret + webhook secrets during rotation); bound it anyway.
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    keyCache.set(secret, key);
  }
  return key;
}

async function verifyHex(secret: string, message: Uint8Array<ArrayBuffer>, signatureHex: string): Promise<boolean> {
  // A SHA-256 HMAC is 32 bytes; anything else cannot match and is not worth a verify.
  const sig = fromHex(signatureHex.trim());
  if (!sig || sig.length !== 32 || secret === "") return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret), sig, message);
}

/**
 * Checkout's handler signature: hex HMAC-SHA256(key_secret, order_id + "|" + payment_id). Pass the order id *we
 * stored* for the Chizze order, never the one the client sent back, or a payment of another order would verify.
 */
export async function verifyCheckoutSignature(orderId: string, paymentId: string, signature: string, keySecret: string): Promise<boolean> {
  return verifyHex(keySecret, encoder.encode(`${orderId}|${paymentId}`), signature);
}

/**
 * X-Razorpay-Signature: hex HMAC-SHA256(webhook_secret, raw body). `rawBody` must be the bytes as received
 * (re-serialised JSON breaks it). Any of `secrets` may match: during a rotation Razorpay signs retries of older
 * events with the old secret.
 */
export async function verifyWebhookSignature(rawBody: string | Uint8Array<ArrayBuffer>, signature: string, secrets: readonly string[]): Promise<boolean> {
  if (!signature) return false;
  const bytes = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  for (const secret of secrets) {
    if (await verifyHex(secret, bytes, signature)) return true;
  }
  return false;
}

// Deterministic ids make writes idempotent: the second attempt to create the same thing hits the same row id
// and gets 409 instead of a duplicate (I1, I5, I10, I6-style dedupe for notifications). Appwrite's rule: ≤36
// chars of [A-Za-z0-9._-], no leading special character. A prefix (`ord_`) plus 32 hex chars (128 bits of
// SHA-256) fits exactly. Hashing is synchronous (sha256.ts) so ids can be built inside pure functions.
import { istDate } from "./hours";
import { sha256, sha256Hex } from "./sha256";

export const APPWRITE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;
const PREFIX_PATTERN = /^[a-z]{2,4}$/;

/**
 * SHA-256 hex of parts joined with `|`. Only the last part may contain `|` (it is the client's free-form key),
 * which keeps the encoding unambiguous; any other part containing `|` throws.
 * @example hashParts(["usr_1", "orders.place", "5f0c8a52"]) // 64 hex chars
 */
export function hashParts(parts: readonly string[]): string {
  parts.forEach((p, i) => {
    if (i < parts.length - 1 && p.includes("|")) throw new RangeError(`id part ${i} must not contain "|"`);
  });
  return sha256Hex(parts.join("|"));
}

/**
 * `prefix_` + as many hex chars of hash(parts) as fit in 36 (32 for a 3-letter prefix = 128 bits).
 * @example deterministicId("ord", ["usr_1", "orders.place", "key"]) // "ord_3f9c…" (36 chars)
 */
export function deterministicId(prefix: string, parts: readonly string[]): string {
  if (!PREFIX_PATTERN.test(prefix)) throw new RangeError(`id prefix must be 2–4 lower-case letters, got ${prefix}`);
  return `${prefix}_${hashParts(parts).slice(0, 36 - prefix.length - 1)}`;
}

/**
 * sha256(user|route|Idempotency-Key), 64 hex: orders.idempotency_key_hash. Scoped to the caller and the route
 * so one user's key can never replay another's response (IETF draft security section).
 * @example idempotencyKeyHash("usr_1", "orders.place", "5f0c8a52-…")
 */
export function idempotencyKeyHash(userId: string, routeId: string, key: string): string {
  return hashParts([userId, routeId, key]);
}

/**
 * Row id of idempotency_keys: the first 32 hex chars of idempotencyKeyHash (schema pattern ^[0-9a-f]{32}$).
 * @example idempotencyRecordId("usr_1", "orders.cancel", "k1").length // 32
 */
export function idempotencyRecordId(userId: string, routeId: string, key: string): string {
  return idempotencyKeyHash(userId, routeId, key).slice(0, 32);
}

/** Route id of POST /orders (contracts placeOrderRoute.id). */
export const PLACE_ORDER_ROUTE_ID = "orders.place";

/**
 * The order row id for a (user, Idempotency-Key): `ord_` + the idempotency record id of POST /orders, so a
 * retry after a lost reply lands on the same order even if Redis forgot the claim (I1).
 * @example orderIdFor("usr_1", "5f0c8a52-6f7e-4b7e-9a51-1f1a2c3d4e5f") // "ord_…" (36 chars)
 */
export function orderIdFor(userId: string, idempotencyKey: string): string {
  return `ord_${idempotencyRecordId(userId, PLACE_ORDER_ROUTE_ID, idempotencyKey)}`;
}

/**
 * Refund intent id, also sent as X-Refund-Idempotency (Razorpay: 10–64 of [A-Za-z0-9_-]). `purpose` names
 * the refund uniquely within the order: "cancel", `late:<paymentId>`, `admin:<idempotencyRecordId>` …
 * @example refundIdFor("ord_…", "cancel") // "rfd_…"
 */
export function refundIdFor(orderId: string, purpose: string): string {
  return deterministicId("rfd", ["refund", orderId, purpose]);
}

/**
 * coupon_redemptions row id: one per (coupon, user, slot 1..per_user_limit), so two concurrent orders cannot
 * both take a user's last use (I10).
 * @example redemptionIdFor("cpn_1", "usr_1", 1)
 */
export function redemptionIdFor(couponId: string, userId: string, slot: number): string {
  if (!Number.isInteger(slot) || slot < 1 || slot > 100) throw new RangeError(`slot must be 1..100, got ${slot}`);
  return deterministicId("red", [couponId, userId, String(slot)]);
}

/**
 * dispatch_offers row id: one offer per (order, round), even with two sweepers.
 * @example dispatchOfferIdFor("ord_…", 2)
 */
export function dispatchOfferIdFor(orderId: string, round: number): string {
  return deterministicId("ofr", [orderId, String(round)]);
}

/**
 * notifications.event_key: cause + recipient, e.g. `order:<id>:order_accepted:<userId>` (≤128 chars).
 * @example notificationEventKey("order", "ord_1", "order_accepted", "usr_1") // "order:ord_1:order_accepted:usr_1"
 */
export function notificationEventKey(subject: string, subjectId: string, kind: string, recipientId: string): string {
  const key = `${subject}:${subjectId}:${kind}:${recipientId}`;
  if (key.length > 128) throw new RangeError("notification event key longer than 128 chars");
  return key;
}

/**
 * notifications row id from its event key: a DB event delivered twice creates one notification.
 * @example notificationIdFor("order:ord_1:order_accepted:usr_1") // "ntf_…"
 */
export function notificationIdFor(eventKey: string): string {
  return deterministicId("ntf", ["notification", eventKey]);
}

export type LedgerTxnKind = "capture" | "cod" | "settle" | "retain" | "refund" | "payout" | "cod_net" | "adjust";

/**
 * ledger_entries.txn_id: `<kind>:<reference>` (≤64 chars), e.g. `capture:pay_…`, `settle:ord_…`.
 * @example ledgerTxnId("settle", "ord_1") // "settle:ord_1"
 */
export function ledgerTxnId(kind: LedgerTxnKind, reference: string): string {
  const id = `${kind}:${reference}`;
  if (id.length > 64) throw new RangeError("ledger txn id longer than 64 chars");
  return id;
}

/**
 * ledger_entries row id for (txn, account, kind) — the same triple the unique index guards.
 * @example ledgerEntryIdFor("settle:ord_1", "restaurant:rst_1", "restaurant_share") // "led_…"
 */
export function ledgerEntryIdFor(txnId: string, account: string, kind: string): string {
  return deterministicId("led", [txnId, account, kind]);
}

// ---- order numbers ---------------------------------------------------------------------------------------

export const ORDER_NUMBER_PREFIX = "CHZ";

function yymmdd(at: Date): string {
  return istDate(at).slice(2).replaceAll("-", "");
}

/**
 * counters row name for the day's order-number sequence (IST business day).
 * @example orderNumberCounterName(new Date("2026-11-26T10:00:00Z")) // "order_number:261126"
 */
export function orderNumberCounterName(at: Date): string {
  return `order_number:${yymmdd(at)}`;
}

/**
 * Human order number from the day's gapless counter (preferred: unique by construction, short to read out):
 * `CHZ-YYMMDD-NNNN`, 4–8 digits (schema ORDER_NUMBER_PATTERN).
 * @example orderNumberFromSequence(new Date("2026-11-26T10:00:00Z"), 42) // "CHZ-261126-0042"
 */
export function orderNumberFromSequence(at: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999_999) throw new RangeError(`sequence must be 1..99999999, got ${sequence}`);
  return `${ORDER_NUMBER_PREFIX}-${yymmdd(at)}-${String(sequence).padStart(4, "0")}`;
}

/**
 * Order number derived from the order id when no counter is wanted: `CHZ-YYMMDD-` + 8 digits of
 * hash(orderId|attempt). Collision odds within one day of n orders ≈ 1 − e^(−n²/2·10⁸): 0.5 % at 1 000,
 * 39 % at 10 000 orders/day — so uniq_order_number WILL fire at scale; on 409 retry with attempt + 1 (a retry
 * collides with probability n/10⁸). Prefer orderNumberFromSequence.
 * @example orderNumberFromId("ord_…", new Date()) // "CHZ-261126-48213907"
 */
export function orderNumberFromId(orderId: string, at: Date, attempt = 0): string {
  const d = sha256(`${orderId}|${attempt}`);
  const n = (((d[0] ?? 0) << 24) | ((d[1] ?? 0) << 16) | ((d[2] ?? 0) << 8) | (d[3] ?? 0)) >>> 0;
  return `${ORDER_NUMBER_PREFIX}-${yymmdd(at)}-${String(n % 100_000_000).padStart(8, "0")}`;
}

// ---- short codes -----------------------------------------------------------------------------------------

/**
 * A 4-digit code (pickup code, delivery OTP) from caller-provided randomness (a uint32 from
 * crypto.getRandomValues). `r mod 10⁴` has a bias of 2.3·10⁻⁶ relative — negligible for a code whose
 * guessing is limited by attempts (orders.delivery_otp_attempts).
 * @example fourDigitCode(crypto.getRandomValues(new Uint32Array(1))[0]) // "0427"
 */
export function fourDigitCode(randomUint32: number): string {
  if (!Number.isInteger(randomUint32) || randomUint32 < 0 || randomUint32 > 0xffffffff) throw new RangeError("need a uint32");
  return String(randomUint32 % 10_000).padStart(4, "0");
}

/**
 * orders.delivery_otp_hash = sha256(otp|orderId). The order id stops one precomputed table from covering
 * every order; a 4-digit space is still brute-forceable offline, so the real guard is the attempt limit and
 * the row's admin-only read permission.
 * @example deliveryOtpHash("ord_1", "0427")
 */
export function deliveryOtpHash(orderId: string, otp: string): string {
  if (!/^\d{4}$/.test(otp)) throw new RangeError("OTP must be 4 digits");
  return sha256Hex(`${otp}|${orderId}`);
}

/**
 * Check an OTP against the stored hash; compares every character so timing does not leak the prefix.
 * @example verifyDeliveryOtp("ord_1", "0427", row.delivery_otp_hash) // true | false
 */
export function verifyDeliveryOtp(orderId: string, otp: string, storedHash: string): boolean {
  if (!/^\d{4}$/.test(otp)) return false;
  const actual = sha256Hex(`${otp}|${orderId}`);
  if (actual.length !== storedHash.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual.charCodeAt(i) ^ storedHash.charCodeAt(i);
  return diff === 0;
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  APPWRITE_ID_PATTERN,
  deliveryOtpHash,
  deterministicId,
  dispatchOfferIdFor,
  fourDigitCode,
  hashParts,
  idempotencyKeyHash,
  idempotencyRecordId,
  ledgerEntryIdFor,
  ledgerTxnId,
  notificationEventKey,
  notificationIdFor,
  orderIdFor,
  orderNumberCounterName,
  orderNumberFromId,
  orderNumberFromSequence,
  redemptionIdFor,
  refundIdFor,
  verifyDeliveryOtp,
} from "./ids";
import { sha256Hex } from "./sha256";

// Schema patterns, restated so a drift shows up here.
const ORDER_NUMBER_PATTERN = /^[A-Z]{3}-\d{6}-\d{4,8}$/;
const REFUND_IDEMPOTENCY = /^[A-Za-z0-9_-]{10,64}$/;

describe("deterministic ids", () => {
  it("are stable, prefixed and valid Appwrite ids", () => {
    const id = orderIdFor("usr_1", "5f0c8a52-6f7e-4b7e-9a51-1f1a2c3d4e5f");
    expect(id).toBe(orderIdFor("usr_1", "5f0c8a52-6f7e-4b7e-9a51-1f1a2c3d4e5f"));
    expect(id).toMatch(/^ord_[0-9a-f]{32}$/);
    expect(id).toHaveLength(36);
    for (const x of [refundIdFor(id, "cancel"), redemptionIdFor("cpn_1", "usr_1", 1), dispatchOfferIdFor(id, 2), notificationIdFor("order:x:y:z"), ledgerEntryIdFor("settle:x", "customer", "payment")]) {
      expect(x).toMatch(APPWRITE_ID_PATTERN);
    }
    expect(refundIdFor(id, "cancel")).toMatch(REFUND_IDEMPOTENCY);
  });
  it("tie the order id to the idempotency record of POST /orders", () => {
    const hash = idempotencyKeyHash("usr_1", "orders.place", "k");
    expect(hash).toBe(sha256Hex("usr_1|orders.place|k"));
    expect(idempotencyRecordId("usr_1", "orders.place", "k")).toBe(hash.slice(0, 32));
    expect(orderIdFor("usr_1", "k")).toBe(`ord_${hash.slice(0, 32)}`);
  });
  it("differ by user, route, key and slot", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,20}$/), fc.stringMatching(/^[a-z0-9]{1,20}$/), fc.string({ minLength: 1, maxLength: 60 }), (u1, u2, key) => {
        fc.pre(u1 !== u2);
        expect(orderIdFor(u1, key)).not.toBe(orderIdFor(u2, key));
        expect(idempotencyRecordId(u1, "orders.place", key)).not.toBe(idempotencyRecordId(u1, "orders.cancel", key));
        expect(orderIdFor(u1, key)).toMatch(APPWRITE_ID_PATTERN);
      }),
    );
    expect(redemptionIdFor("c", "u", 1)).not.toBe(redemptionIdFor("c", "u", 2));
  });
  it("keep the encoding unambiguous", () => {
    expect(() => hashParts(["a|b", "c"])).toThrow(RangeError);
    expect(hashParts(["a", "b|c"])).toBe(sha256Hex("a|b|c")); // only the last part may carry "|"
    expect(() => deterministicId("ORD", ["x"])).toThrow(RangeError);
    expect(() => redemptionIdFor("c", "u", 0)).toThrow(RangeError);
  });
  it("build event keys and txn ids within the column sizes", () => {
    expect(notificationEventKey("order", "ord_1", "order_accepted", "usr_1")).toBe("order:ord_1:order_accepted:usr_1");
    expect(ledgerTxnId("capture", "pay_N1234567890abcd")).toBe("capture:pay_N1234567890abcd");
    expect(() => ledgerTxnId("settle", "x".repeat(60))).toThrow(RangeError);
  });
});

describe("order numbers", () => {
  it("use the IST business day and the schema pattern", () => {
    const late = new Date("2026-11-26T19:00:00Z"); // 00:30 IST on the 27th
    expect(orderNumberFromSequence(late, 42)).toBe("CHZ-261127-0042");
    expect(orderNumberFromSequence(late, 12_345_678)).toBe("CHZ-261127-12345678");
    expect(orderNumberCounterName(late)).toBe("order_number:261127");
    expect(() => orderNumberFromSequence(late, 0)).toThrow(RangeError);
    const fromId = orderNumberFromId("ord_abc", late);
    expect(fromId).toMatch(ORDER_NUMBER_PATTERN);
    expect(fromId).toBe(orderNumberFromId("ord_abc", late));
    expect(orderNumberFromId("ord_abc", late, 1)).not.toBe(fromId);
  });
  it("hash-derived numbers spread evenly (no clustering beyond birthday odds)", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) seen.add(orderNumberFromId(`ord_${i}`, new Date("2026-11-26T10:00:00Z")));
    // Expected collisions among 2 000 in 10⁸: ~0.02; allow a couple.
    expect(seen.size).toBeGreaterThanOrEqual(1_998);
  });
});

describe("codes and OTPs", () => {
  it("produce 4 digits from a uint32", () => {
    expect(fourDigitCode(0)).toBe("0000");
    expect(fourDigitCode(427)).toBe("0427");
    expect(fourDigitCode(0xffffffff)).toBe("7295");
    expect(() => fourDigitCode(-1)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (r) => {
        expect(fourDigitCode(r)).toMatch(/^\d{4}$/);
      }),
    );
  });
  it("hash and verify delivery OTPs per order", () => {
    const h = deliveryOtpHash("ord_1", "0427");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyDeliveryOtp("ord_1", "0427", h)).toBe(true);
    expect(verifyDeliveryOtp("ord_1", "0428", h)).toBe(false);
    expect(verifyDeliveryOtp("ord_2", "0427", h)).toBe(false);
    expect(verifyDeliveryOtp("ord_1", "427", h)).toBe(false);
  });
});

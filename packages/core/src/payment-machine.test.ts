import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPaymentEvent, initialPaymentState, paymentRank, replayParked } from "./payment-machine";
import type { PaymentEvent, PaymentState } from "./payment-machine";

const AMOUNT = 78_710;
const fold = (events: readonly PaymentEvent[], start = initialPaymentState(AMOUNT)): PaymentState => events.reduce((s, e) => applyPaymentEvent(s, e).state, start);

/** What the webhook service does: apply; park what cannot apply yet; after an applied event, replay the parked ones. */
function deliver(events: readonly PaymentEvent[]): { state: PaymentState; parked: PaymentEvent[]; ranks: number[] } {
  let state = initialPaymentState(AMOUNT);
  let parked: PaymentEvent[] = [];
  const ranks = [paymentRank(state.status)];
  for (const e of events) {
    const r = applyPaymentEvent(state, e);
    if (r.outcome === "park") parked.push(e);
    state = r.state;
    if (r.outcome === "applied" && parked.length > 0) ({ state, parked } = replayParked(state, parked));
    ranks.push(paymentRank(state.status));
  }
  return { state, parked, ranks };
}

describe("applyPaymentEvent", () => {
  it("moves forward and ignores stale events", () => {
    const s1 = applyPaymentEvent(initialPaymentState(AMOUNT), { type: "payment.failed", paymentId: "pay_a" });
    expect(s1).toMatchObject({ outcome: "applied", state: { status: "failed" } });
    // Late authorisation: failed → authorized.
    const s2 = applyPaymentEvent(s1.state, { type: "payment.authorized", paymentId: "pay_b", amountPaise: AMOUNT });
    expect(s2).toMatchObject({ outcome: "applied", state: { status: "authorized", paymentId: "pay_b" } });
    const s3 = applyPaymentEvent(s2.state, { type: "payment.captured", paymentId: "pay_b", amountPaise: AMOUNT });
    expect(s3).toMatchObject({ outcome: "applied", state: { status: "captured", capturedPaise: AMOUNT } });
    expect(applyPaymentEvent(s3.state, { type: "payment.failed", paymentId: "pay_a" })).toMatchObject({ outcome: "ignored", reason: "stale" });
    expect(applyPaymentEvent(s3.state, { type: "payment.authorized", paymentId: "pay_b", amountPaise: AMOUNT })).toMatchObject({ outcome: "ignored", reason: "stale" });
    expect(applyPaymentEvent(s3.state, { type: "order.paid", paymentId: "pay_b", amountPaise: AMOUNT })).toMatchObject({ outcome: "ignored", reason: "duplicate" });
    expect(applyPaymentEvent(s3.state, { type: "payment.captured", paymentId: "pay_c", amountPaise: AMOUNT })).toMatchObject({ outcome: "ignored", reason: "second_payment" });
  });

  it("rejects amounts that do not match the order and refunds beyond the capture", () => {
    expect(applyPaymentEvent(initialPaymentState(AMOUNT), { type: "payment.captured", paymentId: "pay_b", amountPaise: 1 })).toMatchObject({ outcome: "rejected", reason: "amount_mismatch" });
    const captured = fold([{ type: "payment.captured", paymentId: "pay_b", amountPaise: AMOUNT }]);
    const r = applyPaymentEvent(captured, { type: "refund.processed", refundId: "rfnd_1", paymentId: "pay_b", amountPaise: AMOUNT + 1 });
    expect(r).toMatchObject({ outcome: "rejected", reason: "refund_exceeds_capture" });
  });

  it("tracks partial and full refunds; a failed refund stays owed", () => {
    const captured = fold([{ type: "payment.captured", paymentId: "pay_b", amountPaise: AMOUNT }]);
    const pending = fold([{ type: "refund.created", refundId: "rfnd_1", paymentId: "pay_b", amountPaise: 10_000 }], captured);
    expect(pending.status).toBe("refund_pending");
    const partial = fold([{ type: "refund.processed", refundId: "rfnd_1", paymentId: "pay_b", amountPaise: 10_000 }], pending);
    expect(partial.status).toBe("partially_refunded");
    const failed = fold([{ type: "refund.failed", refundId: "rfnd_2", paymentId: "pay_b", amountPaise: 68_710 }], partial);
    expect(failed.status).toBe("partially_refunded");
    const full = fold([{ type: "refund.processed", refundId: "rfnd_3", paymentId: "pay_b", amountPaise: 68_710 }], failed);
    expect(full.status).toBe("refunded");
    expect(fold([{ type: "refund.failed", refundId: "rfnd_9", paymentId: "pay_b", amountPaise: 5 }], captured).status).toBe("refund_pending");
  });

  it("parks refunds that arrive before the capture and converges on replay (the fast-check counterexample of the note)", () => {
    const early = applyPaymentEvent(initialPaymentState(AMOUNT), { type: "refund.processed", refundId: "rfnd_1", paymentId: "pay_b", amountPaise: AMOUNT });
    expect(early).toMatchObject({ outcome: "park", reason: "not_captured_yet" });
    const { state, parked } = deliver([
      { type: "refund.processed", refundId: "rfnd_1", paymentId: "pay_b", amountPaise: AMOUNT },
      { type: "payment.captured", paymentId: "pay_b", amountPaise: AMOUNT },
    ]);
    expect(parked).toEqual([]);
    expect(state.status).toBe("refunded");
  });

  it("lets a capture beat our void (then the order machine refunds it)", () => {
    const voided = fold([
      { type: "payment.authorized", paymentId: "pay_b", amountPaise: AMOUNT },
      { type: "authorization.voided", paymentId: "pay_b" },
    ]);
    expect(voided.status).toBe("voided");
    expect(fold([{ type: "payment.captured", paymentId: "pay_b", amountPaise: AMOUNT }], voided).status).toBe("captured");
    // Voided before the authorisation webhook arrived: the late authorisation is stale.
    const early = fold([{ type: "authorization.voided", paymentId: "pay_b" }, { type: "payment.authorized", paymentId: "pay_b", amountPaise: AMOUNT }]);
    expect(early).toMatchObject({ status: "voided", paymentId: "pay_b" });
  });

  // One payment's true history, in order, from which deliveries are permuted and duplicated.
  const history = fc
    .record({
      failures: fc.integer({ min: 0, max: 2 }),
      path: fc.constantFrom("captured", "voided", "voided_then_captured", "authorized_only", "captured_via_order_paid"),
      refunds: fc.array(fc.record({ amount: fc.integer({ min: 1, max: 30_000 }), outcome: fc.constantFrom("processed", "failed", "pending") }), { maxLength: 4 }),
    })
    .map(({ failures, path, refunds }) => {
      const events: PaymentEvent[] = [];
      for (let i = 0; i < failures; i++) events.push({ type: "payment.failed", paymentId: `pay_f${i}` });
      events.push({ type: "payment.authorized", paymentId: "pay_ok", amountPaise: AMOUNT });
      if (path === "voided" || path === "voided_then_captured") events.push({ type: "authorization.voided", paymentId: "pay_ok" });
      const captures = path === "captured" || path === "voided_then_captured" || path === "captured_via_order_paid";
      if (path === "captured_via_order_paid") events.push({ type: "order.paid", paymentId: "pay_ok", amountPaise: AMOUNT });
      else if (captures) events.push({ type: "payment.captured", paymentId: "pay_ok", amountPaise: AMOUNT });
      if (captures) {
        let processed = 0;
        refunds.forEach((r, i) => {
          const refundId = `rfnd_${i}`;
          events.push({ type: "refund.created", refundId, paymentId: "pay_ok", amountPaise: r.amount });
          if (r.outcome === "processed" && processed + r.amount <= AMOUNT) {
            processed += r.amount;
            events.push({ type: "refund.processed", refundId, paymentId: "pay_ok", amountPaise: r.amount });
          } else if (r.outcome === "failed") events.push({ type: "refund.failed", refundId, paymentId: "pay_ok", amountPaise: r.amount });
        });
      }
      return events;
    });

  it("any permutation with duplicates ends where in-order delivery ends, with nothing left parked (R4)", () => {
    fc.assert(
      fc.property(
        history.chain((events) =>
          fc.tuple(
            fc.constant(events),
            // Each event delivered 1–3 times, then shuffled.
            fc.array(fc.integer({ min: 1, max: 3 }), { minLength: events.length, maxLength: events.length }),
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: events.length * 3, maxLength: events.length * 3 }),
          ),
        ),
        ([events, copies, keys]) => {
          const inOrder = deliver(events);
          expect(inOrder.parked).toEqual([]);
          const deliveries = events.flatMap((e, i) => Array.from({ length: copies[i] ?? 1 }, () => e));
          const shuffled = deliveries
            .map((e, i) => ({ e, k: keys[i] ?? 0, i }))
            .sort((a, b) => a.k - b.k || a.i - b.i)
            .map((x) => x.e);
          const out = deliver(shuffled);
          expect(out.parked).toEqual([]);
          expect(out.state).toEqual(inOrder.state);
          // Forward-only: the status rank never decreases along any delivery order.
          out.ranks.forEach((r, i) => i > 0 && expect(r).toBeGreaterThanOrEqual(out.ranks[i - 1] ?? 0));
        },
      ),
      { numRuns: 1_500 },
    );
  });
});

// One Razorpay payment's state, fed by webhooks (at-least-once, unordered) and the reconciler's fetches.
// The state is built so that applying an event is a "join": status only moves up its rank, refunds are keyed
// by refund id and each refund's status only moves up too. That makes every event idempotent and the final
// state independent of delivery order — except refund events that arrive before the capture they refund,
// which cannot be judged yet: those are reported as `park` (stored with status `parked`, I6) and replayed
// after the next applied event. Property-tested: any permutation with duplicates, with parking and replay,
// ends exactly where in-order delivery ends.
import type { PaymentStatus } from "@chizze/schema/enums";

export type PaymentEvent =
  | { type: "payment.authorized"; paymentId: string; amountPaise: number }
  | { type: "payment.captured"; paymentId: string; amountPaise: number }
  /** order.paid carries the captured payment; treated as payment.captured. */
  | { type: "order.paid"; paymentId: string; amountPaise: number }
  | { type: "payment.failed"; paymentId: string }
  | { type: "refund.created"; refundId: string; paymentId: string; amountPaise: number }
  | { type: "refund.processed"; refundId: string; paymentId: string; amountPaise: number }
  | { type: "refund.failed"; refundId: string; paymentId: string; amountPaise: number }
  /** Ours, not Razorpay's: we decided not to capture this payment (the order died first); an authorisation lapses. */
  | { type: "authorization.voided"; paymentId: string };

export type RefundState = "pending" | "failed" | "processed";

export interface PaymentState {
  status: PaymentStatus;
  /** What the order says must be paid; webhook amounts must match (I8). */
  amountPaise: number;
  /** The authorised/captured payment (failed attempts are not recorded: several may race). */
  paymentId: string | null;
  capturedPaise: number;
  refunds: Record<string, { amountPaise: number; status: RefundState }>;
}

export type ApplyOutcome =
  | { outcome: "applied"; state: PaymentState }
  /** Nothing new: a duplicate or an event overtaken by a later state. */
  | { outcome: "ignored"; state: PaymentState; reason: "duplicate" | "stale" | "second_payment" }
  /** Cannot be judged yet (refund before capture): store as parked and replay later. */
  | { outcome: "park"; state: PaymentState; reason: "not_captured_yet" }
  /** Contradicts the order: never applied, alert (I8/I5). */
  | { outcome: "rejected"; state: PaymentState; reason: "amount_mismatch" | "refund_exceeds_capture" };

/**
 * Forward order of online payment statuses (the late-authorisation exception failed → authorized is forward
 * here by construction). voided sits between authorized and captured: a capture that lands after we voided
 * still wins, and the order machine refunds it (I12). COD statuses are not part of this machine.
 */
export const PAYMENT_RANK: Partial<Record<PaymentStatus, number>> = {
  pending: 0,
  failed: 1,
  authorized: 2,
  voided: 3,
  captured: 4,
  refund_pending: 5,
  partially_refunded: 6,
  refunded: 7,
};

const REFUND_RANK: Record<RefundState, number> = { pending: 0, failed: 1, processed: 2 };

/**
 * Rank of a payment status (−1 for COD statuses, which this machine never produces).
 * @example paymentRank("captured") > paymentRank("authorized") // true
 */
export function paymentRank(status: PaymentStatus): number {
  return PAYMENT_RANK[status] ?? -1;
}

/**
 * A fresh state for an online order's payment.
 * @example initialPaymentState(78_710) // { status: "pending", amountPaise: 78710, paymentId: null, capturedPaise: 0, refunds: {} }
 */
export function initialPaymentState(amountPaise: number): PaymentState {
  return { status: "pending", amountPaise, paymentId: null, capturedPaise: 0, refunds: {} };
}

function deriveRefundStatus(s: PaymentState): PaymentStatus {
  const processed = Object.values(s.refunds).reduce((sum, r) => sum + (r.status === "processed" ? r.amountPaise : 0), 0);
  if (processed >= s.capturedPaise && processed > 0) return "refunded";
  if (processed > 0) return "partially_refunded";
  // A failed refund is still owed (the reconciler re-issues it), so it keeps the payment in refund_pending.
  if (Object.keys(s.refunds).length > 0) return "refund_pending";
  return "captured";
}

const isCaptured = (s: PaymentState) => paymentRank(s.status) >= paymentRank("captured");

/**
 * Apply one event. Pure: returns the next state and what happened, for the payment_events row
 * (applied / ignored / parked / rejected).
 * @example
 * applyPaymentEvent(initialPaymentState(50_000), { type: "refund.processed", refundId: "rfnd_1", paymentId: "pay_1", amountPaise: 50_000 })
 * // { outcome: "park", reason: "not_captured_yet", … }
 */
export function applyPaymentEvent(state: PaymentState, event: PaymentEvent): ApplyOutcome {
  switch (event.type) {
    case "payment.failed":
      if (state.status === "pending") return { outcome: "applied", state: { ...state, status: "failed" } };
      return { outcome: "ignored", state, reason: state.status === "failed" ? "duplicate" : "stale" };

    case "payment.authorized":
      if (event.amountPaise !== state.amountPaise) return { outcome: "rejected", state, reason: "amount_mismatch" };
      if (paymentRank(state.status) < paymentRank("authorized")) return { outcome: "applied", state: { ...state, status: "authorized", paymentId: event.paymentId } };
      return { outcome: "ignored", state, reason: state.status === "authorized" && state.paymentId === event.paymentId ? "duplicate" : "stale" };

    case "authorization.voided":
      // "Do not capture this payment" may be decided before its authorised webhook arrives (the order expired
      // first), so it applies from pending/failed too; the late payment.authorized is then stale.
      if (paymentRank(state.status) < paymentRank("voided")) return { outcome: "applied", state: { ...state, status: "voided", paymentId: event.paymentId } };
      return { outcome: "ignored", state, reason: state.status === "voided" ? "duplicate" : "stale" };

    case "payment.captured":
    case "order.paid": {
      if (event.amountPaise !== state.amountPaise) return { outcome: "rejected", state, reason: "amount_mismatch" };
      if (isCaptured(state)) {
        // Same payment again: duplicate. Another payment captured on a paid order: the service refunds it (I3).
        return { outcome: "ignored", state, reason: state.paymentId === event.paymentId ? "duplicate" : "second_payment" };
      }
      const next: PaymentState = { ...state, paymentId: event.paymentId, capturedPaise: event.amountPaise, status: "captured" };
      return { outcome: "applied", state: { ...next, status: deriveRefundStatus(next) } };
    }

    case "refund.created":
    case "refund.processed":
    case "refund.failed": {
      if (!isCaptured(state)) return { outcome: "park", state, reason: "not_captured_yet" };
      const incoming: RefundState = event.type === "refund.created" ? "pending" : event.type === "refund.processed" ? "processed" : "failed";
      const existing = state.refunds[event.refundId];
      if (existing && REFUND_RANK[existing.status] >= REFUND_RANK[incoming]) return { outcome: "ignored", state, reason: existing.status === incoming ? "duplicate" : "stale" };
      const refunds = { ...state.refunds, [event.refundId]: { amountPaise: event.amountPaise, status: incoming } };
      const processed = Object.values(refunds).reduce((sum, r) => sum + (r.status === "processed" ? r.amountPaise : 0), 0);
      if (processed > state.capturedPaise || event.amountPaise > state.capturedPaise) return { outcome: "rejected", state, reason: "refund_exceeds_capture" };
      const next = { ...state, refunds };
      return { outcome: "applied", state: { ...next, status: deriveRefundStatus(next) } };
    }
  }
}

/**
 * Re-apply parked events until none of them can make progress (call after any `applied` outcome, and from the
 * reconciler). Returns the new state and the events still parked.
 * @example const { state, parked } = replayParked(afterCapture, parkedEvents);
 */
export function replayParked(state: PaymentState, parked: readonly PaymentEvent[]): { state: PaymentState; parked: PaymentEvent[]; outcomes: ApplyOutcome[] } {
  let current = state;
  let waiting = [...parked];
  const outcomes: ApplyOutcome[] = [];
  for (;;) {
    const still: PaymentEvent[] = [];
    let progressed = false;
    for (const e of waiting) {
      const r = applyPaymentEvent(current, e);
      if (r.outcome === "park") {
        still.push(e);
        continue;
      }
      outcomes.push(r);
      current = r.state;
      progressed = true;
    }
    waiting = still;
    if (!progressed || waiting.length === 0) return { state: current, parked: waiting, outcomes };
  }
}

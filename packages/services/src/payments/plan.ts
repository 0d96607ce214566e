// What one Razorpay event does, decided without I/O: core's payment machine judges the event against the state
// rebuilt from the payments row and its refunds, and this file turns the outcome into writes — the payments row,
// a refund row, an order event or payment status, ledger postings, a refund call to make after the commit.
// apply.ts carries a plan out in one transaction; the in-memory property test drives this file directly.
//
// Money that must go back is decided here, exactly once, with deterministic refund ids:
//   captured on an order that died first ............ refund `late:<paymentId>` of the whole capture (I12)
//   a second, different payment captured ............ refund `dup:<paymentId>` of that payment (I3)
//   authorised on an order that died first ........... not captured: voided, Razorpay lets it lapse (I12)
// A payment.failed never kills the order (the customer may retry on the same Razorpay order); only the payment
// status moves.
import type { OrderStatus, PaymentStatus, RefundReason, RefundStatus } from "@chizze/schema/enums";
import {
  applyPaymentEvent,
  paymentCapturedTxn,
  paymentRank,
  refundIdFor,
  refundTxn,
  type LedgerTxn,
  type PaymentEvent,
  type PaymentState,
  type RefundState,
} from "@chizze/core";
import type { EventFacts } from "./events";

export interface PaymentView {
  status: PaymentStatus;
  amountPaise: number;
  currency: string;
  razorpayPaymentId: string | null;
  amountRefundedPaise: number;
}

export interface RefundView {
  id: string;
  razorpayRefundId: string | null;
  razorpayPaymentId: string | null;
  amountPaise: number;
  status: RefundStatus;
}

export interface OrderView {
  id: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  totalPaise: number;
}

/** The rows an event is judged against. */
export interface Snapshot {
  payment: PaymentView;
  refunds: RefundView[];
  order: OrderView;
}

export type EventStatus = "applied" | "parked" | "ignored" | "rejected";

export interface PaymentChange {
  status: PaymentStatus;
  razorpayPaymentId?: string;
  /** Which timestamp column this event stamps. */
  stamp?: "authorized" | "captured" | "failed";
  method?: string | null;
  error?: { code: string | null; description: string | null };
  amountRefundedPaise?: number;
}

export interface NewRefund {
  id: string;
  amountPaise: number;
  razorpayPaymentId: string;
  razorpayRefundId: string | null;
  status: RefundStatus;
  reason: RefundReason;
  /** Counts against orders.amount_refunded_paise (the order's own payment; a duplicate payment does not). */
  countsAgainstOrder: boolean;
}

export interface RefundChange {
  id: string;
  razorpayRefundId: string;
  status: RefundStatus;
}

export interface OrderChange {
  /** Through applyOrderEvent (order_events row, machine effects); null = payment status only. */
  event: "payment_authorized" | "payment_captured" | null;
  paymentStatus: PaymentStatus | null;
}

export interface Plan {
  status: EventStatus;
  reason: string | null;
  payment: PaymentChange | null;
  refundCreate: NewRefund | null;
  refundUpdate: RefundChange | null;
  order: OrderChange | null;
  ledger: LedgerTxn[];
  /** Refund row to send to Razorpay after the commit. */
  issueRefund: string | null;
}

const NOTHING = { payment: null, refundCreate: null, refundUpdate: null, order: null, ledger: [], issueRefund: null } as const;
const only = (status: EventStatus, reason: string | null): Plan => ({ ...NOTHING, ledger: [], status, reason });

/** Orders whose money is no longer wanted: anything captured for them goes back. */
export const DEAD_ORDER_STATUSES: readonly OrderStatus[] = ["payment_failed", "expired", "cancelled", "rejected", "archived"];
/** Dead statuses the order machine takes payment events in (a recorded no-op edge). */
const MACHINE_DEAD: readonly OrderStatus[] = ["payment_failed", "expired", "cancelled", "rejected"];
/** Order payment statuses that follow the payment's refund progress. */
const CAPTURED_FAMILY: readonly PaymentStatus[] = ["captured", "refund_pending", "partially_refunded", "refunded"];

const REFUND_STATE: Record<RefundStatus, RefundState> = { pending: "pending", failed: "failed", processed: "processed" };

/**
 * core's PaymentState from the rows: the payment id counts once authorised; refunds are those Razorpay knows
 * (have a rfnd id) on that payment — refunds of a duplicate payment are not this payment's.
 */
export function paymentStateOf(s: Snapshot): PaymentState {
  const rank = paymentRank(s.payment.status);
  const paymentId = rank >= paymentRank("authorized") ? s.payment.razorpayPaymentId : null;
  const refunds: PaymentState["refunds"] = {};
  for (const r of s.refunds) {
    if (!r.razorpayRefundId) continue;
    if (r.razorpayPaymentId !== null && r.razorpayPaymentId !== paymentId) continue;
    refunds[r.razorpayRefundId] = { amountPaise: r.amountPaise, status: REFUND_STATE[r.status] };
  }
  return {
    status: rank < 0 ? "pending" : s.payment.status,
    amountPaise: s.payment.amountPaise,
    paymentId,
    capturedPaise: rank >= paymentRank("captured") ? s.payment.amountPaise : 0,
    refunds,
  };
}

const isRefundEvent = (e: PaymentEvent): e is Extract<PaymentEvent, { type: "refund.created" | "refund.processed" | "refund.failed" }> =>
  e.type === "refund.created" || e.type === "refund.processed" || e.type === "refund.failed";

const refundStatusOf = (t: "refund.created" | "refund.processed" | "refund.failed"): RefundStatus => (t === "refund.processed" ? "processed" : t === "refund.failed" ? "failed" : "pending");
const REFUND_RANK: Record<RefundStatus, number> = { pending: 0, failed: 1, processed: 2 };

/** The refund row an event is about: by Razorpay id, else by the chizze_refund_id we put in its notes. */
function refundRowFor(s: Snapshot, razorpayRefundId: string, chizzeRefundId: string | null): RefundView | undefined {
  return s.refunds.find((r) => r.razorpayRefundId === razorpayRefundId) ?? (chizzeRefundId ? s.refunds.find((r) => r.id === chizzeRefundId && !r.razorpayRefundId) : undefined);
}

/**
 * Decide what an event does.
 * @example planPaymentEvent(snapshot, readRazorpayEvent(envelope)) // { status: "applied", order: { event: "payment_captured", … }, … }
 */
export function planPaymentEvent(s: Snapshot, f: EventFacts): Plan {
  const e = f.event;
  if (!e) return only("ignored", `not a payment event: ${f.name}`);
  if (f.currency !== null && f.currency !== s.payment.currency) return only("rejected", "currency_mismatch");
  const state = paymentStateOf(s);
  const captured = paymentRank(state.status) >= paymentRank("captured");
  if (isRefundEvent(e) && captured && e.paymentId !== state.paymentId) return planSideRefund(s, f, e);

  const r = applyPaymentEvent(state, e);
  switch (r.outcome) {
    case "rejected":
      return only("rejected", r.reason);
    case "park":
      return only("parked", r.reason);
    case "ignored":
      if (r.reason === "second_payment" && (e.type === "payment.captured" || e.type === "order.paid")) return planSecondPayment(s, e.paymentId, e.amountPaise);
      return only("ignored", r.reason);
    case "applied":
      return planApplied(s, f, e, r.state);
  }
}

function planApplied(s: Snapshot, f: EventFacts, e: PaymentEvent, next: PaymentState): Plan {
  const order = s.order;
  const dead = DEAD_ORDER_STATUSES.includes(order.status);
  switch (e.type) {
    case "payment.authorized": {
      const payment: PaymentChange = { status: next.status, razorpayPaymentId: e.paymentId, stamp: "authorized", method: f.method };
      if (order.status === "awaiting_payment") return { ...only("applied", null), payment, order: { event: "payment_authorized", paymentStatus: "authorized" } };
      if (dead) {
        // Never captured by us: voided, and Razorpay returns the hold after its capture window (I12).
        const voided = applyPaymentEvent(next, { type: "authorization.voided", paymentId: e.paymentId });
        const status = voided.state.status;
        return { ...only("applied", "late_authorization"), payment: { ...payment, status }, order: paymentRank(order.paymentStatus) < paymentRank(status) ? { event: null, paymentStatus: status } : null };
      }
      return { ...only("applied", null), payment };
    }
    case "payment.captured":
    case "order.paid": {
      const payment: PaymentChange = { status: next.status, razorpayPaymentId: e.paymentId, stamp: "captured", method: f.method };
      const ledger = [paymentCapturedTxn({ orderId: order.id, paymentId: e.paymentId, totalPaise: e.amountPaise })];
      if (order.status === "awaiting_payment") return { ...only("applied", null), payment, ledger, order: { event: "payment_captured", paymentStatus: next.status } };
      if (dead) {
        const id = refundIdFor(order.id, `late:${e.paymentId}`);
        if (s.refunds.some((x) => x.id === id)) return { ...only("applied", "late_capture_already_refunded"), payment, ledger };
        return {
          ...only("applied", "late_capture"),
          payment: { ...payment, status: "refund_pending" },
          refundCreate: { id, amountPaise: e.amountPaise, razorpayPaymentId: e.paymentId, razorpayRefundId: null, status: "pending", reason: "late_authorization", countsAgainstOrder: true },
          order: { event: MACHINE_DEAD.includes(order.status) ? "payment_captured" : null, paymentStatus: "refund_pending" },
          ledger: [...ledger, refundTxn({ refundId: id, orderId: order.id, amountPaise: e.amountPaise, settled: false })],
          issueRefund: id,
        };
      }
      // Live and past awaiting_payment without a captured payment on record: keep the order's status, fix the money.
      return { ...only("applied", null), payment, ledger, order: paymentRank(order.paymentStatus) < paymentRank(next.status) ? { event: null, paymentStatus: next.status } : null };
    }
    case "payment.failed": {
      const payment: PaymentChange = { status: next.status, razorpayPaymentId: e.paymentId, stamp: "failed", error: f.error ?? { code: null, description: null } };
      const orderChange = order.status === "awaiting_payment" && order.paymentStatus === "pending" ? { event: null, paymentStatus: "failed" as const } : null;
      return { ...only("applied", null), payment, order: orderChange };
    }
    case "refund.created":
    case "refund.processed":
    case "refund.failed": {
      const processed = Object.values(next.refunds).reduce((sum, x) => sum + (x.status === "processed" ? x.amountPaise : 0), 0);
      const plan: Plan = {
        ...only("applied", null),
        payment: { status: next.status, amountRefundedPaise: processed },
        order: CAPTURED_FAMILY.includes(order.paymentStatus) && order.paymentStatus !== next.status ? { event: null, paymentStatus: next.status } : null,
      };
      return withRefundRow(plan, s, f, e);
    }
    case "authorization.voided":
      return only("ignored", "internal event");
  }
}

/** Update the refund row an event is about, or create one for a refund we did not start (dashboard, support). */
function withRefundRow(plan: Plan, s: Snapshot, f: EventFacts, e: Extract<PaymentEvent, { type: "refund.created" | "refund.processed" | "refund.failed" }>): Plan {
  const status = refundStatusOf(e.type);
  const row = refundRowFor(s, e.refundId, f.chizzeRefundId);
  if (row) {
    if (row.razorpayRefundId === e.refundId && REFUND_RANK[row.status] >= REFUND_RANK[status]) return plan;
    const next = REFUND_RANK[row.status] > REFUND_RANK[status] ? row.status : status;
    return { ...plan, refundUpdate: { id: row.id, razorpayRefundId: e.refundId, status: next } };
  }
  // Ours (it carries our refund id) but its row is not here yet: wait for the event that writes it.
  if (f.chizzeRefundId) return only("parked", "refund_row_not_found_yet");
  const id = refundIdFor(s.order.id, `razorpay:${e.refundId}`);
  return {
    ...plan,
    reason: "refund_not_started_by_us",
    refundCreate: { id, amountPaise: e.amountPaise, razorpayPaymentId: e.paymentId, razorpayRefundId: e.refundId, status, reason: "other", countsAgainstOrder: true },
    ledger: [...plan.ledger, refundTxn({ refundId: id, orderId: s.order.id, amountPaise: e.amountPaise, settled: s.order.status === "delivered" || s.order.status === "archived" })],
  };
}

/** A refund of a payment other than the order's (the refund of a duplicate payment): only its row moves. */
function planSideRefund(s: Snapshot, f: EventFacts, e: Extract<PaymentEvent, { type: "refund.created" | "refund.processed" | "refund.failed" }>): Plan {
  const status = refundStatusOf(e.type);
  const row = refundRowFor(s, e.refundId, f.chizzeRefundId);
  // The refund of a duplicate payment whose capture we have not processed yet (its row is written then).
  if (!row) return only("parked", "refund_row_not_found_yet");
  if (row.razorpayRefundId === e.refundId && REFUND_RANK[row.status] >= REFUND_RANK[status]) return only("ignored", "duplicate");
  const next = REFUND_RANK[row.status] > REFUND_RANK[status] ? row.status : status;
  return { ...only("applied", "duplicate_payment_refund"), refundUpdate: { id: row.id, razorpayRefundId: e.refundId, status: next } };
}

/** I3: the order is paid, and another payment was captured on its Razorpay order. That payment goes back once. */
function planSecondPayment(s: Snapshot, paymentId: string, amountPaise: number): Plan {
  const id = refundIdFor(s.order.id, `dup:${paymentId}`);
  if (s.refunds.some((r) => r.id === id)) return only("ignored", "second_payment");
  return {
    ...only("applied", "second_payment"),
    refundCreate: { id, amountPaise, razorpayPaymentId: paymentId, razorpayRefundId: null, status: "pending", reason: "duplicate_payment", countsAgainstOrder: false },
    ledger: [paymentCapturedTxn({ orderId: s.order.id, paymentId, totalPaise: amountPaise }), refundTxn({ refundId: id, orderId: s.order.id, amountPaise, settled: false })],
    issueRefund: id,
  };
}

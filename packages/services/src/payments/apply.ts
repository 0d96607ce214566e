// The one place a Razorpay event takes effect. `applyRazorpayEvent(deps, eventRowId)` reads a recorded
// payment_events row, rebuilds the payment's state from its rows, asks the planner (plan.ts) what the event does,
// and writes all of it in ONE transaction: the payments row, a refund row, the ledger postings, the event row's
// final status — and, when the order moves, through applyOrderEvent so its order_events row and machine effects
// (coupon, accept timer) ride in the same transaction. Refund calls run after the commit, from the rows.
//
// Concurrency. The plan is made from reads outside the transaction; inside it the rows the plan rests on are read
// again (registering them for Appwrite's commit-time conflict check) and compared. A row that moved means the plan
// is stale: throw it away and plan again from fresh reads. Every applied payment event writes the payments row, so
// two events of one payment always serialise on it. Parking is checked again after its commit: an event parked
// while another event's commit made it applicable is applied at once (so nothing stays parked by a race), and
// every applied event replays the payment's parked events after its own commit.
import { Query } from "node-appwrite";
import { T, rowPermissions, type RowOf } from "@chizze/schema";
import type { PaymentEventStatus } from "@chizze/schema/enums";
import { toLedgerRows, type LedgerTxn } from "@chizze/core";
import { ApiError } from "@chizze/contracts/errors";
import { withTransaction, type Tx } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import { writeDoc } from "../json-doc";
import { applyOrderEvent, paymentRowIdFor, stageLedger, type OrderRow } from "../orders/transition";
import { readRazorpayEvent, recordRazorpayEvent, type EventFacts, type PaymentEventRow, type SyntheticEvent } from "./events";
import { planPaymentEvent, type Plan, type Snapshot } from "./plan";
import { refundComponents } from "./components";
import { issueRefund } from "./refunds";
import { METRICS } from "@chizze/platform/observability/metrics";

type PaymentRow = RowOf<typeof T.payments>;
type RefundRow = RowOf<typeof T.refunds>;

export interface ApplyResult {
  eventId: string;
  status: PaymentEventStatus;
  reason: string | null;
  orderId: string | null;
}

/** Event statuses that end an event's life; recorded and parked events are applied again. */
export const FINAL_EVENT_STATUSES: readonly PaymentEventStatus[] = ["applied", "ignored", "rejected"];

/** Plan → stale reads → plan again, at most this often, before leaving the event `recorded` for the reconciler. */
const MAX_ROUNDS = 8;
/** Parked events replayed after an applied one (per payment; more wait for the reconciler). */
const MAX_REPLAY = 50;

class StalePlan extends Error {
  constructor(what: string) {
    super(`${what} changed while the event was being applied`);
    this.name = "StalePlan";
  }
}
class AlreadyFinal extends Error {
  constructor(readonly status: PaymentEventStatus) {
    super(`event already ${status}`);
    this.name = "AlreadyFinal";
  }
}

interface Loaded {
  payment: PaymentRow;
  order: OrderRow;
  refunds: RefundRow[];
  view: Snapshot;
}

/**
 * Apply one recorded event (webhook, fetch, or a re-drive by the reconciler). Idempotent: a final event is
 * answered from its row. Throws on infrastructure failure; the event then stays `recorded`/`parked`.
 * @example await applyRazorpayEvent(deps, "evt_NkQ2Z7cW9zLkXb") // { status: "applied", orderId: "ord_…", … }
 */
export async function applyRazorpayEvent(deps: Deps, eventRowId: string, opts: { replay?: boolean } = {}): Promise<ApplyResult> {
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const ev = await deps.db.payment_events.get(eventRowId);
    if (!ev) throw new ApiError("not_found", `payment event ${eventRowId} not found`);
    if (FINAL_EVENT_STATUSES.includes(ev.status)) return { eventId: ev.$id, status: ev.status, reason: ev.last_error, orderId: ev.order_id };
    const facts = readRazorpayEvent(parsePayload(ev.payload));
    // transfer.processed and the like: kept for the audit trail, nothing to apply.
    if (!facts.event) return settle(deps, ev, "ignored", `not a payment event: ${facts.name}`.slice(0, 500), null);
    const loaded = await load(deps, facts);
    if (!loaded) {
      // Not a Razorpay order of ours (another integration on the same account): nothing to do, ever.
      return settle(deps, ev, "ignored", "no payments row for this Razorpay order", null);
    }
    const plan = planPaymentEvent(loaded.view, facts);
    try {
      await execute(deps, ev, facts, loaded, plan);
    } catch (err) {
      if (err instanceof StalePlan) {
        deps.log.info("payment event: plan went stale, planning again", { eventId: ev.$id, round });
        continue;
      }
      if (err instanceof AlreadyFinal) return { eventId: ev.$id, status: err.status, reason: null, orderId: loaded.order.$id };
      throw err;
    }
    if (plan.payment && plan.payment.status !== loaded.view.payment.status) deps.metrics.counter(METRICS.paymentsTotal.name, { status: plan.payment.status });
    if (plan.status === "rejected") deps.log.error("payment event rejected", { eventId: ev.$id, type: facts.name, reason: plan.reason, orderId: loaded.order.$id });
    if (plan.status === "parked") {
      // Another event may have committed between our read and our park: if the event applies now, go round again.
      const fresh = await load(deps, facts);
      if (fresh && planPaymentEvent(fresh.view, facts).status !== "parked") continue;
      return { eventId: ev.$id, status: "parked", reason: plan.reason, orderId: loaded.order.$id };
    }
    if (plan.issueRefund) {
      await issueRefund(deps, plan.issueRefund).catch((err: unknown) => deps.log.warn("refund call deferred to the reconciler", { refundId: plan.issueRefund, error: String(err) }));
    }
    if (plan.status === "applied" && opts.replay !== false) await replayParked(deps, loaded.payment.razorpay_order_id, ev.$id);
    return { eventId: ev.$id, status: plan.status, reason: plan.reason, orderId: loaded.order.$id };
  }
  throw new Error(`payment event ${eventRowId}: state kept changing for ${MAX_ROUNDS} rounds; left for the reconciler`);
}

/**
 * Record an event built from a fetch (or any body) and apply it. A final duplicate is answered from its row.
 * @example await ingestRazorpayEvent(deps, fetchedPaymentEnvelope(payment, deps.now())!)
 */
export async function ingestRazorpayEvent(deps: Deps, event: SyntheticEvent): Promise<ApplyResult> {
  const { row } = await recordRazorpayEvent(deps, { rowId: event.id, body: event.body });
  if (FINAL_EVENT_STATUSES.includes(row.status)) return { eventId: row.$id, status: row.status, reason: row.last_error, orderId: row.order_id };
  return applyRazorpayEvent(deps, row.$id);
}

/** Parked events of a Razorpay order, applied again now that its state moved (core replayParked's I/O twin). */
export async function replayParked(deps: Deps, razorpayOrderId: string, except?: string): Promise<number> {
  let applied = 0;
  const tried = new Set<string>(except ? [except] : []);
  for (let pass = 0; pass < 5; pass++) {
    const parked = await deps.db.payment_events.list([Query.equal("razorpay_order_id", razorpayOrderId), Query.equal("status", "parked"), Query.orderAsc("received_at")], { limit: MAX_REPLAY });
    const todo = parked.rows.filter((r) => !tried.has(r.$id));
    if (todo.length === 0) break;
    let progressed = false;
    for (const row of todo) {
      tried.add(row.$id);
      try {
        const r = await applyRazorpayEvent(deps, row.$id, { replay: false });
        if (r.status !== "parked") progressed = true;
        if (r.status === "applied") applied++;
      } catch (err) {
        // Still parked: the next applied event or the reconciler tries again.
        deps.log.warn("parked event replay failed", { eventId: row.$id, error: String(err) });
      }
    }
    if (!progressed) break;
    tried.clear();
  }
  return applied;
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The payments row the event is about (by Razorpay order, our order id in refund notes, or payment id). */
async function paymentRowFor(deps: Deps, f: EventFacts): Promise<PaymentRow | null> {
  if (f.razorpayOrderId) {
    const r = await deps.db.payments.list([Query.equal("razorpay_order_id", f.razorpayOrderId)], { limit: 1 });
    if (r.rows[0]) return r.rows[0];
  }
  if (f.chizzeOrderId) {
    const p = await deps.db.payments.get(paymentRowIdFor(f.chizzeOrderId));
    if (p) return p;
  }
  if (f.razorpayPaymentId) {
    const r = await deps.db.payments.list([Query.equal("razorpay_payment_id", f.razorpayPaymentId)], { limit: 1 });
    if (r.rows[0]) return r.rows[0];
    const refund = await deps.db.refunds.list([Query.equal("razorpay_payment_id", f.razorpayPaymentId)], { limit: 1 });
    if (refund.rows[0]) return deps.db.payments.get(refund.rows[0].payment_id);
  }
  return null;
}

async function load(deps: Deps, f: EventFacts): Promise<Loaded | null> {
  const payment = await paymentRowFor(deps, f);
  if (!payment) return null;
  const [order, refunds] = await Promise.all([deps.db.orders.get(payment.order_id), deps.db.refunds.list([Query.equal("order_id", payment.order_id)], { limit: 100 })]);
  if (!order) return null;
  return {
    payment,
    order,
    refunds: refunds.rows,
    view: {
      payment: {
        status: payment.status,
        amountPaise: payment.amount_paise,
        currency: payment.currency,
        razorpayPaymentId: payment.razorpay_payment_id ?? null,
        amountRefundedPaise: payment.amount_refunded_paise ?? 0,
      },
      refunds: refunds.rows.map((r) => ({ id: r.$id, razorpayRefundId: r.razorpay_refund_id ?? null, razorpayPaymentId: r.razorpay_payment_id ?? null, amountPaise: r.amount_paise, status: r.status })),
      order: { id: order.$id, status: order.status, paymentStatus: order.payment_status, totalPaise: order.total_paise },
    },
  };
}

/** Final status for an event that has no payment behind it (its own small transaction). */
async function settle(deps: Deps, ev: PaymentEventRow, status: PaymentEventStatus, why: string, orderId: string | null): Promise<ApplyResult> {
  await withTransaction(deps.tablesDB, async (tx) => {
    const row = await tx.get(T.payment_events, ev.$id);
    if (!row || FINAL_EVENT_STATUSES.includes(row.status)) return;
    tx.update(T.payment_events, ev.$id, { status, last_error: why, attempts: Math.min(1_000, (row.attempts ?? 0) + 1), ...(status === "applied" ? { applied_at: deps.now().toISOString() } : {}) });
  });
  return { eventId: ev.$id, status, reason: why, orderId };
}

const samePayment = (a: PaymentRow, b: PaymentRow | null) =>
  !!b && a.$updatedAt === b.$updatedAt && a.status === b.status && a.razorpay_payment_id === b.razorpay_payment_id && a.amount_refunded_paise === b.amount_refunded_paise;

const laterOf = (a: string | null | undefined, b: string | null) => (!a ? b : !b ? a : new Date(a).getTime() >= new Date(b).getTime() ? a : b);

/** Stage a ledger transaction unless it was posted already (deterministic entry ids). */
async function stageLedgerOnce(tx: Tx, txn: LedgerTxn, at: Date): Promise<void> {
  const first = toLedgerRows(txn, at)[0];
  if (!first || (await tx.get(T.ledger_entries, first.id))) return;
  stageLedger(tx, txn, at);
}

async function execute(deps: Deps, ev: PaymentEventRow, f: EventFacts, l: Loaded, plan: Plan): Promise<void> {
  const now = deps.now();
  const nowIso = now.toISOString();
  /** When Razorpay says it happened (fetches: when we saw it). */
  const at = f.createdAt ?? nowIso;
  const orderId = l.order.$id;

  /** Everything but the order row (and the order's own staging when it goes through applyOrderEvent). */
  const stage = async (tx: Tx): Promise<void> => {
    const evRow = await tx.get(T.payment_events, ev.$id);
    if (!evRow) throw new StalePlan("the event row");
    if (FINAL_EVENT_STATUSES.includes(evRow.status)) throw new AlreadyFinal(evRow.status);
    if (plan.status === "applied" || plan.payment) {
      // Every applied event re-reads the payments row: events of one payment serialise on it.
      if (!samePayment(l.payment, await tx.get(T.payments, l.payment.$id))) throw new StalePlan("the payments row");
    }
    if (plan.payment) {
      const p = plan.payment;
      tx.update(T.payments, l.payment.$id, {
        status: p.status,
        ...(p.razorpayPaymentId ? { razorpay_payment_id: p.razorpayPaymentId } : {}),
        ...(p.method ? { method: p.method.slice(0, 32) } : {}),
        ...(p.stamp === "authorized" ? { authorized_at: at, error_code: null, error_description: null } : {}),
        ...(p.stamp === "captured" ? { captured_at: at, authorized_at: l.payment.authorized_at ?? at, error_code: null, error_description: null } : {}),
        ...(p.stamp === "failed" ? { failed_at: at, error_code: p.error?.code?.slice(0, 64) ?? null, error_description: p.error?.description ?? null } : {}),
        ...(p.amountRefundedPaise !== undefined ? { amount_refunded_paise: p.amountRefundedPaise } : {}),
        last_event_at: laterOf(l.payment.last_event_at, at),
      });
    }
    if (plan.refundUpdate) {
      const u = plan.refundUpdate;
      const before = l.refunds.find((r) => r.$id === u.id);
      const row = await tx.get(T.refunds, u.id);
      if (!row || !before || row.status !== before.status || (row.razorpay_refund_id ?? null) !== (before.razorpay_refund_id ?? null)) throw new StalePlan("the refund row");
      tx.update(T.refunds, u.id, {
        razorpay_refund_id: u.razorpayRefundId,
        status: u.status,
        ...(u.status === "processed" && row.status !== "processed" ? { processed_at: nowIso } : {}),
        ...(u.status === "failed" && row.status !== "failed" ? { failed_at: nowIso, failure_reason: "Razorpay reported the refund failed" } : {}),
      });
    }
    if (plan.refundCreate) {
      const c = plan.refundCreate;
      if (await tx.get(T.refunds, c.id)) throw new StalePlan("the refund row");
      tx.create(
        T.refunds,
        c.id,
        {
          order_id: orderId,
          customer_id: l.order.customer_id,
          payment_id: l.payment.$id,
          razorpay_payment_id: c.razorpayPaymentId,
          razorpay_refund_id: c.razorpayRefundId,
          idempotency_key: c.id,
          amount_paise: c.amountPaise,
          components: writeDoc(refundComponents(l.order, c.amountPaise)),
          reason_code: c.reason,
          stage: l.order.status,
          actor_type: c.razorpayRefundId ? "razorpay" : "system",
          actor_id: null,
          status: c.status,
          requested_at: nowIso,
          processed_at: c.status === "processed" ? nowIso : null,
          failed_at: c.status === "failed" ? nowIso : null,
          failure_reason: null,
        },
        rowPermissions.customer(l.order.customer_id),
      );
    }
    for (const txn of plan.ledger) await stageLedgerOnce(tx, txn, now);
    tx.update(T.payment_events, ev.$id, {
      status: plan.status,
      order_id: orderId,
      razorpay_order_id: l.payment.razorpay_order_id,
      attempts: Math.min(1_000, (evRow.attempts ?? 0) + 1),
      last_error: plan.status === "applied" ? null : (plan.reason?.slice(0, 500) ?? null),
      ...(plan.status === "applied" ? { applied_at: nowIso } : {}),
    });
  };

  /** Order columns this plan moves besides its event: payment status, refunded amount. */
  const stageOrder = (tx: Tx, row: OrderRow, viaEvent: boolean): void => {
    const c = plan.refundCreate;
    if (c?.countsAgainstOrder) {
      // A refund we start is bounded by what the order took (I5); one Razorpay already made is recorded as is.
      tx.increment(T.orders, orderId, "amount_refunded_paise", c.amountPaise, c.razorpayRefundId ? {} : { max: row.total_paise });
    }
    if (!viaEvent && plan.order?.paymentStatus && plan.order.paymentStatus !== row.payment_status) tx.update(T.orders, orderId, { payment_status: plan.order.paymentStatus });
  };

  const guardOrder = (row: OrderRow | null): OrderRow => {
    if (!row || row.status !== l.order.status || row.payment_status !== l.order.payment_status) throw new StalePlan("the order");
    return row;
  };

  if (plan.order?.event) {
    await applyOrderEvent(deps, orderId, {
      event: plan.order.event,
      actor: { type: "razorpay", id: null },
      ...(plan.order.paymentStatus ? { paymentStatus: plan.order.paymentStatus } : {}),
      guard: (row) => void guardOrder(row),
      also: async (tx, row) => {
        await stage(tx);
        stageOrder(tx, row, true);
      },
      data: { paymentEventId: ev.$id, razorpayPaymentId: f.razorpayPaymentId },
    });
    return;
  }
  const touchesOrder = !!(plan.order?.paymentStatus || plan.refundCreate?.countsAgainstOrder);
  await withTransaction(
    deps.tablesDB,
    async (tx) => {
      if (touchesOrder) stageOrder(tx, guardOrder(await tx.get(T.orders, orderId)), false);
      await stage(tx);
    },
    { maxAttempts: 8, onRetry: (attempt) => deps.log.info("payment event transaction retry", { eventId: ev.$id, attempt }) },
  );
}

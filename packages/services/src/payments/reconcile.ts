// The payments reconciler (scheduled every 5 minutes). Webhooks can be lost and Appwrite executions can die, so
// nothing about money may depend on them alone (reliability note §0.6). Each run, with bounded work:
//   (b) re-applies events stuck in `recorded` (a crash after recording) and retries `parked` ones;
//   (a) orders still awaiting payment past the window: asks Razorpay first (a missed webhook places the order),
//       and expires those that are still unpaid;
//   (a/d) every payment not yet captured, for Razorpay's late-authorisation window: asks Razorpay for the
//       order's payments and feeds them through the event path — a missed capture places a live order, and money
//       captured on an order that died first is refunded exactly once (the refund id is per payment);
//   (c) refunds still pending: sends the ones Razorpay never got, settles the ones it did from its answer.
// Every step is idempotent, so overlapping runs and a second run change nothing.
import { Query } from "node-appwrite";
import type { PaymentStatus } from "@chizze/schema/enums";
import { ApiError } from "@chizze/contracts/errors";
import type { Deps } from "../deps";
import { applyOrderEvent, paymentRowIdFor } from "../orders/transition";
import { applyRazorpayEvent, type ApplyResult } from "./apply";
import { captureIfAuthorized } from "./capture";
import { issueRefund } from "./refunds";
import { syncRazorpayOrder } from "./sync";
import { METRICS } from "@chizze/platform/observability/metrics";
import { reportGauges, type CountedGauge } from "../gauges";

/** How long a customer has to pay, from placed_at; then the order expires (stock and coupon go back). */
export const PAYMENT_WINDOW_MINUTES = 15;
/** Razorpay keeps polling banks for 3 days (late authorisation): uncaptured payments are watched that long. */
export const LATE_AUTHORIZATION_DAYS = 3;
/** Events older than this still `recorded` are re-applied (a live webhook is applying it otherwise). */
export const STUCK_EVENT_SECONDS = 60;

export interface ReconcileOptions {
  /** Razorpay order fetches per run. */
  maxFetches?: number;
  /** Events, orders or refunds handled per step per run. */
  maxRows?: number;
  /** Stop starting new work after this long (the function's timeout is longer). */
  budgetMs?: number;
}

export interface ReconcileReport {
  eventsReapplied: number;
  paymentsChecked: number;
  placed: number;
  captured: number;
  lateRefunds: number;
  duplicateRefunds: number;
  expired: number;
  refundsIssued: number;
  refundsSettled: number;
  failures: number;
}

const UNCAPTURED: PaymentStatus[] = ["pending", "failed", "authorized", "voided"];
const PAGE = 100;

/**
 * One reconciliation pass.
 * @example const report = await reconcilePayments(deps) // { placed: 7, lateRefunds: 3, … }
 */
export async function reconcilePayments(deps: Deps, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const maxFetches = opts.maxFetches ?? 300;
  const maxRows = opts.maxRows ?? 500;
  const stopAt = performance.now() + (opts.budgetMs ?? 240_000);
  const now = deps.now();
  const report: ReconcileReport = { eventsReapplied: 0, paymentsChecked: 0, placed: 0, captured: 0, lateRefunds: 0, duplicateRefunds: 0, expired: 0, refundsIssued: 0, refundsSettled: 0, failures: 0 };
  const timeLeft = () => performance.now() < stopAt;
  const fail = (what: string, fields: Record<string, unknown>, err: unknown) => {
    report.failures++;
    deps.log.warn(`reconcile: ${what} failed`, { ...fields, error: String(err) });
  };
  const countResults = (results: ApplyResult[]) => {
    for (const r of results) {
      if (r.status !== "applied") continue;
      if (r.reason === "late_capture") report.lateRefunds++;
      if (r.reason === "second_payment") report.duplicateRefunds++;
    }
  };
  let fetches = 0;
  const synced = new Set<string>();

  /** Ask Razorpay about one Razorpay order (once per run) and count what changed. */
  const sync = async (orderId: string, razorpayOrderId: string): Promise<void> => {
    if (synced.has(razorpayOrderId) || fetches >= maxFetches) return;
    synced.add(razorpayOrderId);
    fetches++;
    report.paymentsChecked++;
    const before = await deps.db.orders.get(orderId);
    countResults(await syncRazorpayOrder(deps, razorpayOrderId));
    const after = await deps.db.orders.get(orderId);
    if (before?.status === "awaiting_payment" && after?.status === "placed") report.placed++;
    if (after?.status === "awaiting_payment" && after.payment_status === "authorized" && (await captureIfAuthorized(deps, orderId)).captured) {
      report.captured++;
      if ((await deps.db.orders.get(orderId))?.status === "placed") report.placed++;
    }
  };

  // (b) events a crash left recorded, and parked ones whose state may have moved on.
  const stuckBefore = new Date(now.getTime() - STUCK_EVENT_SECONDS * 1000).toISOString();
  const watchFrom = new Date(now.getTime() - LATE_AUTHORIZATION_DAYS * 86_400_000).toISOString();
  for (const status of ["recorded", "parked"] as const) {
    await eachRow(
      (cursor) => deps.db.payment_events.list([Query.equal("status", status), Query.lessThan("received_at", stuckBefore), Query.greaterThan("received_at", watchFrom), Query.orderAsc("received_at")], { limit: PAGE, cursor }),
      maxRows,
      timeLeft,
      async (ev) => {
        try {
          const r = await applyRazorpayEvent(deps, ev.$id);
          if (r.status !== status) report.eventsReapplied++;
          countResults([r]);
        } catch (err) {
          fail("re-apply event", { eventId: ev.$id }, err);
        }
      },
    );
  }

  // (a) past the payment window: Razorpay first, then expire what is still unpaid.
  const windowStart = new Date(now.getTime() - PAYMENT_WINDOW_MINUTES * 60_000).toISOString();
  await eachRow(
    (cursor) => deps.db.orders.list([Query.equal("status", "awaiting_payment"), Query.lessThan("placed_at", windowStart), Query.orderAsc("placed_at")], { limit: PAGE, cursor }),
    maxRows,
    timeLeft,
    async (order) => {
      try {
        if (order.razorpay_order_id) await sync(order.$id, order.razorpay_order_id);
        const fresh = await deps.db.orders.get(order.$id);
        if (fresh?.status !== "awaiting_payment") return;
        const payment = await deps.db.payments.get(paymentRowIdFor(order.$id));
        // Money is on its way (authorised, captured): never expire under it.
        if (payment && !["pending", "failed"].includes(payment.status)) return;
        await applyOrderEvent(deps, order.$id, { event: "payment_expired", actor: { type: "system", id: null }, reason: { code: "payment_expired" } });
        report.expired++;
      } catch (err) {
        if (err instanceof ApiError && err.code === "illegal_transition") return;
        fail("expire order", { orderId: order.$id }, err);
      }
    },
  );

  // (a/d) every payment not captured yet, within the late-authorisation window: live orders get placed, money on
  // dead orders is refunded.
  await eachRow(
    (cursor) => deps.db.payments.list([Query.equal("status", UNCAPTURED), Query.greaterThan("$createdAt", watchFrom), Query.orderAsc("$createdAt")], { limit: PAGE, cursor }),
    maxRows,
    () => timeLeft() && fetches < maxFetches,
    async (payment) => {
      try {
        await sync(payment.order_id, payment.razorpay_order_id);
      } catch (err) {
        fail("sync payment", { orderId: payment.order_id, razorpayOrderId: payment.razorpay_order_id }, err);
      }
    },
  );

  // (c) refunds Razorpay never got, or has not finished.
  await eachRow(
    (cursor) => deps.db.refunds.list([Query.equal("status", "pending"), Query.orderAsc("requested_at")], { limit: PAGE, cursor }),
    maxRows,
    () => timeLeft() && fetches < maxFetches,
    async (refund) => {
      try {
        fetches++;
        const after = await issueRefund(deps, refund.$id);
        if (!refund.razorpay_refund_id && after?.razorpay_refund_id) report.refundsIssued++;
        if (after && after.status !== "pending") report.refundsSettled++;
      } catch (err) {
        fail("refund", { refundId: refund.$id }, err);
      }
    },
  );

  deps.log.info("payments reconciled", { ...report });
  await reportBacklog(deps, { stuckBefore, watchFrom, windowStart });
  deps.metrics.counter(METRICS.reconcilerFailuresTotal.name, {}, report.failures);
  deps.metrics.gauge(METRICS.reconcilerLastRun.name, Math.floor(deps.now().getTime() / 1000));
  return report;
}

/**
 * What this run left behind (§8.3's reconciler alerts read these): the same filters the steps above walk, counted
 * after them. A failed count skips its gauge for this run; the run itself has done its work.
 */
async function reportBacklog(deps: Deps, at: { stuckBefore: string; watchFrom: string; windowStart: string }): Promise<void> {
  const m = deps.metrics;
  const backlog = (kind: string, count: () => Promise<number>): CountedGauge => ({ name: kind, count, report: (n) => m.gauge(METRICS.reconcilerBacklog.name, n, { kind }) });
  const refunds = (status: "pending" | "failed"): CountedGauge => ({ name: `refunds ${status}`, count: () => deps.db.refunds.count([Query.equal("status", status)]), report: (n) => m.gauge(METRICS.refunds.name, n, { status }) });
  const oldestPending = async (): Promise<number> => {
    const first = (await deps.db.refunds.list([Query.equal("status", "pending"), Query.orderAsc("requested_at")], { limit: 1 })).rows[0];
    return first ? Math.max(0, Math.round((deps.now().getTime() - Date.parse(first.requested_at)) / 1000)) : 0;
  };
  await reportGauges(deps, [
    backlog("events_stuck", () => deps.db.payment_events.count([Query.equal("status", ["recorded", "parked"]), Query.lessThan("received_at", at.stuckBefore), Query.greaterThan("received_at", at.watchFrom)])),
    backlog("orders_payment_overdue", () => deps.db.orders.count([Query.equal("status", "awaiting_payment"), Query.lessThan("placed_at", at.windowStart)])),
    backlog("payments_uncaptured", () => deps.db.payments.count([Query.equal("status", UNCAPTURED), Query.greaterThan("$createdAt", at.watchFrom)])),
    refunds("pending"),
    refunds("failed"),
    { name: "oldest pending refund", count: oldestPending, report: (n) => m.gauge(METRICS.refundsPendingOldestAge.name, n) },
  ]);
}

/** Walk pages of rows (cursor pagination) until `max` rows, no more pages or `more()` says stop. */
async function eachRow<R extends { $id: string }>(
  page: (cursor: string | null) => Promise<{ rows: R[]; nextCursor: string | null }>,
  max: number,
  more: () => boolean,
  each: (row: R) => Promise<void>,
): Promise<void> {
  let cursor: string | null = null;
  let seen = 0;
  do {
    const p = await page(cursor);
    for (const row of p.rows) {
      if (seen >= max || !more()) return;
      seen++;
      await each(row);
    }
    cursor = p.nextCursor;
  } while (cursor);
}

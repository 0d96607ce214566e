// dispatch-sweeper, every minute: what events and timers cannot be trusted to do. Every step is a transaction on
// rows it re-reads (offer ids per round, conditional state changes), so two overlapping runs — or a run racing an
// accept, a reject or the start event — do each thing once.
//
// With a 1-minute cron an offer can outlive its timeout by up to ~60 s before it is expired and re-offered; the
// accept checks expires_at itself, so a late accept is refused (409), never honoured. Appwrite Cloud's delayed
// executions (scheduledAt) would let each offer schedule its own expiry; the devstack does not support scheduledAt.
import { Query } from "node-appwrite";
import type { Deps } from "../deps";
import type { OrderRow } from "../delivery/partner";
import type { DispatchSettings } from "./config";
import { closeOffer, followUp } from "./close";
import { makeOffer, type OfferOutcome } from "./offer";
import { releaseDispatch } from "./release";
import { reportDispatchGauges } from "./gauges";
import { MATCHABLE_STATUSES, RELEASABLE_STATES, STOPPED_STATUSES, dispatchDueAt } from "./rules";

/** Rows per page and pages per step: bounded work per run; the rest waits for the next minute. */
export const SWEEP_PAGE = 100;
export const SWEEP_MAX_PAGES = 5;

export interface SweepReport {
  /** Offers past expires_at closed as expired. */
  expired: number;
  /** Orders whose matching started (dispatch_state none → offer or searching). */
  started: number;
  /** Offers made in this run (after expiries, starts and retries). */
  offered: number;
  /** Rounds that found nobody. */
  empty: number;
  /** Orders that escalated in this run. */
  escalated: number;
  /** Cancelled orders whose offers/partner were released. */
  released: number;
  /** Orders or offers whose step failed (logged; retried next run). */
  failed: number;
}

async function eachPage<R extends { $id: string }>(list: (cursor: string | null) => Promise<{ rows: R[]; nextCursor: string | null }>, fn: (row: R) => Promise<void>): Promise<void> {
  let cursor: string | null = null;
  for (let page = 0; page < SWEEP_MAX_PAGES; page++) {
    const res = await list(cursor);
    for (const row of res.rows) await fn(row);
    cursor = res.nextCursor;
    if (!cursor) return;
  }
}

export async function sweepDispatch(deps: Deps, settings: DispatchSettings): Promise<SweepReport> {
  const report: SweepReport = { expired: 0, started: 0, offered: 0, empty: 0, escalated: 0, released: 0, failed: 0 };
  const handled = new Set<string>();
  const count = (r: OfferOutcome | null) => {
    if (r?.outcome === "offered") report.offered++;
    if (r?.outcome === "no_candidates") {
      report.empty++;
      if (r.state === "escalated") report.escalated++;
    }
  };
  const guarded = async (what: string, id: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (err) {
      report.failed++;
      deps.log.warn(`sweep: ${what} failed`, { id, error: String(err) });
    }
  };
  const nowIso = () => deps.now().toISOString();

  // 1. Lapsed offers: expired, and the order (if this was its current offer) goes to its next round.
  await eachPage(
    (cursor) => deps.db.dispatch_offers.list([Query.equal("status", "offered"), Query.lessThanEqual("expires_at", nowIso()), Query.orderAsc("expires_at")], { limit: SWEEP_PAGE, cursor }),
    (offer) =>
      guarded("expire", offer.$id, async () => {
        const closed = await closeOffer(deps, offer.$id, { as: "expired" }, settings);
        if (!closed) return;
        report.expired++;
        if (closed.state === "escalated") report.escalated++;
        handled.add(offer.order_id);
        count(await followUp(deps, closed, settings));
      }),
  );

  // 2. Due orders that no event started (events are best effort; long preparations become due between events).
  const matchable = Query.equal("status", [...MATCHABLE_STATUSES]);
  await eachPage(
    (cursor) => deps.db.orders.list([Query.equal("dispatch_state", "none"), matchable, Query.orderAsc("placed_at")], { limit: SWEEP_PAGE, cursor }),
    (order: OrderRow) =>
      guarded("start", order.$id, async () => {
        if (order.delivery_partner_id || dispatchDueAt(order, settings.config).getTime() > deps.now().getTime()) return;
        const r = await makeOffer(deps, order.$id, settings);
        if (r.outcome !== "skipped") report.started++;
        handled.add(order.$id);
        count(r);
      }),
  );

  // 3. Searching orders without a live offer (the last round found nobody, or its follow-up failed): retry.
  await eachPage(
    (cursor) => deps.db.orders.list([Query.equal("dispatch_state", "searching"), matchable, Query.orderAsc("placed_at")], { limit: SWEEP_PAGE, cursor }),
    (order: OrderRow) =>
      guarded("retry", order.$id, async () => {
        if (handled.has(order.$id)) return;
        count(await makeOffer(deps, order.$id, settings));
      }),
  );

  // 4. Orders cancelled during dispatch whose event was missed: release offers and partner.
  await eachPage(
    (cursor) => deps.db.orders.list([Query.equal("dispatch_state", [...RELEASABLE_STATES]), Query.equal("status", [...STOPPED_STATUSES]), Query.orderAsc("placed_at")], { limit: SWEEP_PAGE, cursor }),
    (order: OrderRow) =>
      guarded("release", order.$id, async () => {
        if (await releaseDispatch(deps, order.$id)) report.released++;
      }),
  );

  await reportDispatchGauges(deps, settings);
  deps.log.info("dispatch sweep", { ...report });
  return report;
}

// The restaurant's acceptance deadline (restaurants.accept_deadline_sec, default 180 s), run every minute.
// Half-way through, the owner gets a repeat push and an SMS (once per order: notifications/reminder.ts);
// at the deadline the order is auto-rejected (accept_timeout): stock and coupon go back and a captured payment is
// refunded — the same transition a manual reject takes, so it is exactly-once under overlapping runs.
import { Query } from "node-appwrite";
import { ApiError } from "@chizze/contracts/errors";
import type { Deps } from "../deps";
import { notifierFor } from "../notifications/deliver";
import { remindRestaurant } from "../notifications/reminder";
import { applyOrderEvent } from "./transition";

/** Orders handled per run; the rest wait for the next minute (bounded work per execution). */
export const DEADLINE_BATCH = 100;

export interface DeadlineReport {
  timedOut: number;
  escalated: number;
  skipped: number;
}

export async function enforceAcceptDeadlines(deps: Deps): Promise<DeadlineReport> {
  const now = deps.now();
  const report: DeadlineReport = { timedOut: 0, escalated: 0, skipped: 0 };
  const due = await deps.db.orders.list([Query.equal("status", "placed"), Query.lessThanEqual("accept_deadline_at", now.toISOString()), Query.orderAsc("accept_deadline_at")], { limit: DEADLINE_BATCH });
  for (const row of due.rows) {
    try {
      await applyOrderEvent(deps, row.$id, { event: "accept_timeout", actor: { type: "system", id: null }, reason: { code: "accept_timeout" } });
      report.timedOut++;
    } catch (err) {
      // Accepted (or cancelled) between the list and the transition: nothing to do.
      if (err instanceof ApiError && err.code === "illegal_transition") report.skipped++;
      else throw err;
    }
  }

  // Escalate: still placed and past half of the window. The window is per restaurant, so the half-way point is
  // computed from placed/paid time and the deadline.
  const waiting = await deps.db.orders.list([Query.equal("status", "placed"), Query.greaterThan("accept_deadline_at", now.toISOString()), Query.orderAsc("accept_deadline_at")], { limit: DEADLINE_BATCH });
  const notifier = notifierFor(deps);
  for (const row of waiting.rows) {
    if (!row.accept_deadline_at) continue;
    const deadline = new Date(row.accept_deadline_at).getTime();
    const start = new Date(row.paid_at ?? row.placed_at).getTime();
    if (now.getTime() < start + (deadline - start) / 2) continue;
    try {
      const sent = await remindRestaurant(deps, row, notifier);
      if ((sent.push.finished && sent.push.status === "sent") || (sent.sms.finished && sent.sms.status === "sent")) report.escalated++;
    } catch (err) {
      // A reminder is best effort: the next minute's run (or notifications-sweep, for a queued row) tries again.
      deps.log.warn("accept reminder deferred", { orderId: row.$id, error: String(err) });
    }
  }
  deps.log.info("accept deadlines", { ...report });
  return report;
}

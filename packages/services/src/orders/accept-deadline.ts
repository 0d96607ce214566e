// The restaurant's acceptance deadline (restaurants.accept_deadline_sec, default 180 s), run every minute.
// Half-way through, the owner gets a repeat push (once per order: the message id is derived from the order);
// at the deadline the order is auto-rejected (accept_timeout): stock and coupon go back and a captured payment is
// refunded — the same transition a manual reject takes, so it is exactly-once under overlapping runs.
import { Query } from "node-appwrite";
import { ApiError } from "@chizze/contracts/errors";
import { deterministicId } from "@chizze/core";
import { appwriteNotifier } from "@chizze/platform/messaging/notifier";
import type { Deps } from "../deps";
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
  const notifier = appwriteNotifier(deps.messaging);
  for (const row of waiting.rows) {
    if (!row.accept_deadline_at) continue;
    const deadline = new Date(row.accept_deadline_at).getTime();
    const start = new Date(row.paid_at ?? row.placed_at).getTime();
    if (now.getTime() < start + (deadline - start) / 2) continue;
    const status = await notifier.push({
      userIds: [row.restaurant_owner_id],
      title: `Order ${row.order_number} is waiting`,
      body: `Accept or reject within ${Math.max(1, Math.round((deadline - now.getTime()) / 60_000))} min or it will be cancelled`,
      data: { orderId: row.$id, kind: "accept_reminder" },
      dedupeId: deterministicId("esc", [row.$id]),
    });
    if (status === "sent") report.escalated++;
  }
  deps.log.info("accept deadlines", { ...report });
  return report;
}

// dispatch-start: an orders row changed. Events are best effort (late, twice, out of order, or never), so this
// only reacts to what the payload suggests and re-reads the row before acting; the sweeper covers what events miss.
import { z } from "zod";
import type { Deps } from "../deps";
import type { DispatchSettings } from "./config";
import { makeOffer, type OfferOutcome } from "./offer";
import { releaseDispatch, type Released } from "./release";
import { dispatchDueAt, isMatchable, isStopped, mayHoldPartner } from "./rules";

/** The part of an orders row event payload (the row JSON) this function reads. */
export const OrderRowEvent = z.looseObject({
  $id: z.string().min(1).max(36),
  status: z.string(),
  dispatch_state: z.string(),
  delivery_partner_id: z.string().nullable().optional(),
});
export type OrderRowEvent = z.infer<typeof OrderRowEvent>;

export type DispatchStart =
  | { outcome: "ignored" }
  | { outcome: "not_due"; dueAt: string }
  | { outcome: "released"; released: Released | null }
  | ({ outcome: "offer" } & { result: OfferOutcome });

/**
 * Cheap filter first (no reads for the many order updates that concern dispatch not at all):
 * - matchable (accepted/preparing/ready, no partner) with dispatch_state none → start matching if due (core
 *   dispatchStartAt: the rider should arrive as the food is ready); not due yet → nothing, the sweeper starts it;
 * - cancelled/rejected/expired while dispatch held offers or a partner → release them (release.ts).
 */
export async function onOrderRowChange(deps: Deps, row: OrderRowEvent, settings: DispatchSettings): Promise<DispatchStart> {
  if (row.dispatch_state === "none" && isMatchable(row)) {
    const order = await deps.db.orders.get(row.$id);
    if (!order || order.dispatch_state !== "none" || !isMatchable(order)) return { outcome: "ignored" };
    const dueAt = dispatchDueAt(order, settings.config);
    if (dueAt.getTime() > deps.now().getTime()) return { outcome: "not_due", dueAt: dueAt.toISOString() };
    return { outcome: "offer", result: await makeOffer(deps, order.$id, settings) };
  }
  if (isStopped(row.status) && mayHoldPartner(row.dispatch_state)) return { outcome: "released", released: await releaseDispatch(deps, row.$id) };
  return { outcome: "ignored" };
}

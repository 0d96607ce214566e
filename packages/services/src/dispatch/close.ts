// Ending a live offer without an assignment: the partner declined it, it lapsed, or we withdrew it (the partner
// took another order). One transaction writes the offer, the partner's acceptance figures and, when the offer was
// the order's current one, the order's dispatch state (offered → searching, or escalated after the last round).
// Then the next round is made at once (followUp).
import { dispatchOfferIdFor, dispatchTransition } from "@chizze/core";
import type { DispatchState } from "@chizze/schema/enums";
import { T, type PatchOf } from "@chizze/schema";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import type { OrderRow } from "../delivery/partner";
import type { DispatchSettings } from "./config";
import { announceEscalation } from "./notify";
import { makeOffer, type OfferOutcome } from "./offer";
import { acceptancePatch, isMatchable } from "./rules";
import { METRICS } from "@chizze/platform/observability/metrics";

export type CloseHow =
  | { as: "rejected"; reason: string | null }
  /** Only once past expires_at (checked in the transaction). */
  | { as: "expired" }
  /** Withdrawn by us: does not count against the partner. */
  | { as: "cancelled" };

export interface Closed {
  offerId: string;
  order: OrderRow | null;
  /** The order's dispatch state after this, when the offer moved it (null: the order had moved on). */
  state: DispatchState | null;
}

/**
 * Closes offer `offerId` if it is still `offered` (else null: answered, lapsed or closed by someone else — callers
 * treat that as done). The order moves only if this was its current offer: matchable, `offered`, and no later round
 * exists (an offer the sweeper has not expired yet may be older than the order's current one).
 */
export async function closeOffer(deps: Deps, offerId: string, how: CloseHow, settings: DispatchSettings): Promise<Closed | null> {
  const { config } = settings;
  const closed = await withTransaction(
    deps.tablesDB,
    async (tx) => {
      const now = deps.now();
      const offer = await tx.get(T.dispatch_offers, offerId);
      if (!offer || offer.status !== "offered") return null;
      if (how.as === "expired" && Date.parse(offer.expires_at) > now.getTime()) return null;
      const [order, partner, later] = await Promise.all([
        tx.get(T.orders, offer.order_id),
        how.as === "cancelled" ? Promise.resolve(null) : tx.get(T.delivery_partners, offer.partner_id),
        tx.get(T.dispatch_offers, dispatchOfferIdFor(offer.order_id, offer.round + 1)),
      ]);
      const patch: PatchOf<typeof T.dispatch_offers> = { status: how.as };
      if (how.as === "rejected") Object.assign(patch, { responded_at: now.toISOString(), reject_reason: how.reason });
      tx.update(T.dispatch_offers, offerId, patch);
      if (partner) tx.update(T.delivery_partners, partner.$id, acceptancePatch(partner, false));

      let state: DispatchState | null = null;
      if (order && !later && isMatchable(order) && order.dispatch_state === "offered") {
        const t = dispatchTransition("offered", how.as === "rejected" ? "offer_rejected" : "offer_expired", { round: offer.round, maxRounds: config.maxRounds });
        if (t.ok) {
          tx.update(T.orders, order.$id, { dispatch_state: t.to });
          state = t.to;
        }
      }
      return { offerId, order, state };
    },
    { onRetry: (attempt) => deps.log.info("close offer retry", { offerId, as: how.as, attempt }) },
  );
  if (closed) deps.metrics.counter(METRICS.dispatchOffersTotal.name, { outcome: how.as });
  return closed;
}

/**
 * What follows a closed offer: the next round when the order is searching again, the escalation notices when it
 * escalated. Never throws: the close is committed, and the sweeper retries a searching order that got no offer.
 */
export async function followUp(deps: Deps, closed: Closed, settings: DispatchSettings): Promise<OfferOutcome | null> {
  if (!closed.order || !closed.state) return null;
  try {
    if (closed.state === "escalated") {
      await announceEscalation(deps, closed.order, settings);
      return null;
    }
    if (closed.state === "searching") return await makeOffer(deps, closed.order.$id, settings);
  } catch (err) {
    deps.log.warn("next offer deferred to the sweeper", { orderId: closed.order.$id, error: String(err) });
  }
  return null;
}

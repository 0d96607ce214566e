// POST /delivery/offers/{id}/accept: the conditional assignment of invariant I11 — a partner holds at most one
// active order, an order has at most one partner. One transaction reads the offer, the order and the partner row
// and writes all three; a concurrent accept (another partner for the same order, or this partner for another
// order) changes one of those rows, so one commit fails and its retry re-reads and refuses with 409.
import type { z } from "zod";
import { Query } from "node-appwrite";
import { dispatchTransition } from "@chizze/core";
import { ApiError } from "@chizze/contracts/errors";
import type { Order } from "@chizze/contracts/api/orders";
import { T } from "@chizze/schema";
import { TransactionConflict } from "@chizze/platform/errors";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { findPartner, requireActive, type OrderRow, type PartnerRow } from "../delivery/partner";
import { syncPartnerIndex } from "../delivery/geo-index";
import { orderReaders } from "../orders/transition";
import { orderView } from "../orders/view";
import type { DispatchSettings } from "./config";
import { closeOffer, followUp } from "./close";
import { acceptancePatch, dispatchDueAt, isMatchable } from "./rules";
import { METRICS } from "@chizze/platform/observability/metrics";

type Envelope = { order: z.infer<typeof Order> };

const refuse = (why: string) => new ApiError("conflict", why);

/**
 * Assigns the offer's order to the caller. 409 conflict when the offer is not the caller's live offer any more
 * (expired, declined, withdrawn), the order has a partner or left the kitchen's hands, or the caller already holds
 * an order. Another partner's offer is 404. Replayed by the partner who won: 200 with the order.
 *
 * After the commit the partner leaves the GEO index, and live offers that can no longer be accepted are withdrawn
 * (withdrawOtherOffers) so their orders go to the next partner at once instead of waiting out the timeout.
 */
export async function acceptOffer(deps: Deps, caller: Caller, offerId: string, settings: DispatchSettings): Promise<Envelope> {
  const me = await findPartner(deps, caller);
  requireActive(me);
  let won: { order: OrderRow; partner: PartnerRow; replay: boolean };
  try {
    won = await withTransaction(
      deps.tablesDB,
      async (tx) => {
        const now = deps.now();
        const offer = await tx.get(T.dispatch_offers, offerId);
        if (!offer || offer.partner_id !== me.$id) throw notFound("Offer");
        const [order, partner] = await Promise.all([tx.get(T.orders, offer.order_id), tx.get(T.delivery_partners, me.$id)]);
        if (!order || !partner) throw notFound("Offer");
        if (offer.status === "accepted" && order.delivery_partner_id === me.$id) return { order, partner, replay: true };
        if (offer.status !== "offered") throw refuse(`This offer was ${offer.status}`);
        if (Date.parse(offer.expires_at) <= now.getTime()) throw refuse("This offer has expired");
        if (!isMatchable(order)) throw refuse(order.delivery_partner_id ? "Another partner took this order" : `The order is ${order.status}`);
        const t = dispatchTransition(order.dispatch_state, "offer_accepted", { round: offer.round, maxRounds: settings.config.maxRounds });
        if (!t.ok) throw refuse("This order is not waiting for a partner");
        if (partner.is_on_delivery === true || partner.active_order_id) throw refuse("Deliver the order you hold before accepting another");

        const nowIso = now.toISOString();
        tx.update(T.dispatch_offers, offerId, { status: "accepted", responded_at: nowIso });
        const orderPatch = { delivery_partner_id: me.$id, dispatch_state: t.to, partner_assigned_at: nowIso };
        // Row permissions gain the partner: they can read the order, and Realtime pushes its changes to them.
        tx.update(T.orders, order.$id, orderPatch, orderReaders(order, partner.user_id));
        const partnerPatch = { is_on_delivery: true, active_order_id: order.$id, ...acceptancePatch(partner, true) };
        tx.update(T.delivery_partners, me.$id, partnerPatch);
        return { order: { ...order, ...orderPatch }, partner: { ...partner, ...partnerPatch }, replay: false };
      },
      { onRetry: (attempt) => deps.log.info("accept retry", { offerId, attempt }) },
    );
  } catch (err) {
    // Still conflicting after every retry: others kept winning the rows. The offer is not the caller's to take now.
    if (err instanceof TransactionConflict) throw refuse("This offer was taken; try the next one");
    throw err;
  }

  if (!won.replay) {
    deps.log.info("offer accepted", { offerId, orderId: won.order.$id, partnerId: me.$id });
    deps.metrics.counter(METRICS.dispatchOffersTotal.name, { outcome: "accepted" });
    // Matching time counts from when it was due (the rider should not wait at the counter), not from acceptance.
    const matchSec = (Date.parse(won.order.partner_assigned_at ?? "") - dispatchDueAt(won.order, settings.config).getTime()) / 1000;
    if (Number.isFinite(matchSec)) deps.metrics.histogram(METRICS.deliveryMatchDuration.name, Math.max(0, matchSec));
    await syncPartnerIndex(deps, won.partner, true);
    await withdrawOtherOffers(deps, me.$id, won.order.$id, offerId, settings);
  }
  return { order: await orderView(deps, won.order, { userId: caller.userId, as: "partner" }) };
}

/**
 * Live offers that cannot be accepted any more are withdrawn (status cancelled, not counted against anyone): the
 * partner's offers for other orders go to those orders' next round, and other offers of this order (two live
 * offers exist only after a race) leave the other partners' lists.
 */
async function withdrawOtherOffers(deps: Deps, partnerId: string, orderId: string, acceptedOfferId: string, settings: DispatchSettings): Promise<void> {
  try {
    const [mine, theirs] = await Promise.all([
      deps.db.dispatch_offers.list([Query.equal("partner_id", partnerId), Query.equal("status", "offered")], { limit: 100 }),
      deps.db.dispatch_offers.list([Query.equal("order_id", orderId), Query.equal("status", "offered")], { limit: 100 }),
    ]);
    const ids = new Set([...mine.rows, ...theirs.rows].map((o) => o.$id));
    ids.delete(acceptedOfferId);
    for (const id of ids) {
      const closed = await closeOffer(deps, id, { as: "cancelled" }, settings);
      if (closed) await followUp(deps, closed, settings);
    }
  } catch (err) {
    deps.log.warn("other offers left to the sweeper", { partnerId, orderId, error: String(err) });
  }
}

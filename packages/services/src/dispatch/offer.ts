// makeOffer: the next round of matching for one order. Called when matching is due (dispatch-start), after a
// partner declines (delivery-offers-reject), after an offer lapses or finds nobody (dispatch-sweeper). Safe to call
// twice at once: the offer row id is derived from (order, round) and written in one transaction with a re-read of
// the order, so of two makers of the same round one commits and the other stops.
import { Query } from "node-appwrite";
import { deliveryEarnings, dispatchOfferIdFor, dispatchTransition, offerExpiresAt } from "@chizze/core";
import type { DispatchState } from "@chizze/schema/enums";
import { T, rowPermissions } from "@chizze/schema";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import type { OrderRow, PartnerRow } from "../delivery/partner";
import type { DispatchSettings } from "./config";
import { decideCandidates } from "./candidates";
import { announceEscalation, pushOffer } from "./notify";
import { isMatchable, searchBudgetSpent } from "./rules";
import { METRICS } from "@chizze/platform/observability/metrics";

/** Ranked partners re-checked inside the offer transaction before the round is given up as raced. */
const RECHECK = 3;

export type OfferOutcome =
  | { outcome: "offered"; offerId: string; partnerId: string; round: number; distanceM: number; radiusM: number }
  | { outcome: "no_candidates"; round: number; state: DispatchState }
  | { outcome: "skipped"; reason: string };

type OfferRow = { $id: string; round: number; partner_id: string; status: string; expires_at: string };

/** Every offer of an order, any status (≤ a few per order; rounds are bounded by maxRounds). */
export async function offersOf(deps: Deps, orderId: string): Promise<OfferRow[]> {
  return (await deps.db.dispatch_offers.list([Query.equal("order_id", orderId), Query.orderAsc("round")], { limit: 100 })).rows;
}

/** The order can take a new offer: matchable, and dispatch not started or between offers. */
function canOffer(row: OrderRow): boolean {
  return isMatchable(row) && (row.dispatch_state === "none" || row.dispatch_state === "searching");
}

/**
 * Makes the order's next offer: round = offers so far + 1, the best partner near the restaurant (candidates.ts),
 * the offer row and orders.dispatch_state = offered in one transaction, then a push to the partner (a failed push
 * is logged; the offer stands). Nobody eligible: the order stays `searching` for the sweeper, or escalates once
 * maxRounds offers have failed or the search budget is spent (rules.ts), and ops and the customer are told.
 */
export async function makeOffer(deps: Deps, orderId: string, settings: DispatchSettings): Promise<OfferOutcome> {
  const { config } = settings;
  const order = await deps.db.orders.get(orderId);
  if (!order) return { outcome: "skipped", reason: "no such order" };
  if (!canOffer(order)) return { outcome: "skipped", reason: `order ${order.status}, dispatch ${order.dispatch_state}${order.delivery_partner_id ? ", partner assigned" : ""}` };
  const restaurant = await deps.db.restaurants.get(order.restaurant_id);
  if (!restaurant) {
    deps.log.error("order without its restaurant; cannot dispatch", { orderId, restaurantId: order.restaurant_id });
    return { outcome: "skipped", reason: "restaurant missing" };
  }
  const now = deps.now();
  const offers = await offersOf(deps, orderId);
  if (offers.some((o) => o.status === "offered" && Date.parse(o.expires_at) > now.getTime())) return { outcome: "skipped", reason: "an offer is live" };
  const round = offers.reduce((m, o) => Math.max(m, o.round), 0) + 1;

  const decision =
    round <= config.maxRounds
      ? await decideCandidates(deps, { city: restaurant.city, at: { lat: restaurant.lat, lng: restaurant.lng }, round, alreadyOffered: new Set(offers.map((o) => o.partner_id)), now }, config)
      : null;
  const ranked = decision?.ranked.slice(0, RECHECK) ?? [];
  if (ranked.length === 0) return noCandidates(deps, order, round, settings);

  const offerId = dispatchOfferIdFor(orderId, round);
  const expiresAt = offerExpiresAt(now, config);
  const earningsPaise = deliveryEarnings({ tripM: order.distance_m, waitedMin: 0, surgePaise: order.surge_paise, tipPaise: order.tip_paise }).feePaise;
  const made = await withTransaction(
    deps.tablesDB,
    async (tx): Promise<{ partner: PartnerRow; distanceM: number } | string> => {
      const row = await tx.get(T.orders, orderId);
      if (!row || !canOffer(row)) return "order moved on";
      // Another maker committed this round first: it made the offer, nothing is left to do here.
      if (await tx.get(T.dispatch_offers, offerId)) return "round taken";
      for (const c of ranked) {
        // The row decides (I11): a partner assigned or gone offline since the search is passed over.
        const p = await tx.get(T.delivery_partners, c.partnerId);
        if (!p || p.is_online !== true || p.is_on_delivery === true || p.active_order_id || p.is_active === false) continue;
        const sent = dispatchTransition(row.dispatch_state === "none" ? "searching" : row.dispatch_state, "offer_sent", { round, maxRounds: config.maxRounds });
        if (!sent.ok) return sent.reason;
        tx.create(
          T.dispatch_offers,
          offerId,
          {
            order_id: orderId,
            partner_id: p.$id,
            round,
            status: "offered",
            offered_at: now.toISOString(),
            expires_at: expiresAt.toISOString(),
            responded_at: null,
            distance_m: Math.min(100_000, c.distanceM),
            pickup_eta_sec: null,
            score: c.score,
            earnings_paise: earningsPaise,
            reject_reason: null,
          },
          rowPermissions.dispatchOffer(p.user_id),
        );
        tx.update(T.orders, orderId, { dispatch_state: sent.to });
        return { partner: p, distanceM: c.distanceM };
      }
      return "candidates taken meanwhile";
    },
    { onRetry: (attempt) => deps.log.info("offer transaction retry", { orderId, round, attempt }) },
  );
  if (typeof made === "string") {
    deps.log.info("no offer made", { orderId, round, reason: made });
    return { outcome: "skipped", reason: made };
  }

  const radiusM = decision?.radiusM ?? 0;
  deps.metrics.counter(METRICS.dispatchOffersTotal.name, { outcome: "offered" });
  deps.log.info("offer made", { orderId, offerId, round, partnerId: made.partner.$id, distanceM: made.distanceM, radiusM, source: decision?.source, found: decision?.found });
  await pushOffer(deps, { id: offerId, orderId, partnerUserId: made.partner.user_id, restaurantName: restaurant.name, pickupDistanceM: made.distanceM, earningsPaise, expiresAt });
  return { outcome: "offered", offerId, partnerId: made.partner.$id, round, distanceM: made.distanceM, radiusM };
}

/** Nobody eligible this round: `none` becomes `searching` (the sweeper retries), or the order escalates. */
async function noCandidates(deps: Deps, order: OrderRow, round: number, settings: DispatchSettings): Promise<OfferOutcome> {
  const { config } = settings;
  const now = deps.now();
  const state = await withTransaction(deps.tablesDB, async (tx): Promise<{ from: DispatchState; to: DispatchState } | null> => {
    const row = await tx.get(T.orders, order.$id);
    if (!row || !canOffer(row)) return null;
    const from = row.dispatch_state === "none" ? "searching" : row.dispatch_state;
    const spent = round > config.maxRounds || searchBudgetSpent(row, config, now);
    const t = dispatchTransition(from, "no_candidates", { round: spent ? config.maxRounds : round, maxRounds: config.maxRounds });
    if (!t.ok) return null;
    if (t.to !== row.dispatch_state) tx.update(T.orders, order.$id, { dispatch_state: t.to });
    return { from: row.dispatch_state, to: t.to };
  });
  if (!state) return { outcome: "skipped", reason: "order moved on" };
  deps.log.info("no partner in range", { orderId: order.$id, round, state: state.to });
  if (state.to === "escalated" && state.from !== "escalated") await announceEscalation(deps, order, settings);
  return { outcome: "no_candidates", round, state: state.to };
}

// GET /delivery/offers: the caller's open offers.
import type { z } from "zod";
import { Query } from "node-appwrite";
import type { Offer } from "@chizze/contracts/api/delivery";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { findPartner } from "../delivery/partner";
import { isMatchable } from "./rules";
import { toOffer } from "./view";

/** A partner has one offer at a time in normal operation; a few more only around races and lapses. */
const MAX_OFFERS = 20;

/**
 * Offers made to the caller that are still `offered` and unexpired (idx_partner_status), soonest to expire first,
 * whose order still waits for a partner. Blocked partners see none (they cannot accept).
 */
export async function listOffers(deps: Deps, caller: Caller): Promise<{ items: z.infer<typeof Offer>[] }> {
  const me = await findPartner(deps, caller);
  if (me.is_active === false) return { items: [] };
  const now = deps.now().toISOString();
  const offers = (await deps.db.dispatch_offers.list([Query.equal("partner_id", me.$id), Query.equal("status", "offered"), Query.greaterThan("expires_at", now), Query.orderAsc("expires_at")], { limit: MAX_OFFERS })).rows;
  if (offers.length === 0) return { items: [] };
  const orders = new Map((await deps.db.orders.list([Query.equal("$id", [...new Set(offers.map((o) => o.order_id))])], { limit: 100 })).rows.map((o) => [o.$id, o]));
  const restaurantIds = [...new Set([...orders.values()].map((o) => o.restaurant_id))];
  const restaurants = new Map((await deps.db.restaurants.list([Query.equal("$id", restaurantIds)], { limit: 100 })).rows.map((r) => [r.$id, r]));
  const items: z.infer<typeof Offer>[] = [];
  for (const offer of offers) {
    const order = orders.get(offer.order_id);
    const restaurant = order ? restaurants.get(order.restaurant_id) : undefined;
    if (!order || !restaurant || !isMatchable(order)) continue;
    items.push(toOffer(offer, order, restaurant));
  }
  return { items };
}

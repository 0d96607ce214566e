// What stands in the way of deleting an account: an order still moving (as customer, or in a partner's hands) — its
// refund, delivery or settlement would need the person — and owning a restaurant, whose closure is a business
// process (payouts, GST registration, menu) that support runs, not a self-service button.
import { Query } from "node-appwrite";
import { TERMINAL_STATUSES } from "@chizze/core";
import { ORDER_STATUSES } from "@chizze/schema";
import type { Deps } from "../deps";

/** Statuses an order can still leave (core's non-terminal ones). */
export const ACTIVE_ORDER_STATUSES = ORDER_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));

export type Blocker = { kind: "active_order"; orderId: string } | { kind: "restaurant_owner"; restaurantId: string };

/** The first reason the account cannot be deleted now, or null. */
export async function deletionBlocker(deps: Deps, userId: string): Promise<Blocker | null> {
  const [asCustomer, partner, restaurant] = await Promise.all([
    deps.db.orders.list([Query.equal("customer_id", userId), Query.equal("status", [...ACTIVE_ORDER_STATUSES])], { limit: 1 }),
    deps.db.delivery_partners.list([Query.equal("user_id", userId)], { limit: 1 }),
    deps.db.restaurants.list([Query.equal("owner_id", userId)], { limit: 1 }),
  ]);
  const own = asCustomer.rows[0];
  if (own) return { kind: "active_order", orderId: own.$id };
  const p = partner.rows[0];
  if (p) {
    if (p.active_order_id) return { kind: "active_order", orderId: p.active_order_id };
    const carrying = await deps.db.orders.list([Query.equal("delivery_partner_id", p.$id), Query.equal("status", [...ACTIVE_ORDER_STATUSES])], { limit: 1 });
    if (carrying.rows[0]) return { kind: "active_order", orderId: carrying.rows[0].$id };
  }
  const r = restaurant.rows[0];
  return r ? { kind: "restaurant_owner", restaurantId: r.$id } : null;
}

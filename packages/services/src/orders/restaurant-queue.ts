import { Query } from "node-appwrite";
import type { z } from "zod";
import type { RestaurantOrdersQuery, restaurantOrdersRoute } from "@chizze/contracts/api/restaurant";
import type { OrderStatus } from "@chizze/schema/enums";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { selectOwnedRestaurant } from "../restaurant-admin/owned";
import { pageOrders } from "./keyset";
import { loadOrderContext, toOrder } from "./view";

/** The kitchen's live queue: paid and not yet handed over. */
const KITCHEN_STATUSES: readonly OrderStatus[] = ["placed", "accepted", "preparing", "ready"];

/**
 * GET /restaurant/orders: orders of one of the caller's restaurants (another owner's is 404) as full Orders in the
 * restaurant view. `status=active` (the default) is the live queue, oldest first so the longest-waiting order is on
 * top; so is any single live status. A finished status (delivered, cancelled, …) is history: newest first. Only
 * orders the caller can read are listed (restaurant_owner_id, the column row permissions are built from), so the
 * queue never shows an order GET /orders/{id} would refuse.
 */
export async function restaurantOrderQueue(deps: Deps, caller: Caller, query: z.output<typeof RestaurantOrdersQuery>): Promise<z.infer<(typeof restaurantOrdersRoute)["responses"][200]>> {
  const restaurant = await selectOwnedRestaurant(deps, caller, query.restaurantId);
  const statuses = query.status === "active" ? KITCHEN_STATUSES : [query.status];
  const live = statuses.every((s) => KITCHEN_STATUSES.includes(s));
  const page = await pageOrders(
    deps,
    [
      Query.equal("restaurant_id", restaurant.$id),
      Query.equal("restaurant_owner_id", caller.userId),
      Query.equal("status", [...statuses]),
      // Archived orders leave the history unless asked for by status (production-architecture §4.4).
      ...(query.status === "archived" ? [] : [Query.isNull("archived_at")]),
    ],
    { list: `kitchen.${restaurant.$id}`, order: live ? "oldest" : "newest", limit: query.limit, cursor: query.cursor },
  );
  const ctx = await loadOrderContext(deps, page.rows, { userId: caller.userId, as: "restaurant" }, { restaurants: [restaurant] });
  return { items: page.rows.map((r) => toOrder(r, ctx)), nextCursor: page.nextCursor };
}

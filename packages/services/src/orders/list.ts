import { Query } from "node-appwrite";
import type { z } from "zod";
import type { ListOrdersQuery, OrdersPage } from "@chizze/contracts/api/orders";
import { ORDER_STATUSES } from "@chizze/schema";
import { TERMINAL_STATUSES } from "@chizze/core";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { pageOrders, rowsById } from "./keyset";
import { toOrderSummary } from "./view";

/** `state=active`: orders that can still move (core's non-terminal statuses); `past`: the rest. */
const ACTIVE_STATUSES = ORDER_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));

/**
 * GET /orders: the caller's own orders, newest first (idx_customer_placed), optionally only the active or the past
 * ones, with the restaurant's image loaded once for the page.
 */
export async function listMyOrders(deps: Deps, caller: Caller, query: z.output<typeof ListOrdersQuery>): Promise<z.infer<typeof OrdersPage>> {
  // Archived orders (over 90 days, production-architecture §4.4) leave the history feed; GET /orders/{id} still reads them.
  const filters = [Query.equal("customer_id", caller.userId), Query.isNull("archived_at")];
  if (query.state) filters.push(Query.equal("status", query.state === "active" ? ACTIVE_STATUSES : [...TERMINAL_STATUSES]));
  const page = await pageOrders(deps, filters, { list: "mine", order: "newest", limit: query.limit, cursor: query.cursor });
  const restaurants = await rowsById((q, p) => deps.db.restaurants.list(q, p), page.rows.map((r) => r.restaurant_id));
  return { items: page.rows.map((r) => toOrderSummary(r, restaurants.get(r.restaurant_id))), nextCursor: page.nextCursor };
}

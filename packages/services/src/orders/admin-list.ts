import { Query } from "node-appwrite";
import type { z } from "zod";
import type { AdminOrdersQuery, adminOrdersRoute } from "@chizze/contracts/api/admin";
import { ApiError } from "@chizze/contracts/errors";
import { IST_OFFSET_MIN } from "@chizze/core";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { pageOrders } from "./keyset";
import { toAdminOrderRow } from "./view";

const DAY_MS = 86_400_000;
const IST_OFFSET_MS = IST_OFFSET_MIN * 60_000;

/** The UTC instant an IST calendar day (YYYY-MM-DD) starts at. */
const istDayStartMs = (day: string): number => Date.parse(`${day}T00:00:00.000Z`) - IST_OFFSET_MS;

/**
 * GET /admin/orders: every order, newest first, narrowed by any of status, payment status, restaurant, customer,
 * partner (delivery_partners row id) and the IST days it was placed on (from..to inclusive → [start of from, start
 * of the day after to) in UTC).
 */
export async function listAdminOrders(deps: Deps, caller: Caller, query: z.output<typeof AdminOrdersQuery>): Promise<z.infer<(typeof adminOrdersRoute)["responses"][200]>> {
  if (!caller.roles.includes("admin")) throw new ApiError("forbidden", "Admins only");
  if (query.from && query.to && query.from > query.to) {
    throw new ApiError("validation_failed", "from must not be after to", { errors: [{ path: "query.from", message: "from must not be after to" }] });
  }
  const filters: string[] = [];
  if (query.status) filters.push(Query.equal("status", query.status));
  // Archived orders stay queryable (status=archived) but leave the default feed (production-architecture §4.4).
  if (query.status !== "archived") filters.push(Query.isNull("archived_at"));
  if (query.paymentStatus) filters.push(Query.equal("payment_status", query.paymentStatus));
  if (query.restaurantId) filters.push(Query.equal("restaurant_id", query.restaurantId));
  if (query.customerId) filters.push(Query.equal("customer_id", query.customerId));
  if (query.partnerId) filters.push(Query.equal("delivery_partner_id", query.partnerId));
  if (query.from) filters.push(Query.greaterThanEqual("placed_at", new Date(istDayStartMs(query.from)).toISOString()));
  if (query.to) filters.push(Query.lessThan("placed_at", new Date(istDayStartMs(query.to) + DAY_MS).toISOString()));
  const page = await pageOrders(deps, filters, { list: "admin", order: "newest", limit: query.limit, cursor: query.cursor });
  return { items: page.rows.map(toAdminOrderRow), nextCursor: page.nextCursor };
}

import type { z } from "zod";
import type { Order } from "@chizze/contracts/api/orders";
import type { Row } from "@chizze/schema";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import type { OrderRow } from "./transition";
import { loadOrderContext, toOrder, type OrderViewer } from "./view";

/**
 * The caller's relationship to the order, closest first: its customer, its restaurant's owner, its assigned partner
 * (delivery_partner_id is a delivery_partners row; the caller is that row's user), or an admin. Each needs the
 * matching role too, so a revoked label ends access. Null when none holds.
 */
async function relationTo(deps: Deps, caller: Caller, row: OrderRow): Promise<{ as: OrderViewer["as"]; partner?: Row<"delivery_partners"> } | null> {
  const has = (role: Caller["roles"][number]) => caller.roles.includes(role);
  if (row.customer_id === caller.userId && has("customer")) return { as: "customer" };
  if (row.restaurant_owner_id === caller.userId && has("restaurant")) return { as: "restaurant" };
  if (row.delivery_partner_id && has("partner")) {
    const partner = await deps.db.delivery_partners.get(row.delivery_partner_id);
    if (partner?.user_id === caller.userId) return { as: "partner", partner };
  }
  if (has("admin")) return { as: "admin" };
  return null;
}

/** GET /orders/{id}: the order in the view of the caller's relationship to it; anyone else gets 404, never 403. */
export async function getOrder(deps: Deps, caller: Caller, orderId: string): Promise<z.infer<typeof Order>> {
  const row = await deps.db.orders.get(orderId);
  if (!row) throw notFound("Order");
  const relation = await relationTo(deps, caller, row);
  if (!relation) throw notFound("Order");
  const ctx = await loadOrderContext(deps, [row], { userId: caller.userId, as: relation.as }, relation.partner ? { partners: [relation.partner] } : {});
  return toOrder(row, ctx);
}

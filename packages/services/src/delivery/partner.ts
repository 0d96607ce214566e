// The calling partner's delivery_partners row and the order they hold: what every partner verb starts from.
import { Query } from "node-appwrite";
import type { OrderStatus } from "@chizze/schema/enums";
import type { Row } from "@chizze/schema";
import { ApiError } from "@chizze/contracts/errors";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";

export type PartnerRow = Row<"delivery_partners">;
export type OrderRow = Row<"orders">;

/** An order is in the partner's hands from assignment (the restaurant may still be cooking) until drop-off. */
export const ACTIVE_ORDER_STATUSES: readonly OrderStatus[] = ["accepted", "preparing", "ready", "picked_up"];

/**
 * user id → partner row id, kept by the warm runtime: the pair never changes (uniq_user), so a rider reporting every
 * 5 s costs a row read by id instead of a query. Bounded (oldest out first); a stale entry (the row deleted or
 * re-created under another id) is noticed by the user_id check and replaced.
 */
const partnerIdOfUser = new Map<string, string>();
const PARTNER_ID_CACHE_MAX = 5_000;

/** The caller's partner row (unique by user_id). A user with the partner label but no row is 404. */
export async function findPartner(deps: Deps, caller: Caller): Promise<PartnerRow> {
  const known = partnerIdOfUser.get(caller.userId);
  if (known) {
    const row = await deps.db.delivery_partners.get(known);
    if (row?.user_id === caller.userId) return row;
    partnerIdOfUser.delete(caller.userId);
  }
  const page = await deps.db.delivery_partners.list([Query.equal("user_id", caller.userId)], { limit: 1 });
  const row = page.rows[0];
  if (!row) throw notFound("Delivery partner profile");
  if (partnerIdOfUser.size >= PARTNER_ID_CACHE_MAX) partnerIdOfUser.delete(partnerIdOfUser.keys().next().value as string);
  partnerIdOfUser.set(caller.userId, row.$id);
  return row;
}

/** Blocked partners (is_active = false) may still read their earnings, but may not work. */
export function requireActive(partner: PartnerRow): void {
  if (partner.is_active === false) throw new ApiError("forbidden", "Your partner account is blocked; contact support");
}

/**
 * The order the partner holds, from the orders table (the truth; idx_partner_status), or null. One at a time is the
 * dispatch rule; if two ever exist the one picked up is returned, since that is the one the customer is waiting on.
 */
export async function activeOrderOf(deps: Deps, partnerId: string): Promise<OrderRow | null> {
  const page = await deps.db.orders.list([Query.equal("delivery_partner_id", partnerId), Query.equal("status", [...ACTIVE_ORDER_STATUSES])], { limit: 2 });
  return page.rows.find((o) => o.status === "picked_up") ?? page.rows[0] ?? null;
}

/**
 * The order the partner's row points at (active_order_id, set and cleared in the same transactions as the order's
 * assignment), read by id and checked against the order itself: still theirs and still in their hands. No pointer,
 * no read. For the hot path (every location fix); verbs that must find an order the pointer may have missed use
 * activeOrderOf.
 */
export async function heldOrderOf(deps: Deps, partner: Pick<PartnerRow, "$id" | "active_order_id">): Promise<OrderRow | null> {
  if (!partner.active_order_id) return null;
  const order = await deps.db.orders.get(partner.active_order_id);
  return order && order.delivery_partner_id === partner.$id && ACTIVE_ORDER_STATUSES.includes(order.status) ? order : null;
}

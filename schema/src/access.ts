// Who may read what. Every write goes through a function holding an API key (which bypasses permissions), so
// no table or row ever grants create/update/delete to a user role: users only ever get `read`.
// Table level: public catalog tables are readable by anyone; the rest are readable by admins only (the `admin`
// user label) and, where row security is on, by the users a function names on each row (the builders below).
import { permission, role } from "./dsl";

/** Anyone, including guests: catalog data that the edge also caches publicly. */
export const PUBLIC_READ: readonly string[] = [permission.read(role.any())];
/** Operators in the admin console (Appwrite user label `admin`). */
export const ADMIN_READ: readonly string[] = [permission.read(role.label("admin"))];

function readers(...userIds: (string | null | undefined)[]): string[] {
  const unique = [...new Set(userIds.filter((u): u is string => typeof u === "string" && u.length > 0))];
  return unique.map((u) => permission.read(role.user(u)));
}

/**
 * Row permissions the functions set when they write a row of a row-security table. Pass Appwrite user ids
 * (for a restaurant: its owner's user id; for a partner: the partner's user id).
 */
export const rowPermissions = {
  /** profiles, addresses, favorites, notifications, delivery_partners: the user themself. */
  owner: (userId: string): string[] => readers(userId),
  /**
   * orders and order_events: the customer, the restaurant owner and, once assigned, the delivery partner
   * (Realtime `databases.chizze.tables.orders.rows.{id}` delivers only to these). Re-set when the partner changes.
   */
  order: (p: { customerId: string; restaurantOwnerId: string; partnerUserId?: string | null }): string[] =>
    readers(p.customerId, p.restaurantOwnerId, p.partnerUserId),
  /** payments, refunds, invoices, reviews: the customer who paid / wrote it. */
  customer: (customerId: string): string[] => readers(customerId),
  /** delivery_locations: only the order's customer (the partner sends, never reads back; admins via table). */
  deliveryLocation: (customerId: string): string[] => readers(customerId),
  /** dispatch_offers: the partner the offer is made to. */
  dispatchOffer: (partnerUserId: string): string[] => readers(partnerUserId),
  /** payouts: the payee's user (restaurant owner or partner). */
  payout: (payeeUserId: string): string[] => readers(payeeUserId),
} as const;

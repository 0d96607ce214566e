// Read by: admins only. The customer gets the quote in the POST /cart/quote answer and names it when placing the
// order; the place-order function reads it with the API key, checks its owner and expiry, and marks it used.
import { ADMIN_READ } from "../access";
import { amountColumns } from "../columns";
import { CartItemsDoc, PricedLinesDoc } from "../documents";
import { datetime, defineTable, enumeration, id, idx, integer, json, string } from "../dsl";
import { PAYMENT_METHODS, QUOTE_STATUSES } from "../enums";

export const quotes = defineTable({
  id: "quotes",
  name: "Quotes",
  description: "Server-priced carts, valid for minutes; an order is placed from exactly one quote.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    user_id: id({ required: true }),
    restaurant_id: id({ required: true }),
    address_id: id({ required: true }),
    items: json(20_000, { required: true, shape: CartItemsDoc, description: "The cart as asked for" }),
    lines: json(30_000, { required: true, shape: PricedLinesDoc, description: "Priced lines from the menu at quote time" }),
    ...amountColumns(),
    coupon_code: string(32),
    coupon_id: id(),
    payment_method: enumeration(PAYMENT_METHODS, { required: true }),
    distance_m: integer({ required: true, min: 0, max: 100_000 }),
    zone_id: id(),
    surge_multiplier_bps: integer({ min: 10_000, max: 30_000 }),
    eta_min: integer({ min: 0, max: 600 }),
    status: enumeration(QUOTE_STATUSES, { required: true }),
    expires_at: datetime({ required: true }),
    order_id: id({ description: "Set when an order is placed from this quote" }),
  },
  indexes: [idx.key("idx_user_status", ["user_id", "status"]), idx.key("idx_status_expires", ["status", "expires_at"])],
});

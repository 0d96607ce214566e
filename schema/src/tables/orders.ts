// Read by (row permissions set by the functions): the customer, the restaurant owner and the assigned delivery
// partner; admins through the table permission. Realtime pushes row changes to exactly these users.
// Every change is a conditional update on `version` (optimistic concurrency, invariant I7) plus an order_events row.
import { ADMIN_READ } from "../access";
import { amountColumns } from "../columns";
import { AddressSnapshotDoc, PricedLinesDoc, SHA256_HEX_PATTERN } from "../documents";
import { datetime, defineTable, desc, enumeration, id, idx, integer, json, latitude, longitude, paise, string } from "../dsl";
import { CANCEL_ACTORS, CANCEL_REASONS, DISPATCH_STATES, ORDER_STATUSES, PAYMENT_METHODS, PAYMENT_STATUSES, REJECT_REASONS } from "../enums";

/** Human order number, e.g. `CHZ-251126-0042`: shown to customers, restaurants and support. */
export const ORDER_NUMBER_PATTERN = /^[A-Z]{3}-\d{6}-\d{4,8}$/;

export const orders = defineTable({
  id: "orders",
  name: "Orders",
  description: "Customer orders: status, dispatch and payment state, amounts, timeline. Row id = h(user, route, Idempotency-Key) (I1).",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    order_number: string(20, { required: true, pattern: ORDER_NUMBER_PATTERN }),
    customer_id: id({ required: true }),
    restaurant_id: id({ required: true }),
    restaurant_owner_id: id({ required: true, description: "Copied so row permissions and queues need no join" }),
    restaurant_name: string(128, { required: true, description: "Snapshot for order lists" }),
    delivery_partner_id: id({ description: "delivery_partners row id once assigned" }),
    quote_id: id({ required: true }),
    idempotency_key_hash: string(64, { required: true, pattern: SHA256_HEX_PATTERN, description: "sha256(user|route|Idempotency-Key)" }),
    status: enumeration(ORDER_STATUSES, { required: true }),
    dispatch_state: enumeration(DISPATCH_STATES, { required: true }),
    payment_method: enumeration(PAYMENT_METHODS, { required: true }),
    payment_status: enumeration(PAYMENT_STATUSES, { required: true }),
    version: integer({ required: true, min: 0, description: "Incremented on every update; writers compare-and-set it" }),
    items: json(30_000, { required: true, shape: PricedLinesDoc, description: "Priced lines snapshot from the quote" }),
    ...amountColumns(),
    amount_refunded_paise: paise({ default: 0 }),
    coupon_code: string(32),
    coupon_id: id(),
    special_instructions: string(500, { description: "Cooking note for the restaurant" }),
    delivery_instructions: string(300),
    delivery_address: json(2_000, { required: true, shape: AddressSnapshotDoc }),
    delivery_lat: latitude({ required: true }),
    delivery_lng: longitude({ required: true }),
    distance_m: integer({ required: true, min: 0, max: 100_000 }),
    city: string(80, { required: true }),
    zone_id: id(),
    placed_at: datetime({ required: true, description: "When the customer placed it (request time)" }),
    paid_at: datetime({ description: "Payment captured (online) — the order becomes `placed`" }),
    accept_deadline_at: datetime(),
    accepted_at: datetime(),
    prep_minutes: integer({ min: 1, max: 180 }),
    ready_at: datetime(),
    partner_assigned_at: datetime(),
    picked_up_at: datetime(),
    delivered_at: datetime(),
    eta_at: datetime(),
    cancelled_at: datetime(),
    cancelled_by: enumeration(CANCEL_ACTORS),
    cancel_reason: enumeration(CANCEL_REASONS),
    cancel_note: string(500),
    reject_reason: enumeration(REJECT_REASONS),
    pickup_code: string(4, { pattern: /^\d{4}$/, description: "Shown to the partner, checked by the restaurant" }),
    delivery_otp_hash: string(64, { pattern: SHA256_HEX_PATTERN, description: "sha256 of the 4-digit delivery OTP + order id" }),
    delivery_otp_attempts: integer({ min: 0, max: 100, default: 0 }),
    razorpay_order_id: string(40, { description: "Stored before checkout data is returned (I2)" }),
    archived_at: datetime(),
  },
  indexes: [
    // production-architecture §4.3
    idx.key("idx_customer_status", ["customer_id", "status"]),
    idx.key("idx_restaurant_placed", ["restaurant_id", desc("placed_at")]),
    idx.key("idx_partner_status", ["delivery_partner_id", "status"]),
    idx.key("idx_status_placed", ["status", desc("placed_at")]),
    idx.fulltext("ft_order_number", ["order_number"]),
    // invariants and the queries the functions run
    idx.unique("uniq_order_number", ["order_number"]),
    idx.unique("uniq_idempotency", ["idempotency_key_hash"]),
    idx.key("idx_customer_placed", ["customer_id", desc("placed_at")]),
    idx.key("idx_restaurant_status", ["restaurant_id", "status"]),
    idx.key("idx_status_deadline", ["status", "accept_deadline_at"]),
    idx.key("idx_dispatch_placed", ["dispatch_state", "placed_at"]),
    idx.key("idx_razorpay_order", ["razorpay_order_id"]),
    // One order per quote: two keys racing with one quote cannot both commit.
    idx.unique("uniq_quote", ["quote_id"]),
    // Archival (packages/services/src/archival): the not-yet-archived orders placed before the cutoff, oldest first.
    idx.key("idx_archived_placed", ["archived_at", "placed_at"]),
  ],
});

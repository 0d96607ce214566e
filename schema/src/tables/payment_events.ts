// Read by: admins only (audit trail, §1.7 of the security note). The webhook function writes a row per
// Razorpay event with row id = x-razorpay-event-id: a duplicate delivery gets 409 and is acknowledged (I6).
import { ADMIN_READ } from "../access";
import { JsonObjectDoc, RAZORPAY_ID_PATTERN } from "../documents";
import { datetime, defineTable, enumeration, id, idx, integer, json, string } from "../dsl";
import { PAYMENT_EVENT_STATUSES } from "../enums";

export const paymentEvents = defineTable({
  id: "payment_events",
  name: "Payment events",
  description: "Every verified Razorpay webhook event, recorded before it is acknowledged, then applied or parked.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    event_id: string(36, { required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/, description: "x-razorpay-event-id (also the row id)" }),
    event_type: string(64, { required: true, description: "payment.captured, refund.processed …" }),
    razorpay_order_id: string(40, { pattern: RAZORPAY_ID_PATTERN }),
    razorpay_payment_id: string(40, { pattern: RAZORPAY_ID_PATTERN }),
    razorpay_refund_id: string(40, { pattern: RAZORPAY_ID_PATTERN }),
    order_id: id(),
    status: enumeration(PAYMENT_EVENT_STATUSES, { required: true }),
    payload: json(65_535, { required: true, shape: JsonObjectDoc, description: "The verified body as received" }),
    event_created_at: datetime({ description: "Razorpay's created_at: orders out-of-order deliveries" }),
    received_at: datetime({ required: true }),
    applied_at: datetime(),
    attempts: integer({ min: 0, max: 1_000, default: 0 }),
    last_error: string(500),
  },
  indexes: [
    idx.unique("uniq_event", ["event_id"]),
    idx.key("idx_status_received", ["status", "received_at"]),
    idx.key("idx_razorpay_order", ["razorpay_order_id"]),
    idx.key("idx_order", ["order_id"]),
  ],
});

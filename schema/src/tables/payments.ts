// Read by: the paying customer (row permission) and admins. One row per Chizze order's Razorpay order (I2);
// its status only moves forward (webhooks and the reconciler, invariants I3/I4/I12).
import { ADMIN_READ } from "../access";
import { RAZORPAY_ID_PATTERN } from "../documents";
import { datetime, defineTable, enumeration, id, idx, paise, string } from "../dsl";
import { CURRENCIES, PAYMENT_STATUSES } from "../enums";

export const payments = defineTable({
  id: "payments",
  name: "Payments",
  description: "Razorpay payment state per order.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    order_id: id({ required: true }),
    customer_id: id({ required: true }),
    razorpay_order_id: string(40, { required: true, pattern: RAZORPAY_ID_PATTERN }),
    razorpay_payment_id: string(40, { pattern: RAZORPAY_ID_PATTERN, description: "The payment that captured (latest attempt until then)" }),
    status: enumeration(PAYMENT_STATUSES, { required: true }),
    amount_paise: paise({ required: true }),
    currency: enumeration(CURRENCIES, { required: true }),
    method: string(32, { description: "Razorpay method: upi, card, netbanking, wallet …" }),
    authorized_at: datetime(),
    captured_at: datetime(),
    failed_at: datetime(),
    error_code: string(64),
    error_description: string(255),
    amount_refunded_paise: paise({ default: 0 }),
    last_event_at: datetime({ description: "created_at of the newest applied webhook event" }),
  },
  indexes: [
    idx.unique("uniq_razorpay_order", ["razorpay_order_id"]),
    idx.unique("uniq_order", ["order_id"]),
    idx.key("idx_razorpay_payment", ["razorpay_payment_id"]),
    idx.key("idx_status_event", ["status", "last_event_at"]),
  ],
});

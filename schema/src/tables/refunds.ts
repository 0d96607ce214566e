// Read by: the customer (row permission) and admins. The refund-intent row is written before Razorpay is called;
// its idempotency_key is sent as X-Refund-Idempotency, so a retry can never refund twice (I5).
import { ADMIN_READ } from "../access";
import { RAZORPAY_ID_PATTERN, RefundComponentsDoc } from "../documents";
import { datetime, defineTable, enumeration, id, idx, json, paise, string } from "../dsl";
import { ACTOR_TYPES, ORDER_STATUSES, REFUND_REASONS, REFUND_STATUSES } from "../enums";

export const refunds = defineTable({
  id: "refunds",
  name: "Refunds",
  description: "Refund intents and their Razorpay outcome.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    order_id: id({ required: true }),
    customer_id: id({ required: true }),
    payment_id: id({ required: true, description: "payments row id" }),
    razorpay_payment_id: string(40, { pattern: RAZORPAY_ID_PATTERN }),
    razorpay_refund_id: string(40, { pattern: RAZORPAY_ID_PATTERN }),
    idempotency_key: string(64, { required: true, pattern: /^[A-Za-z0-9_-]{10,64}$/, description: "Razorpay X-Refund-Idempotency rules" }),
    amount_paise: paise({ required: true }),
    components: json(1_000, { required: true, shape: RefundComponentsDoc }),
    reason_code: enumeration(REFUND_REASONS, { required: true }),
    stage: enumeration(ORDER_STATUSES, { required: true, description: "Order status when the refund was decided" }),
    actor_type: enumeration(ACTOR_TYPES, { required: true }),
    actor_id: id(),
    status: enumeration(REFUND_STATUSES, { required: true }),
    requested_at: datetime({ required: true }),
    processed_at: datetime(),
    failed_at: datetime(),
    failure_reason: string(255),
  },
  indexes: [
    idx.unique("uniq_idempotency", ["idempotency_key"]),
    idx.key("idx_order", ["order_id"]),
    idx.key("idx_status_requested", ["status", "requested_at"]),
    idx.key("idx_razorpay_refund", ["razorpay_refund_id"]),
  ],
});

// Read by: the same users as the order (row permissions copied from it) for the tracking timeline; admins.
// Append-only: one row per accepted transition, seq = the order's version after the change, so
// unique [order_id, seq] rejects a second writer that raced on the same version.
import { ADMIN_READ } from "../access";
import { CODE_PATTERN, JsonObjectDoc } from "../documents";
import { datetime, defineTable, desc, enumeration, id, idx, integer, json, string } from "../dsl";
import { ACTOR_TYPES, DISPATCH_STATES, ORDER_STATUSES, PAYMENT_STATUSES } from "../enums";

export const orderEvents = defineTable({
  id: "order_events",
  name: "Order events",
  description: "Transition log of every order (status, dispatch and payment changes): audit trail and timeline.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    order_id: id({ required: true }),
    seq: integer({ required: true, min: 1 }),
    event: string(48, { required: true, pattern: CODE_PATTERN, description: "Edge name, e.g. restaurant_accept, payment_captured" }),
    from_status: enumeration(ORDER_STATUSES, { description: "null for the first event" }),
    to_status: enumeration(ORDER_STATUSES, { required: true }),
    dispatch_state: enumeration(DISPATCH_STATES, { description: "Dispatch state after the event" }),
    payment_status: enumeration(PAYMENT_STATUSES, { description: "Payment status after the event" }),
    actor_type: enumeration(ACTOR_TYPES, { required: true }),
    actor_id: id(),
    reason: string(200),
    at: datetime({ required: true }),
    data: json(4_000, { shape: JsonObjectDoc }),
  },
  indexes: [idx.unique("uniq_order_seq", ["order_id", "seq"]), idx.key("idx_actor_at", ["actor_id", desc("at")])],
});

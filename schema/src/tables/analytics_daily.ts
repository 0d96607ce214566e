// Read by: admins only; restaurant dashboards read it through functions (cached 1 h, `analytics:{rest}:{date}`).
// Written by the nightly analytics schedule with an upsert per [restaurant_id, day].
import { ADMIN_READ } from "../access";
import { CountsByReasonDoc, ISO_DATE_PATTERN } from "../documents";
import { datetime, defineTable, id, idx, integer, json, paise, string } from "../dsl";

export const analyticsDaily = defineTable({
  id: "analytics_daily",
  name: "Analytics (daily)",
  description: "Per-restaurant daily figures.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    restaurant_id: id({ required: true }),
    day: string(10, { required: true, pattern: ISO_DATE_PATTERN, description: "Business day in Asia/Kolkata, YYYY-MM-DD" }),
    orders_count: integer({ required: true, min: 0 }),
    delivered_count: integer({ required: true, min: 0 }),
    cancelled_count: integer({ required: true, min: 0 }),
    revenue_paise: paise({ required: true, description: "Item total of delivered orders" }),
    avg_prep_sec: integer({ min: 0, description: "null when nothing was prepared" }),
    cancellations: json(1_000, { shape: CountsByReasonDoc, description: "cancel_reason → count" }),
    rating_sum: integer({ required: true, min: 0 }),
    rating_count: integer({ required: true, min: 0 }),
    computed_at: datetime({ required: true }),
  },
  indexes: [idx.unique("uniq_restaurant_day", ["restaurant_id", "day"]), idx.key("idx_day", ["day"])],
});

// Read by: admins only (operations dashboard). One row per hour, written by the analytics schedule.
import { ADMIN_READ } from "../access";
import { datetime, defineTable, idx, integer } from "../dsl";

const ms = () => integer({ min: 0, max: 86_400_000 });

export const analyticsSlo = defineTable({
  id: "analytics_slo",
  name: "Analytics (SLO, hourly)",
  description: "Hourly service-level figures: restaurant accept latency, partner match latency, ETA error, on-time rate.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    hour_start: datetime({ required: true, description: "Start of the UTC hour" }),
    orders_count: integer({ required: true, min: 0 }),
    delivered_count: integer({ required: true, min: 0 }),
    cancelled_count: integer({ required: true, min: 0 }),
    accept_latency_p50_ms: ms(),
    accept_latency_p95_ms: ms(),
    match_latency_p50_ms: ms(),
    match_latency_p95_ms: ms(),
    eta_abs_error_p50_sec: integer({ min: 0, max: 86_400 }),
    eta_abs_error_p95_sec: integer({ min: 0, max: 86_400 }),
    on_time_bps: integer({ min: 0, max: 10_000 }),
    computed_at: datetime({ required: true }),
  },
  indexes: [idx.unique("uniq_hour", ["hour_start"])],
});

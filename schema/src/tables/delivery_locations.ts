// Read by: only the order's customer (row permission; Realtime pushes each new row to them) and admins.
// Written by PUT /delivery/location every few seconds; rows older than 24 h are deleted by the TTL schedule
// (production-architecture §4.4), so the table stays small.
import { ADMIN_READ } from "../access";
import { datetime, defineTable, desc, double, id, idx, latitude, longitude } from "../dsl";

export const deliveryLocations = defineTable({
  id: "delivery_locations",
  name: "Delivery locations",
  description: "Rider positions during an active delivery, for live tracking.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    order_id: id({ required: true }),
    partner_id: id({ required: true }),
    lat: latitude({ required: true }),
    lng: longitude({ required: true }),
    heading: double({ min: 0, max: 360, description: "Degrees from north" }),
    speed_mps: double({ min: 0, max: 100 }),
    accuracy_m: double({ min: 0, max: 10_000 }),
    recorded_at: datetime({ required: true, description: "Device time of the fix (the design doc's `timestamp`)" }),
  },
  indexes: [idx.key("idx_order_recorded", ["order_id", desc("recorded_at")]), idx.key("idx_recorded", ["recorded_at"])],
});

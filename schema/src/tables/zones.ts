// Read by: anyone (public catalog: the apps show serviceable areas). Written by admins through functions.
// Few rows per city, so functions load a city's zones and test points in memory (no spatial index needed).
import { PUBLIC_READ } from "../access";
import { boolean, defineTable, idx, integer, polygon, string } from "../dsl";

export const zones = defineTable({
  id: "zones",
  name: "Zones",
  description: "Delivery zones within a city: serviceability, surge.",
  rowSecurity: false,
  permissions: [...PUBLIC_READ],
  columns: {
    city: string(80, { required: true }),
    name: string(128, { required: true }),
    area: polygon({ required: true, description: "Outer ring first, [lng, lat] pairs, closed" }),
    is_active: boolean({ default: true }),
    surge_multiplier_bps: integer({ min: 10_000, max: 30_000, default: 10_000, description: "10000 = 1.0×; applied to the delivery fee" }),
  },
  indexes: [idx.unique("uniq_city_name", ["city", "name"]), idx.key("idx_city_active", ["city", "is_active"])],
});

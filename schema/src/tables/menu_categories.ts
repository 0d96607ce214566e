// Read by: anyone (public catalog; part of GET /restaurants/{id}/menu, cached 300 s). Owners edit via functions.
import { PUBLIC_READ } from "../access";
import { boolean, defineTable, id, idx, integer, string } from "../dsl";

export const menuCategories = defineTable({
  id: "menu_categories",
  name: "Menu categories",
  description: "Sections of a restaurant's menu (Starters, Mains …).",
  rowSecurity: false,
  permissions: [...PUBLIC_READ],
  columns: {
    restaurant_id: id({ required: true }),
    name: string(128, { required: true }),
    description: string(500),
    sort_order: integer({ min: 0, max: 10_000, default: 0 }),
    is_active: boolean({ default: true }),
  },
  indexes: [idx.key("idx_restaurant_sort", ["restaurant_id", "sort_order"])],
});

// Read by: anyone (public catalog; GET /restaurants/{id}/menu and /search). Owners edit via functions, which
// invalidate the menu cache. Stock is decremented inside the order transaction (invariant I9).
import { PUBLIC_READ } from "../access";
import { AddonGroupsDoc, VariantsDoc } from "../documents";
import { boolean, defineTable, enumArray, enumeration, id, idx, integer, json, paise, string, stringArray, url } from "../dsl";
import { ALLERGENS, SPICE_LEVELS } from "../enums";

export const menuItems = defineTable({
  id: "menu_items",
  name: "Menu items",
  description: "Dishes with price, veg flag, allergens, variants and add-ons.",
  rowSecurity: false,
  permissions: [...PUBLIC_READ],
  columns: {
    restaurant_id: id({ required: true }),
    category_id: id({ required: true }),
    name: string(128, { required: true }),
    description: string(1000),
    price_paise: paise({ required: true, description: "Base price; a variant's price replaces it" }),
    gst_rate_bps: integer({ min: 0, max: 2_800, default: 500, description: "GST rate on this item (restaurant food: 500 = 5%)" }),
    is_veg: boolean({ required: true }),
    allergens: enumArray(ALLERGENS),
    spice_level: enumeration(SPICE_LEVELS),
    tags: stringArray(32),
    variants: json(2_000, { shape: VariantsDoc }),
    // Large enough for 10 groups × 30 options; over 16381 chars it is stored off-row.
    addon_groups: json(20_000, { shape: AddonGroupsDoc }),
    is_available: boolean({ default: true }),
    stock: integer({ min: 0, max: 100_000, description: "null = unlimited; decremented with min 0 when ordered" }),
    is_bestseller: boolean({ default: false }),
    sort_order: integer({ min: 0, max: 10_000, default: 0 }),
    image_url: url(),
  },
  indexes: [
    idx.key("idx_menu", ["restaurant_id", "is_available", "sort_order"]),
    idx.key("idx_bestseller", ["restaurant_id", "is_bestseller"]),
    idx.key("idx_category_sort", ["category_id", "sort_order"]),
    idx.fulltext("ft_name", ["name"]),
  ],
});

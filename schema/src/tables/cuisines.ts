// Read by: anyone (public catalog; GET /categories is cached 3600 s). Written by admins through functions.
import { PUBLIC_READ } from "../access";
import { SLUG_PATTERN } from "../documents";
import { boolean, defineTable, idx, integer, string, url } from "../dsl";

export const cuisines = defineTable({
  id: "cuisines",
  name: "Cuisines",
  description: "The category list shown on the home screen; restaurants.cuisines holds these slugs.",
  rowSecurity: false,
  permissions: [...PUBLIC_READ],
  columns: {
    slug: string(48, { required: true, pattern: SLUG_PATTERN }),
    name: string(64, { required: true }),
    name_hi: string(64, { description: "Hindi display name" }),
    sort_order: integer({ min: 0, max: 10_000, default: 0 }),
    image_url: url(),
    is_active: boolean({ default: true }),
  },
  indexes: [idx.unique("uniq_slug", ["slug"]), idx.key("idx_active_sort", ["is_active", "sort_order"]), idx.fulltext("ft_name", ["name"])],
});

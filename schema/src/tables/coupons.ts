// Read by: admins only — never world-readable (codes are secrets until published). GET /coupons returns the
// applicable ones through a function. used_count is raised with incrementRowColumn(max = global_limit) (I10).
import { ADMIN_READ } from "../access";
import { boolean, datetime, defineTable, enumeration, id, idx, integer, paise, string } from "../dsl";
import { COUPON_FUNDERS, COUPON_KINDS } from "../enums";

export const COUPON_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;

export const coupons = defineTable({
  id: "coupons",
  name: "Coupons",
  description: "Discount codes with validity, limits and funding.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    code: string(32, { required: true, pattern: COUPON_CODE_PATTERN }),
    description: string(500),
    kind: enumeration(COUPON_KINDS, { required: true }),
    value: integer({ required: true, min: 1, max: 100_000_000, description: "percent: basis points (1000 = 10%); flat: paise" }),
    min_order_paise: paise({ default: 0 }),
    max_discount_paise: paise({ description: "Cap for percent coupons; null = no cap" }),
    valid_from: datetime({ required: true }),
    valid_until: datetime({ required: true }),
    global_limit: integer({ min: 0, max: 100_000_000, description: "null = unlimited" }),
    used_count: integer({ min: 0, default: 0 }),
    per_user_limit: integer({ min: 1, max: 100, default: 1 }),
    first_order_only: boolean({ default: false }),
    restaurant_id: id({ description: "null = every restaurant" }),
    funded_by: enumeration(COUPON_FUNDERS, { default: "platform" }),
    is_active: boolean({ default: true }),
    created_by: id(),
  },
  indexes: [
    idx.unique("uniq_code", ["code"]),
    idx.key("idx_restaurant_active", ["restaurant_id", "is_active"]),
    idx.key("idx_active_until", ["is_active", "valid_until"]),
  ],
});

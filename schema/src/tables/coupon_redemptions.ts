// Read by: admins only. Row id = h(coupon_id, user_id, slot) with slot 1..per_user_limit, and the same triple is
// unique, so two concurrent orders cannot both take a user's last use (I10). Released exactly once on
// payment failure or cancellation (status reserved → released).
import { ADMIN_READ } from "../access";
import { datetime, defineTable, enumeration, id, idx, integer, paise, string } from "../dsl";
import { REDEMPTION_STATUSES } from "../enums";

export const couponRedemptions = defineTable({
  id: "coupon_redemptions",
  name: "Coupon redemptions",
  description: "A user's use of a coupon on an order: reserved at placement, redeemed on payment, or released.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    coupon_id: id({ required: true }),
    code: string(32, { required: true }),
    user_id: id({ required: true }),
    slot: integer({ required: true, min: 1, max: 100, description: "Which of the user's per_user_limit uses" }),
    order_id: id({ required: true }),
    status: enumeration(REDEMPTION_STATUSES, { required: true }),
    discount_paise: paise({ required: true }),
    reserved_at: datetime({ required: true }),
    redeemed_at: datetime(),
    released_at: datetime(),
  },
  indexes: [
    // Also serves lookups by [coupon_id, user_id] (leftmost prefix).
    idx.unique("uniq_coupon_user_slot", ["coupon_id", "user_id", "slot"]),
    idx.key("idx_order", ["order_id"]),
    idx.key("idx_user", ["user_id"]),
  ],
});

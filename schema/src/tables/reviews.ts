// Read by: the author (row permission) and admins. Public review lists are served by a function, which shows
// first names only. One review per delivered order: unique order_id. `aggregated_at` marks a review counted into the
// restaurant's (and partner's) rating; it is set in the same transaction as those rows, so a review counts once.
import { ADMIN_READ } from "../access";
import { boolean, datetime, defineTable, desc, id, idx, integer, string } from "../dsl";

export const reviews = defineTable({
  id: "reviews",
  name: "Reviews",
  description: "Ratings of food and delivery for delivered orders.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    order_id: id({ required: true }),
    restaurant_id: id({ required: true }),
    customer_id: id({ required: true }),
    delivery_partner_id: id(),
    food_rating: integer({ required: true, min: 1, max: 5 }),
    delivery_rating: integer({ min: 1, max: 5 }),
    comment: string(1_000),
    is_hidden: boolean({ default: false, description: "Hidden by moderation" }),
    restaurant_reply: string(1_000),
    replied_at: datetime(),
    created_at: datetime({ required: true }),
    aggregated_at: datetime({ description: "When reviews-aggregate counted it into the ratings; null until then" }),
  },
  indexes: [
    idx.unique("uniq_order", ["order_id"]),
    idx.key("idx_restaurant_rating", ["restaurant_id", "food_rating", desc("created_at")]),
    idx.key("idx_restaurant_created", ["restaurant_id", desc("created_at")]),
    idx.key("idx_partner", ["delivery_partner_id"]),
  ],
});

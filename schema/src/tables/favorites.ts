// Read by: the customer (row permission) and admins. Favourite restaurants (production-architecture §3.1 keeps
// them offline on the device too). Row id = h(user_id, restaurant_id), also unique.
import { ADMIN_READ } from "../access";
import { datetime, defineTable, desc, id, idx } from "../dsl";

export const favorites = defineTable({
  id: "favorites",
  name: "Favorites",
  description: "Restaurants a customer marked as favourite.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    user_id: id({ required: true }),
    restaurant_id: id({ required: true }),
    created_at: datetime({ required: true }),
  },
  indexes: [idx.unique("uniq_user_restaurant", ["user_id", "restaurant_id"]), idx.key("idx_user_created", ["user_id", desc("created_at")])],
});

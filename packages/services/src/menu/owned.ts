import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import type { RestaurantRow } from "../restaurant-admin/view";
import type { MenuItemRow } from "./view";

/** An item of one of the caller's restaurants, with that restaurant; any other item is 404 (style rule 5). */
export async function ownedMenuItem(deps: Deps, caller: Caller, itemId: string): Promise<{ item: MenuItemRow; restaurant: RestaurantRow }> {
  const item = await deps.db.menu_items.get(itemId);
  if (!item) throw notFound("Menu item");
  const restaurant = await deps.db.restaurants.get(item.restaurant_id);
  if (!restaurant || restaurant.owner_id !== caller.userId) throw notFound("Menu item");
  return { item, restaurant };
}

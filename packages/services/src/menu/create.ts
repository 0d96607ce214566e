import type { z } from "zod";
import type { CreateMenuItemRequest, MenuItemResponse } from "@chizze/contracts/api/restaurant";
import { deterministicId } from "@chizze/core";
import { Conflict } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { selectOwnedRestaurant } from "../restaurant-admin/owned";
import { checkedData, prepareItemColumns } from "./prepare";
import { toMenuItem } from "./view";

/**
 * Adds an item to one of the caller's restaurants (`?restaurantId=` picks one of several), in a category of that
 * restaurant. With an Idempotency-Key the row id is derived from (owner, key), so a retried create answers with the
 * item the first attempt made instead of adding a duplicate dish.
 */
export async function createMenuItem(
  deps: Deps,
  caller: Caller,
  restaurantId: string | undefined,
  input: z.infer<typeof CreateMenuItemRequest>,
  idempotencyKey?: string,
): Promise<z.infer<typeof MenuItemResponse>> {
  const restaurant = await selectOwnedRestaurant(deps, caller, restaurantId);
  const id = idempotencyKey
    ? deterministicId("itm", [caller.userId, "restaurant.menu.create", idempotencyKey])
    : deterministicId("itm", [restaurant.$id, deps.now().toISOString(), crypto.randomUUID()]);
  const replay = async () => {
    const existing = await deps.db.menu_items.get(id);
    return existing && existing.restaurant_id === restaurant.$id ? { restaurantId: restaurant.$id, item: toMenuItem(existing) } : null;
  };
  if (idempotencyKey) {
    const done = await replay();
    if (done) return done;
  }

  const columns = await prepareItemColumns(deps, restaurant, id, input, null);
  const data = checkedData({
    restaurant_id: restaurant.$id,
    category_id: input.categoryId,
    name: input.name,
    price_paise: input.pricePaise,
    is_veg: input.isVeg,
    gst_rate_bps: 500, // restaurant food: 5 % (schema default, written so the row says it)
    is_available: input.inStock ?? true,
    is_bestseller: input.isBestseller ?? false,
    allergens: [],
    tags: [],
    ...columns,
  });

  try {
    const row = await deps.db.menu_items.create(id, data);
    deps.log.info("menu item created", { restaurantId: restaurant.$id, itemId: id, by: caller.userId });
    return { restaurantId: restaurant.$id, item: toMenuItem(row) };
  } catch (err) {
    // A concurrent retry with the same key created it first: answer with that row.
    if (err instanceof Conflict && idempotencyKey) {
      const done = await replay();
      if (done) return done;
    }
    throw err;
  }
}

import type { z } from "zod";
import type { MenuItemResponse, UpdateMenuItemRequest } from "@chizze/contracts/api/restaurant";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { ownedMenuItem } from "./owned";
import { checkedPatch, prepareItemColumns } from "./prepare";
import { toMenuItem } from "./view";

/**
 * Partial edit of one of the caller's items (price, variants, add-ons, veg flag, allergens, stock, bestseller,
 * category within the same restaurant). Sent variants/addonGroups replace the lists; ids that are sent keep their
 * entries (and availability). All checks run on the resulting item before the single write.
 */
export async function updateMenuItem(deps: Deps, caller: Caller, itemId: string, input: z.infer<typeof UpdateMenuItemRequest>): Promise<z.infer<typeof MenuItemResponse>> {
  const { item, restaurant } = await ownedMenuItem(deps, caller, itemId);
  const patch = checkedPatch(await prepareItemColumns(deps, restaurant, item.$id, input, item));
  if (Object.keys(patch).length === 0) return { restaurantId: restaurant.$id, item: toMenuItem(item) };
  const row = await deps.db.menu_items.update(item.$id, patch);
  deps.log.info("menu item updated", { restaurantId: restaurant.$id, itemId: item.$id, by: caller.userId, columns: Object.keys(patch) });
  return { restaurantId: restaurant.$id, item: toMenuItem(row) };
}

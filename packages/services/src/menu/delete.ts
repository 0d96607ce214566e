import type { z } from "zod";
import type { deleteMenuItemRoute } from "@chizze/contracts/api/restaurant";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { ownedMenuItem } from "./owned";

/**
 * Removes one of the caller's items. Past orders and open quotes keep their own line copies. Answers with the
 * restaurant id so the edge can fill the menu's cache tags.
 */
export async function deleteMenuItem(deps: Deps, caller: Caller, itemId: string): Promise<z.infer<(typeof deleteMenuItemRoute)["responses"][200]>> {
  const { item, restaurant } = await ownedMenuItem(deps, caller, itemId);
  // Deleted meanwhile by a concurrent request: to this caller it is gone either way.
  if (!(await deps.db.menu_items.delete(item.$id))) throw notFound("Menu item");
  deps.log.info("menu item deleted", { restaurantId: restaurant.$id, itemId: item.$id, by: caller.userId });
  return { restaurantId: restaurant.$id, itemId: item.$id, deleted: true };
}

import { Query } from "node-appwrite";
import type { z } from "zod";
import type { Menu } from "@chizze/contracts/api/catalog";
import type { Deps } from "../deps";
import { notFound } from "../caller";
import { isoUtc } from "../time";
import { isListable } from "./reach";
import { listAll } from "./pages";
import { toMenuItem } from "./view";

/** Bounds of one menu read (the largest real menus have a few hundred dishes). */
const MAX_CATEGORIES = 200;
const MAX_ITEMS = 2_000;

/**
 * Public menu: active categories in order, each with its items in order (variants, add-on groups, veg flag,
 * allergens, availability, stock). Items of inactive categories are not shown. Unknown or unapproved → 404.
 */
export async function getMenu(deps: Deps, restaurantId: string): Promise<z.infer<typeof Menu>> {
  // Three reads at once: a menu miss costs one round trip, and a 404 (rare) only wastes two empty lists.
  const [row, categories, items] = await Promise.all([
    deps.db.restaurants.get(restaurantId),
    listAll(deps.db.menu_categories, [Query.equal("restaurant_id", restaurantId), Query.orderAsc("sort_order")], MAX_CATEGORIES),
    listAll(deps.db.menu_items, [Query.equal("restaurant_id", restaurantId), Query.orderAsc("sort_order")], MAX_ITEMS),
  ]);
  if (!row || !isListable(row)) throw notFound("Restaurant");
  const active = categories.filter((c) => c.is_active !== false).sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0) || (a.$id < b.$id ? -1 : 1));
  const byCategory = new Map(active.map((c) => [c.$id, [] as typeof items]));
  for (const item of items) byCategory.get(item.category_id)?.push(item);
  let updated = Date.parse(row.$updatedAt);
  for (const x of [...active, ...items]) updated = Math.max(updated, Date.parse(x.$updatedAt));
  return {
    restaurantId,
    categories: active.map((c) => ({
      id: c.$id,
      name: c.name,
      description: c.description,
      items: (byCategory.get(c.$id) ?? []).sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0) || (a.$id < b.$id ? -1 : 1)).map(toMenuItem),
    })),
    updatedAt: isoUtc(new Date(updated).toISOString()),
  };
}

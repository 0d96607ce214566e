// Which cached catalog pages a restaurant or menu change retires, and retiring them with the edge's own mechanism:
// versioned cache tags from @chizze/platform/redis/cache-tags (every filled tag, e.g. "restaurant:rst_1", has a
// counter `ver:{tag}` that is part of the key of every entry carrying it; INCR retires those entries at once, in
// Redis and in the Workers Cache API). Plus a DEL of the unversioned §3.1 keys (`rest:{id}`, `menu:{id}`) that
// cache-aside users of platform/redis/cache.ts may hold.
//
// The tags come from the contracts, not from literals here: a restaurant row change retires what PATCH /restaurant
// declares (`restaurant:{id}`, `nearby`, `search`), a menu row change what the menu item routes declare
// (`restaurant:{id}`, `menu:{id}`, `search`). The menu policy is tagged `restaurant:{id}` as well (contracts
// CACHE.menu), so a restaurant change also retires its menu pages.
import { updateMenuItemRoute, updateRestaurantRoute } from "@chizze/contracts/api/restaurant";
import { fillKeyTemplate, invalidateTags } from "@chizze/platform/redis/cache-tags";
import { invalidate } from "@chizze/platform/redis/cache";
import { keys } from "@chizze/platform/redis/keys";
import type { Redis, RedisResult } from "@chizze/platform/redis/client";

/** What changed: the restaurant's own row, or a row of its menu (an item or a category). */
export type CatalogChange = "restaurant" | "menu";

/** Filled tags a change of this restaurant retires; throws on an id that cannot be part of a key. */
export function catalogTags(restaurantId: string, change: CatalogChange): string[] {
  const templates = change === "restaurant" ? (updateRestaurantRoute.invalidates ?? []) : (updateMenuItemRoute.invalidates ?? []);
  return [...new Set(templates.map((t) => fillKeyTemplate(t, { restaurantId })))];
}

/** Unversioned §3.1 keys of the restaurant; throws on an id that cannot be part of a key. */
export function plainCatalogKeys(restaurantId: string): string[] {
  return [keys.restaurant(restaurantId), keys.menu(restaurantId)];
}

/**
 * Retires every cached entry carrying any of `tags` and deletes the plain keys. Commutative and safe to repeat:
 * running it twice, or for events that arrive out of order, only retires entries once more; it never writes cached
 * data, so a late event cannot put old data back. Failure is a value (entries then expire by their TTL).
 */
export async function retireCatalog(redis: Redis, tags: readonly string[], plainKeys: readonly string[]): Promise<RedisResult<{ tags: number; deleted: number }>> {
  const retired = await invalidateTags(redis, tags);
  if (!retired.ok) return retired;
  const deleted = await invalidate(redis, plainKeys);
  if (!deleted.ok) return deleted;
  return { ok: true, value: { tags: retired.value, deleted: deleted.deleted } };
}

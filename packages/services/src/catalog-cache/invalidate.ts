import { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import { T } from "@chizze/schema";
import type { Deps } from "../deps";
import { catalogTags, plainCatalogKeys, retireCatalog, type CatalogChange } from "./tags";

/** The part of a restaurants / menu_items / menu_categories row event payload (the row JSON) this verb reads. */
export const CatalogRowEvent = z.looseObject({
  $id: z.string().min(1).max(36),
  $tableId: z.string().optional(),
  $collectionId: z.string().optional(),
  restaurant_id: z.string().min(1).max(36).optional(),
});
export type CatalogRowEvent = z.infer<typeof CatalogRowEvent>;

const CHANGE_OF: Readonly<Record<string, CatalogChange>> = {
  [T.restaurants.id]: "restaurant",
  [T.menu_items.id]: "menu",
  [T.menu_categories.id]: "menu",
};

// `databases.chizze.tables.menu_items.rows.itm_1.update`, the legacy `…collections.X.documents…` form Appwrite sends
// first, or the `tablesdb.` form.
const EVENT = /^(?:databases|tablesdb)\.[^.]+\.(?:tables|collections)\.([^.]+)\.(?:rows|documents)\.[^.]+\.(create|update|upsert|delete)$/;

export type CatalogInvalidation =
  | { outcome: "invalidated"; table: string; restaurantId: string; tags: string[]; keysDeleted: number }
  | { outcome: "ignored"; reason: string };

/**
 * Retires the cached catalog pages a committed row change affects: `rest:{id}` / `menu:{id}` (deleted) and the
 * versioned `restaurant:{id}`, `menu:{id}`, `nearby`, `search` tags the edge keys its caches by. Every write path
 * reaches it (owner functions, admin approval, the order transaction's stock decrement, the console), while the
 * edge's own purge after a write only covers requests that went through the edge.
 *
 * Idempotent and order-independent: it only increments version counters and deletes keys, never stores data
 * taken from the (possibly stale) payload, so duplicates and out-of-order deliveries retire entries again and
 * can never resurrect an old version.
 */
export async function invalidateCatalogForRow(deps: Deps, event: string, row: CatalogRowEvent): Promise<CatalogInvalidation> {
  const table = row.$tableId ?? row.$collectionId ?? EVENT.exec(event)?.[1];
  const change = table ? CHANGE_OF[table] : undefined;
  if (!table || !change) return { outcome: "ignored", reason: `not a catalog table: ${table ?? event}` };
  const restaurantId = change === "restaurant" ? row.$id : row.restaurant_id;
  if (!restaurantId) throw new ApiError("validation_failed", `A ${table} row event without restaurant_id`, { errors: [{ path: "payload.restaurant_id", message: "Required" }] });

  let tags: string[];
  let plain: string[];
  try {
    tags = catalogTags(restaurantId, change);
    plain = plainCatalogKeys(restaurantId);
  } catch {
    throw new ApiError("validation_failed", "The row's restaurant id cannot be part of a cache key", { errors: [{ path: "payload", message: "Invalid restaurant id" }] });
  }
  if (!deps.redis) {
    deps.log.warn("catalog invalidation skipped: Redis is not configured", { table, restaurantId });
    return { outcome: "ignored", reason: "redis not configured" };
  }
  const r = await retireCatalog(deps.redis, tags, plain);
  if (!r.ok) {
    // The execution is recorded as failed (visible in the console); cached entries expire by their TTL meanwhile.
    deps.log.error("catalog invalidation failed; entries expire by TTL", { table, restaurantId, tags, reason: r.error.reason });
    throw new ApiError("dependency_unavailable", "Redis could not be reached", { cause: r.error, headers: { "retry-after": "5" } });
  }
  deps.log.info("catalog invalidated", { table, restaurantId, tags, keysDeleted: r.value.deleted });
  return { outcome: "invalidated", table, restaurantId, tags, keysDeleted: r.value.deleted };
}

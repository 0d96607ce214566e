import type { z } from "zod";
import type { NearbyQuery, NearbyResponse } from "@chizze/contracts/api/catalog";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { compareKeys, decodeCursor, encodeCursor, type SortKey } from "./cursor";
import { reachAt, type Reachable } from "./reach";
import { cuisineNames } from "./reference";
import { toCard } from "./view";

type Sort = z.output<typeof NearbyQuery>["sort"];

/** Ascending sort keys (id breaks ties): rating sorts highest first, unrated last, then nearest. */
export function sortKey(sort: Sort, r: Reachable): SortKey {
  switch (sort) {
    case "distance":
      return [r.distanceM];
    case "eta":
      return [r.etaMinutes, r.distanceM];
    case "rating": {
      const rated = (r.row.rating_count ?? 0) >= 5 && r.row.rating !== null;
      return [rated ? -(r.row.rating ?? 0) : 1, -(r.row.rating_count ?? 0), r.distanceM];
    }
  }
}

/**
 * Restaurants that can deliver to (lat, lng) now, sorted and cursor-paginated. The list is computed (core decides
 * serviceability per restaurant), so the cursor is the last row's sort key + id, not a database cursor.
 * `reason` is core's verdict on the point before the caller's own filters (radius, cuisine, veg): a filter that
 * matches nothing gives an empty page with reason null, not "outside_service_area".
 */
export async function nearbyRestaurants(deps: Deps, _caller: Caller, query: z.output<typeof NearbyQuery>): Promise<z.infer<typeof NearbyResponse>> {
  const after = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
  const point = { lat: query.lat, lng: query.lng };
  const reach = await reachAt(deps, point, deps.now());
  if (reach.reachable.length === 0) return { items: [], nextCursor: null, reason: reach.reason };

  const radiusM = query.radiusKm * 1000;
  const rows = reach.reachable
    .filter((r) => r.distanceM <= radiusM && (query.veg !== true || r.row.is_veg_only === true) && (!query.cuisine || (r.row.cuisines ?? []).includes(query.cuisine)))
    .map((r) => ({ r, key: sortKey(query.sort, r) }))
    .sort((a, b) => compareKeys(a.key, a.r.row.$id, b.key, b.r.row.$id));
  const start = after ? rows.findIndex((x) => compareKeys(x.key, x.r.row.$id, after.key, after.id) > 0) : 0;
  const pageRows = start < 0 ? [] : rows.slice(start, start + query.limit);
  const last = pageRows[pageRows.length - 1];
  const more = start >= 0 && start + query.limit < rows.length;
  const names = await cuisineNames(deps);
  return {
    items: pageRows.map((x) => toCard(x.r, names)),
    nextCursor: more && last ? encodeCursor(query.sort, last.key, last.r.row.$id) : null,
    reason: null,
  };
}

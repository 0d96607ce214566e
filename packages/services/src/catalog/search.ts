import { Query } from "node-appwrite";
import type { z } from "zod";
import type { DishHit, SearchQuery, SearchResponse } from "@chizze/contracts/api/catalog";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { reachAt, type Reachable } from "./reach";
import { cuisineNames } from "./reference";
import { listAll, listSelected } from "./pages";
import { toCard } from "./view";
import { T } from "@chizze/schema";

/** Restaurant ids per `equal("restaurant_id", [...])` query: keeps each query string far below Appwrite's 4 KiB. */
const IDS_PER_QUERY = 50;
/** Bound on dish rows read per id chunk before ranking (50 restaurants rarely have more than a few hits each). */
const DISH_ROWS_PER_CHUNK = 1_000;

const DishRow = T.menu_items.row.pick({ $id: true, restaurant_id: true, name: true, price_paise: true, is_veg: true, image_url: true, is_available: true, is_bestseller: true, sort_order: true });

function chunks<X>(xs: readonly X[], n: number): X[][] {
  const out: X[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * Search near a point. Decision: results come only from restaurants that can deliver to the point now (the same
 * engine as nearby), because a dish the customer cannot order is noise; within that set each section is ranked by
 * distance. Matching uses the fulltext indexes: restaurants.name (ft_name) — plus restaurants whose cuisine's name
 * matches (cuisines.ft_name, so "biryani" finds biryani houses named otherwise) — and menu_items.name (ft_name).
 * Each section holds at most `limit` results. Outside every zone, or when all is closed, both sections are empty.
 */
export async function search(deps: Deps, _caller: Caller, query: z.output<typeof SearchQuery>): Promise<z.infer<typeof SearchResponse>> {
  const point = { lat: query.lat, lng: query.lng };
  const reach = await reachAt(deps, point, deps.now());
  const serviceable = new Map<string, Reachable>(reach.reachable.filter((r) => query.veg !== true || r.row.is_veg_only === true).map((r) => [r.row.$id, r]));
  if (serviceable.size === 0) return { restaurants: [], dishes: [] };
  const ids = [...serviceable.keys()];
  const q = query.q;

  const [nameHits, cuisineHits, dishRows] = await Promise.all([
    // Restaurants by name: the fulltext index, narrowed to the serviceable ids.
    Promise.all(chunks(ids, IDS_PER_QUERY).map((part) => listSelected(deps.tablesDB, T.restaurants, T.restaurants.row.pick({ $id: true }), [Query.search("name", q), Query.equal("$id", part)], ["$id"], { max: part.length, strict: deps.config.strictRows }))).then((pages) => new Set(pages.flat().map((r) => r.$id))),
    // Cuisines whose name matches: the cuisine list is small and cached, the fulltext query keeps one matching rule.
    listAll(deps.db.cuisines, [Query.search("name", q), Query.equal("is_active", true)], 100).then((rows) => new Set(rows.map((c) => c.slug))),
    Promise.all(
      chunks(ids, IDS_PER_QUERY).map((part) =>
        listSelected(
          deps.tablesDB,
          T.menu_items,
          DishRow,
          [Query.search("name", q), Query.equal("restaurant_id", part), Query.equal("is_available", true), ...(query.veg === true ? [Query.equal("is_veg", true)] : [])],
          ["$id", "restaurant_id", "name", "price_paise", "is_veg", "image_url", "is_available", "is_bestseller", "sort_order"],
          { max: DISH_ROWS_PER_CHUNK, strict: deps.config.strictRows },
        ),
      ),
    ).then((pages) => pages.flat()),
  ]);

  const byDistance = (a: Reachable, b: Reachable) => a.distanceM - b.distanceM || (a.row.$id < b.row.$id ? -1 : 1);
  // Name matches first, then cuisine matches; nearest first within each.
  const named = [...nameHits].map((id) => serviceable.get(id)).filter((r): r is Reachable => r !== undefined).sort(byDistance);
  const byCuisine = cuisineHits.size === 0 ? [] : [...serviceable.values()].filter((r) => !nameHits.has(r.row.$id) && (r.row.cuisines ?? []).some((c) => cuisineHits.has(c))).sort(byDistance);
  const names = await cuisineNames(deps);
  const restaurants = [...named, ...byCuisine].slice(0, query.limit).map((r) => toCard(r, names));

  const dishes: z.infer<typeof DishHit>[] = dishRows
    .map((d) => ({ d, r: serviceable.get(d.restaurant_id) }))
    .filter((x): x is { d: (typeof dishRows)[number]; r: Reachable } => x.r !== undefined)
    .sort((a, b) => byDistance(a.r, b.r) || Number(b.d.is_bestseller === true) - Number(a.d.is_bestseller === true) || (a.d.sort_order ?? 0) - (b.d.sort_order ?? 0) || (a.d.$id < b.d.$id ? -1 : 1))
    .slice(0, query.limit)
    .map(({ d, r }) => ({
      itemId: d.$id,
      name: d.name,
      pricePaise: d.price_paise,
      isVeg: d.is_veg,
      imageUrl: d.image_url,
      restaurant: { id: r.row.$id, name: r.row.name, distanceM: r.distanceM, etaMinutes: r.etaMinutes, isOpen: true },
    }));
  return { restaurants, dishes };
}

import { Query } from "node-appwrite";
import type { z } from "zod";
import type { CouponsQuery, CouponsResponse } from "@chizze/contracts/api/catalog";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { listAll } from "./pages";
import { toCoupon } from "./view";

/** Published coupons are few; the bound only guards against a runaway table. */
const MAX_COUPONS = 500;

/**
 * Offers a customer can see: active, valid now (valid_from ≤ now < valid_until, core's window), not used up, and
 * either platform-wide or — when `restaurantId` is given — that restaurant's own. Whether one applies to this
 * user and cart (first order, per-user limit, minimum) is the quote's decision, so the list is the same for
 * everyone and cacheable. The restaurant's own offers come first, then those ending soonest.
 */
export async function listCoupons(deps: Deps, _caller: Caller, query: z.output<typeof CouponsQuery>): Promise<z.infer<typeof CouponsResponse>> {
  const now = deps.now();
  const nowIso = now.toISOString();
  const scope = query.restaurantId ? Query.or([Query.isNull("restaurant_id"), Query.equal("restaurant_id", query.restaurantId)]) : Query.isNull("restaurant_id");
  // idx_active_until: is_active + valid_until range; the rest is filtered from that narrowed set.
  const rows = await listAll(deps.db.coupons, [Query.equal("is_active", true), Query.greaterThan("valid_until", nowIso), Query.lessThanEqual("valid_from", nowIso), scope], MAX_COUPONS);
  const live = rows.filter((c) => Date.parse(c.valid_from) <= now.getTime() && now.getTime() < Date.parse(c.valid_until) && (c.global_limit === null || (c.used_count ?? 0) < c.global_limit));
  live.sort((a, b) => Number(b.restaurant_id !== null) - Number(a.restaurant_id !== null) || Date.parse(a.valid_until) - Date.parse(b.valid_until) || (a.code < b.code ? -1 : 1));
  return { items: live.map(toCoupon) };
}

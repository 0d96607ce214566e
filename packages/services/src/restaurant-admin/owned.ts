// Which of the caller's restaurants a request is about. Ownership is `restaurants.owner_id = caller`; anything else is
// 404 (style rule 5), so an owner learns nothing about other restaurants' existence through these routes.
import { Query } from "node-appwrite";
import { ApiError } from "@chizze/contracts/errors";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import type { RestaurantRow } from "./view";

/** Most restaurants one owner account may hold (a chain runs many outlets); the list route shows them all. */
export const MAX_OWNED_RESTAURANTS = 100;

export async function ownedRestaurantById(deps: Deps, caller: Caller, restaurantId: string): Promise<RestaurantRow> {
  const row = await deps.db.restaurants.get(restaurantId);
  if (!row || row.owner_id !== caller.userId) throw notFound("Restaurant");
  return row;
}

/**
 * `?restaurantId=` when given (must be the caller's, else 404); otherwise the caller's only restaurant. An owner of
 * several must say which (400, contracts/api/restaurant.ts); an owner of none gets 404.
 */
export async function selectOwnedRestaurant(deps: Deps, caller: Caller, restaurantId: string | undefined): Promise<RestaurantRow> {
  if (restaurantId !== undefined) return ownedRestaurantById(deps, caller, restaurantId);
  const mine = await deps.db.restaurants.list([Query.equal("owner_id", caller.userId)], { limit: 2 });
  const [only, second] = mine.rows;
  if (!only) throw notFound("Restaurant");
  if (second) {
    throw new ApiError("validation_failed", "You own several restaurants: say which with ?restaurantId=", {
      errors: [{ path: "query.restaurantId", message: "Required when you own more than one restaurant" }],
    });
  }
  return only;
}

import { Query } from "node-appwrite";
import type { z } from "zod";
import type { myRestaurantsRoute } from "@chizze/contracts/api/restaurant";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { MAX_OWNED_RESTAURANTS } from "./owned";
import { toOwnedRestaurant } from "./view";

/** The caller's restaurants, oldest first, including ones awaiting approval or suspended. */
export async function listMyRestaurants(deps: Deps, caller: Caller): Promise<z.infer<(typeof myRestaurantsRoute)["responses"][200]>> {
  const page = await deps.db.restaurants.list([Query.equal("owner_id", caller.userId), Query.orderAsc("$createdAt"), Query.orderAsc("$id")], { limit: MAX_OWNED_RESTAURANTS });
  const now = deps.now();
  return { items: page.rows.map((r) => toOwnedRestaurant(r, now)) };
}

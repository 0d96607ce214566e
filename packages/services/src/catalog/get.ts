import type { z } from "zod";
import type { RestaurantDetail } from "@chizze/contracts/api/catalog";
import type { Deps } from "../deps";
import { notFound } from "../caller";
import { isListable } from "./reach";
import { cuisineNames } from "./reference";
import { toDetail } from "./view";

/** Public restaurant page: hours, closures, open now, licences, ratings. Unknown or unapproved → 404. */
export async function getRestaurant(deps: Deps, id: string): Promise<z.infer<typeof RestaurantDetail>> {
  const row = await deps.db.restaurants.get(id);
  if (!row || !isListable(row)) throw notFound("Restaurant");
  return toDetail(row, await cuisineNames(deps), deps.now());
}

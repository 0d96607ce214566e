import type { z } from "zod";
import type { CategoriesResponse } from "@chizze/contracts/api/catalog";
import type { Deps } from "../deps";
import { activeCuisines } from "./reference";
import { toCategory } from "./view";

/** The home screen's cuisine chips: active cuisines in display order (public; the edge caches it an hour). */
export async function listCategories(deps: Deps): Promise<z.infer<typeof CategoriesResponse>> {
  return { items: (await activeCuisines(deps)).map(toCategory) };
}

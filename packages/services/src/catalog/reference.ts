// Reference data every browse request needs and that changes rarely: delivery zones (a few polygons per city) and
// the cuisine list. Read once per warm runtime and kept for a short TTL (style rule 7), so the nearby hot path
// costs one restaurants query. An admin change to a zone or cuisine is seen within REFERENCE_TTL_MS.
import { Query } from "node-appwrite";
import type { ZoneArea } from "@chizze/core";
import type { Deps } from "../deps";
import { listAll } from "./pages";

export const REFERENCE_TTL_MS = 30_000;
/** Zones and cuisines are small tables; more rows than this is a data bug, not a reason to scan further. */
const MAX_REFERENCE_ROWS = 1_000;

export interface Zone extends ZoneArea {
  city: string;
  name: string;
  surgeMultiplierBps: number;
}

export interface Cuisine {
  id: string;
  slug: string;
  name: string;
  imageUrl: string | null;
  sortOrder: number;
}

interface Entry<T> {
  key: string;
  at: number;
  value: T;
  pending?: Promise<T>;
}

/** One cached value per (Appwrite endpoint, project): a runtime serves one project, tests start several stacks. */
function cached<T>(load: (deps: Deps) => Promise<T>): { get(deps: Deps): Promise<T>; clear(): void } {
  let entry: Entry<T> | undefined;
  let inflight: { key: string; promise: Promise<T> } | undefined;
  return {
    async get(deps) {
      const key = `${deps.config.appwrite.endpoint}|${deps.config.appwrite.projectId}`;
      const now = Date.now();
      if (entry && entry.key === key && now - entry.at < REFERENCE_TTL_MS) return entry.value;
      // Concurrent executions in one runtime share the refresh.
      if (inflight?.key === key) return inflight.promise;
      const promise = load(deps).then(
        (value) => {
          entry = { key, at: Date.now(), value };
          inflight = undefined;
          return value;
        },
        (err: unknown) => {
          inflight = undefined;
          throw err;
        },
      );
      inflight = { key, promise };
      return promise;
    },
    clear() {
      entry = undefined;
      inflight = undefined;
    },
  };
}

const zonesCache = cached(async (deps): Promise<Zone[]> => {
  const rows = await listAll(deps.db.zones, [Query.equal("is_active", true)], MAX_REFERENCE_ROWS);
  return rows.map((z) => ({
    id: z.$id,
    city: z.city,
    name: z.name,
    isActive: z.is_active ?? true,
    area: z.area,
    surgeMultiplierBps: z.surge_multiplier_bps ?? 10_000,
  }));
});

const cuisinesCache = cached(async (deps): Promise<Cuisine[]> => {
  const rows = await listAll(deps.db.cuisines, [Query.equal("is_active", true), Query.orderAsc("sort_order")], MAX_REFERENCE_ROWS);
  return rows
    .map((c) => ({ id: c.$id, slug: c.slug, name: c.name, imageUrl: c.image_url, sortOrder: c.sort_order ?? 0 }))
    .sort((a, b) => a.sortOrder - b.sortOrder || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
});

/** Active delivery zones (all cities). */
export function activeZones(deps: Deps): Promise<Zone[]> {
  return zonesCache.get(deps);
}

/** Active cuisines in display order. */
export function activeCuisines(deps: Deps): Promise<Cuisine[]> {
  return cuisinesCache.get(deps);
}

/** slug → display name; unknown slugs are shown as stored. */
export async function cuisineNames(deps: Deps): Promise<(slugs: readonly string[] | null) => string[]> {
  const bySlug = new Map((await activeCuisines(deps)).map((c) => [c.slug, c.name]));
  return (slugs) => (slugs ?? []).map((s) => bySlug.get(s) ?? s);
}

/** For tests and admin functions running in the same runtime. */
export function clearReferenceCaches(): void {
  zonesCache.clear();
  cuisinesCache.clear();
}

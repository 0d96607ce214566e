// Location TTL (production-architecture §4.4): delivery_locations rows exist for live tracking and a short support
// window, and a rider's trail is personal data, so they are deleted after LOCATION_RETENTION_HOURS (default 24; the
// design's other figure, 7 days, would keep a week of movements for no use we have). The same run rebuilds each
// served city's partner GEO index from delivery_partners, so a cache lost or skewed by a Redis failure is repaired
// within the hour even for partners who stopped reporting.
import { Query } from "node-appwrite";
import { z } from "zod";
import { DATABASE_ID, T } from "@chizze/schema";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import { PlatformError } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import { rebuildGeoIndex, type RebuildReport } from "./geo-index";

/** The function's own variables, parsed at its boundary (functions/delivery-locations-cleanup). */
export const locationsCleanupEnv = z.object({
  LOCATION_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
});

/** Rows per bulk delete and deletes per run: 50 000 rows a run, the rest in the next (bounded work per execution). */
export const CLEANUP_PAGE = 100;
export const CLEANUP_MAX_PAGES = 500;
const ZONE_MAX_PAGES = 20;

export interface LocationsCleanupReport {
  cutoff: string;
  deleted: number;
  pages: number;
  /** True when the page bound stopped the run with old rows left (the next run continues). */
  more: boolean;
  /** Per city; null when Redis could not be reached (the rows were still cleaned). */
  geo: RebuildReport[] | null;
}

/**
 * Deletes delivery_locations rows recorded before now − retention, oldest first, 100 per bulk delete
 * (Query.lessThan on idx_recorded). Idempotent: a re-run (or an overlapping one) finds nothing left to delete.
 */
export async function cleanupDeliveryLocations(deps: Deps, opts: { retentionHours: number; maxPages?: number }): Promise<LocationsCleanupReport> {
  const cutoff = new Date(deps.now().getTime() - opts.retentionHours * 3_600_000).toISOString();
  const maxPages = opts.maxPages ?? CLEANUP_MAX_PAGES;
  let deleted = 0;
  let pages = 0;
  let more = false;
  for (;;) {
    if (pages >= maxPages) {
      more = true;
      break;
    }
    const res = await appwriteCall("bulk delete delivery_locations", () =>
      deps.tablesDB.deleteRows({
        databaseId: DATABASE_ID,
        tableId: T.delivery_locations.id,
        queries: [Query.lessThan("recorded_at", cutoff), Query.orderAsc("recorded_at"), Query.limit(CLEANUP_PAGE)],
      }),
    );
    pages++;
    deleted += res.total;
    if (res.total < CLEANUP_PAGE) break;
  }
  const geo = await rebuildCities(deps);
  const report = { cutoff, deleted, pages, more, geo };
  deps.log.info("delivery locations cleaned", { cutoff, deleted, pages, more, geoCities: geo?.length ?? null, geoIndexed: geo?.reduce((s, c) => s + c.indexed, 0) ?? null });
  return report;
}

/** Rebuilds the GEO index of every city with an active zone; a dependency failing is reported, not thrown. */
async function rebuildCities(deps: Deps): Promise<RebuildReport[] | null> {
  if (!deps.redis) return null;
  const out: RebuildReport[] = [];
  try {
    const cities = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < ZONE_MAX_PAGES; page++) {
      const zones = await deps.db.zones.list([Query.equal("is_active", true)], { limit: 100, cursor });
      for (const z of zones.rows) cities.add(z.city);
      cursor = zones.nextCursor;
      if (!cursor) break;
    }
    for (const city of [...cities].sort()) out.push(await rebuildGeoIndex(deps, city));
  } catch (err) {
    if (!(err instanceof PlatformError && err.infra)) throw err;
    deps.log.warn("geo index rebuild failed; the next run retries", { dependency: err.dependency, error: err.message });
    return null;
  }
  return out;
}

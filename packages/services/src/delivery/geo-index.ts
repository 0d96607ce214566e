// The partner GEO index (platform redis/geo.ts) as the delivery verbs keep it: a cache of delivery_partners that
// matching reads (I11: Appwrite is the truth). Live writes fail open — a partner's status or fix is recorded in
// Appwrite whatever Redis does — and the index is repaired by the partner's next fix (every 5–15 s) or rebuilt from
// the rows by rebuildGeoIndex (the hourly delivery-locations-cleanup run, or an operator after a Redis failover).
import { Query } from "node-appwrite";
import { DEFAULT_DISPATCH_CONFIG } from "@chizze/core";
import { isIndexable, rebuildFrom, removePartner, updatePartnerLocation } from "@chizze/platform/redis/geo";
import { keys } from "@chizze/platform/redis/keys";
import { redisCall, toRedisUnavailable } from "@chizze/platform/redis/client";
import type { Deps } from "../deps";
import type { PartnerRow } from "./partner";

type IndexFacts = Pick<PartnerRow, "$id" | "city" | "is_active" | "is_online" | "is_on_delivery" | "last_lat" | "last_lng" | "last_seen_at">;

/**
 * Puts the partner in their city's index (position + last_seen_at as the freshness stamp) when they could take an
 * offer — active, online, no order in hand, position known — and takes them out otherwise. Idempotent. Never throws
 * for Redis: answers false (and logs) when the index could not be touched.
 */
export async function syncPartnerIndex(deps: Deps, partner: IndexFacts, holdsOrder: boolean): Promise<boolean> {
  if (!deps.redis) return false;
  const redis = deps.redis;
  const facts = { ...partner, is_on_delivery: partner.is_on_delivery === true || holdsOrder };
  const r = isIndexable(facts)
    ? await redisCall("geo update", () => updatePartnerLocation(redis, partner.city, partner.$id, partner.last_lat as number, partner.last_lng as number, Date.parse(partner.last_seen_at as string)))
    : await redisCall("geo remove", () => removePartner(redis, partner.city, partner.$id));
  if (!r.ok) deps.log.warn("geo index not updated; repaired by the next fix or rebuildGeoIndex", { partnerId: partner.$id, city: partner.city, reason: r.error.reason });
  return r.ok;
}

/** Partners read per page and pages per city when rebuilding (10 000 partners per city). */
const REBUILD_PAGE = 100;
const REBUILD_MAX_PAGES = 100;

export interface RebuildReport {
  city: string;
  /** Online, not-on-delivery rows read. */
  scanned: number;
  /** Members of the rebuilt index. */
  indexed: number;
}

/**
 * Replaces `city`'s index with the partners the rows say can take an offer now: online, active, not on a delivery,
 * with a position reported within `freshWithinMs` (default: dispatch's locationFreshSec). Readers see the old or the
 * new index, never a mix (one MULTI). A partner changing state during the rebuild is corrected by their next fix;
 * assignment re-checks the row anyway. Throws Unavailable when Redis cannot be reached.
 */
export async function rebuildGeoIndex(deps: Deps, city: string, opts: { freshWithinMs?: number } = {}): Promise<RebuildReport> {
  if (!deps.redis) throw toRedisUnavailable(new Error("Redis is not configured"), "geo rebuild");
  const redis = deps.redis;
  const cutoffMs = deps.now().getTime() - (opts.freshWithinMs ?? DEFAULT_DISPATCH_CONFIG.locationFreshSec * 1000);
  const live: PartnerRow[] = [];
  let scanned = 0;
  let cursor: string | null = null;
  for (let page = 0; page < REBUILD_MAX_PAGES; page++) {
    const res = await deps.db.delivery_partners.list([Query.equal("city", city), Query.equal("is_online", true), Query.equal("is_on_delivery", false)], { limit: REBUILD_PAGE, cursor });
    scanned += res.rows.length;
    for (const p of res.rows) if (isIndexable(p) && Date.parse(p.last_seen_at as string) >= cutoffMs) live.push(p);
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  if (cursor) deps.log.warn("geo rebuild stopped at the page bound", { city, scanned });
  if (live.length === 0) {
    // rebuildFrom leaves a city absent from its rows alone: an empty city is cleared here.
    try {
      await redis.del(keys.geoPartners(city), keys.geoSeen(city));
    } catch (err) {
      throw toRedisUnavailable(err, "geo rebuild");
    }
    return { city, scanned, indexed: 0 };
  }
  const { indexed } = await rebuildFrom(redis, live);
  return { city, scanned, indexed };
}

// The live partner GEO index: per city, a Redis GEO set of partner positions (geo:partners:{city}) and a sorted set
// of when each position was reported (geo:seen:{city}, score = epoch ms). It is a cache and a hint (invariant I11:
// Appwrite is the truth): matching reads it, assignment is a conditional write in Appwrite, and the whole index can
// be rebuilt from delivery_partners rows. Workers-safe.
import type { Redis } from "@upstash/redis/cloudflare";
import type { Row } from "@chizze/schema";
import { citySlug, keys } from "./keys";
import { toRedisUnavailable } from "./client";

export interface NearbyPartner {
  partnerId: string;
  distanceM: number;
  seenAtMs: number;
}

export interface NearbyOptions {
  limit: number;
  /** Positions older than this are ignored. */
  freshWithinMs: number;
  nowMs: number;
  /**
   * How many candidates to read from the GEO set before dropping stale ones. Default 3 × limit: the sweeper prunes
   * stale members, so a few extra are enough to fill `limit` between sweeps.
   */
  scanLimit?: number;
}

function checkCoords(lat: number, lng: number): void {
  // Redis accepts latitudes within ±85.05112878 only (Web Mercator); India is far inside.
  if (!(lat >= -85.05112878 && lat <= 85.05112878) || !(lng >= -180 && lng <= 180)) throw new RangeError(`Invalid coordinates ${lat},${lng}`);
}

/**
 * Records a partner's position. GEOADD and the freshness ZADD go in one MULTI so a reader never sees a position
 * without its time. Out-of-order reports are the caller's concern (the location function drops a fix older than the
 * partner's last_seen_at before calling this).
 */
export async function updatePartnerLocation(redis: Redis, city: string, partnerId: string, lat: number, lng: number, atMs: number): Promise<void> {
  checkCoords(lat, lng);
  try {
    const tx = redis.multi();
    tx.geoadd(keys.geoPartners(city), { latitude: lat, longitude: lng, member: partnerId });
    tx.zadd(keys.geoSeen(city), { score: atMs, member: partnerId });
    await tx.exec();
  } catch (err) {
    throw toRedisUnavailable(err, "geo update");
  }
}

/** Takes a partner out of the city's index (offline, blocked, on a delivery). */
export async function removePartner(redis: Redis, city: string, partnerId: string): Promise<void> {
  try {
    const tx = redis.multi();
    // A GEO set is a sorted set: ZREM removes its members.
    tx.zrem(keys.geoPartners(city), partnerId);
    tx.zrem(keys.geoSeen(city), partnerId);
    await tx.exec();
  } catch (err) {
    throw toRedisUnavailable(err, "geo remove");
  }
}

/** Partners within `radiusM` of a point, nearest first, reported within `freshWithinMs`. */
export async function nearbyPartners(redis: Redis, city: string, lat: number, lng: number, radiusM: number, opts: NearbyOptions): Promise<NearbyPartner[]> {
  checkCoords(lat, lng);
  const scanLimit = Math.max(opts.limit, opts.scanLimit ?? opts.limit * 3);
  try {
    const found = await redis.geosearch<string>(
      keys.geoPartners(city),
      { type: "FROMLONLAT", coordinate: { lon: lng, lat } },
      { type: "BYRADIUS", radius: radiusM, radiusType: "M" },
      "ASC",
      { count: { limit: scanLimit }, withDist: true },
    );
    if (found.length === 0) return [];
    // Automatic deserialisation turns an all-digit member into a number; ids are strings.
    const ids = found.map((f) => String(f.member));
    const seen = (await redis.zmscore(keys.geoSeen(city), ids)) ?? [];
    const cutoff = opts.nowMs - opts.freshWithinMs;
    const out: NearbyPartner[] = [];
    for (let i = 0; i < found.length && out.length < opts.limit; i++) {
      const seenAt = seen[i];
      if (typeof seenAt !== "number" || seenAt < cutoff) continue;
      out.push({ partnerId: ids[i] as string, distanceM: Number(found[i]?.dist ?? Number.NaN), seenAtMs: seenAt });
    }
    return out;
  } catch (err) {
    throw toRedisUnavailable(err, "geo search");
  }
}

/** Drops partners not seen since `olderThanMs` from the city's index (the location-TTL schedule). Returns how many. */
export async function pruneStale(redis: Redis, city: string, olderThanMs: number): Promise<number> {
  try {
    const stale = (await redis.zrange<string[]>(keys.geoSeen(city), "-inf", `(${olderThanMs}`, { byScore: true })).map(String);
    if (stale.length === 0) return 0;
    const tx = redis.multi();
    tx.zrem(keys.geoPartners(city), ...stale);
    tx.zrem(keys.geoSeen(city), ...stale);
    await tx.exec();
    return stale.length;
  } catch (err) {
    throw toRedisUnavailable(err, "geo prune");
  }
}

type PartnerRow = Pick<Row<"delivery_partners">, "$id" | "city" | "is_active" | "is_online" | "is_on_delivery" | "last_lat" | "last_lng" | "last_seen_at">;

/** Only partners who could take an offer belong in the index. */
export function isIndexable(p: PartnerRow): boolean {
  return p.is_active !== false && p.is_online === true && p.is_on_delivery !== true && p.last_lat !== null && p.last_lng !== null && p.last_seen_at !== null;
}

const CHUNK = 500;

/**
 * Replaces the index of every city present in `rows` with what the rows say (after a Redis flush or failover).
 * Per city one MULTI: DEL both keys, then GEOADD/ZADD in chunks, so readers see the old or the new index, never a
 * half-built one. Cities absent from `rows` are left alone; pass every partner of a city to rebuild it.
 */
export async function rebuildFrom(redis: Redis, rows: readonly PartnerRow[]): Promise<{ cities: number; indexed: number }> {
  const byCity = new Map<string, PartnerRow[]>();
  for (const r of rows) {
    const slug = citySlug(r.city);
    const list = byCity.get(slug) ?? [];
    list.push(r);
    byCity.set(slug, list);
  }
  let indexed = 0;
  try {
    for (const [slug, list] of byCity) {
      const live = list.filter(isIndexable);
      const tx = redis.multi();
      tx.del(keys.geoPartners(slug), keys.geoSeen(slug));
      for (let i = 0; i < live.length; i += CHUNK) {
        const chunk = live.slice(i, i + CHUNK);
        const [first, ...rest] = chunk.map((p) => ({ latitude: p.last_lat as number, longitude: p.last_lng as number, member: p.$id }));
        const [firstSeen, ...restSeen] = chunk.map((p) => ({ score: Date.parse(p.last_seen_at as string), member: p.$id }));
        if (first && firstSeen) {
          tx.geoadd(keys.geoPartners(slug), first, ...rest);
          tx.zadd(keys.geoSeen(slug), firstSeen, ...restSeen);
        }
      }
      await tx.exec();
      indexed += live.length;
    }
  } catch (err) {
    throw toRedisUnavailable(err, "geo rebuild");
  }
  return { cities: byCity.size, indexed };
}

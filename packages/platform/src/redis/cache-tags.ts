// Cache tags with versioned keys: the one invalidation mechanism shared by the edge (which caches) and the
// functions and event handlers (which change what is cached). Workers-safe.
//
// Invalidation by versioned keys. Every cache policy has tags (contracts CACHE: "restaurant:{id}", "menu:{id}",
// "search", …). Each filled tag has a counter `ver:{tag}` in Redis, and the versions of an entry's tags are part of
// its cache key. `invalidateTags(["restaurant:r1"])` INCRs the counter: from then on every reader computes a new key,
// so the old entries are unreachable at once, in Redis *and* in the Workers Cache API. That matters because the Cache
// API cannot be purged from a Worker: `cache.delete()` only reaches the data centre the Worker runs in (the Cache API
// is per colo, not replicated — edge-stack.md §3.2), and purging everywhere needs Cloudflare's zone purge API with an
// account token. Retired entries simply expire by their TTL.
//
// Version counters have no TTL: they must outlive every entry keyed by them (one small key per restaurant/tag).
import type { Redis } from "@upstash/redis/cloudflare";
import { fillTemplate } from "@chizze/contracts/policies";
import { redisCall, type RedisResult } from "./client";

/** Same rule as platform/redis/keys.ts: a filled part can never smuggle a ':' into another key's namespace. */
const PART = /^[A-Za-z0-9._-]{1,128}$/;

/** Fills a tag or key template, checking every value; throws on a missing or unsafe value. */
export function fillKeyTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const safe: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (PART.test(v)) safe[k] = v;
  return fillTemplate(template, safe);
}

/** `ver:{tag}` — the version counter of one filled tag. */
export function tagVersionKey(tag: string): string {
  if (!/^[A-Za-z0-9._:-]{1,200}$/.test(tag)) throw new Error(`Invalid cache tag ${JSON.stringify(tag.slice(0, 40))}`);
  return `ver:${tag}`;
}

/** Current versions of `tags` (0 for a tag never invalidated), in order. One MGET. */
export async function tagVersions(redis: Redis, tags: readonly string[]): Promise<RedisResult<number[]>> {
  if (tags.length === 0) return { ok: true, value: [] };
  return redisCall("cache tag versions", async () => {
    const raw = await redis.mget<(number | string | null)[]>(...tags.map(tagVersionKey));
    return raw.map((v) => (v === null ? 0 : Number(v)));
  });
}

/** The key an entry is stored under: the policy's key (§3.1 names stay readable) plus its tags' versions. */
export function versionedKey(baseKey: string, versions: readonly number[]): string {
  return versions.length === 0 ? baseKey : `${baseKey}:v${versions.join(".")}`;
}

/**
 * Retires every cached entry carrying any of `tags`, in Redis and in the Workers Cache API. One MULTI of INCRs.
 * Failure is a value: entries then live until their TTL (≤ policy ttl + swr); the caller logs it.
 */
export async function invalidateTags(redis: Redis, tags: readonly string[]): Promise<RedisResult<number>> {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return { ok: true, value: 0 };
  return redisCall("cache invalidate tags", async () => {
    const tx = redis.multi();
    for (const t of unique) tx.incr(tagVersionKey(t));
    await tx.exec();
    return unique.length;
  });
}

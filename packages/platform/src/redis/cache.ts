// Cache-aside over Redis for data whose origin can always answer (restaurants, menus, search): a Redis failure is a
// miss, never an error (fail open, style rule 9), and is reported through `onEvent` so it shows up in metrics.
// Entries are stored as {v, at} (value, stored-at epoch ms) and kept for ttl + swr seconds; within ttl they are
// fresh, after it they are stale and served while one caller refreshes them (stale-while-revalidate).
// Errors of `load` are never cached. Workers-safe.
import type { Redis } from "@upstash/redis/cloudflare";
import { keys, TTL_MS } from "./keys";
import { toRedisUnavailable } from "./client";
import type { Unavailable } from "../errors";

interface Entry<T> {
  v: T;
  at: number;
}

export type CacheResult = "hit" | "stale" | "miss" | "error";

export interface CacheEvent {
  key: string;
  result: CacheResult;
  /** Set when Redis failed (result "error" for the read; "miss" with error for a failed write). */
  error?: Unavailable;
}

export interface CacheOptions<T> {
  /** Seconds a stale entry may still be served while it is refreshed. Default 0 (no SWR). */
  swrSec?: number;
  /** Reports every lookup (and Redis failures) for metrics/logs. */
  onEvent?: (e: CacheEvent) => void;
  /**
   * Where a background refresh goes (Workers: ctx.waitUntil). Without it a stale entry is refreshed inline — the
   * Appwrite runtime may freeze after the response, so a dangling promise would never finish.
   */
  waitUntil?: (p: Promise<unknown>) => void;
  /** Whether a loaded value may be stored (e.g. skip caching "not found"). Default: everything but undefined. */
  cacheIf?: (value: T) => boolean;
  now?: () => number;
}

export interface Cached<T> {
  value: T;
  result: CacheResult;
  /** When the served value was loaded from the origin (epoch ms). */
  storedAt: number;
}

function isEntry(x: unknown): x is Entry<unknown> {
  return typeof x === "object" && x !== null && "v" in x && typeof (x as { at?: unknown }).at === "number";
}

async function store<T>(redis: Redis, key: string, value: T, ttlSec: number, swrSec: number, now: number, opts: CacheOptions<T>): Promise<void> {
  if (value === undefined || (opts.cacheIf && !opts.cacheIf(value))) return;
  try {
    const entry: Entry<T> = { v: value, at: now };
    await redis.set(key, entry, { ex: ttlSec + swrSec });
  } catch (err) {
    opts.onEvent?.({ key, result: "miss", error: toRedisUnavailable(err, "cache write") });
  }
}

async function refresh<T>(redis: Redis, key: string, ttlSec: number, swrSec: number, load: () => Promise<T>, opts: CacheOptions<T>): Promise<void> {
  const now = opts.now ?? Date.now;
  // One refresher per key at a time; whoever loses the race keeps serving the stale value.
  try {
    const got = await redis.set(keys.revalidateLock(key), 1, { nx: true, px: TTL_MS.cacheRevalidateLock });
    if (got !== "OK") return;
  } catch {
    return;
  }
  const value = await load();
  await store(redis, key, value, ttlSec, swrSec, now(), opts);
}

/** Cache-aside with metadata: what was served and where it came from. */
export async function cachedEntry<T>(redis: Redis, key: string, ttlSec: number, load: () => Promise<T>, opts: CacheOptions<T> = {}): Promise<Cached<T>> {
  const now = opts.now ?? Date.now;
  const swrSec = opts.swrSec ?? 0;
  let entry: Entry<T> | null = null;
  try {
    const raw = await redis.get<unknown>(key);
    entry = isEntry(raw) ? (raw as Entry<T>) : null;
  } catch (err) {
    opts.onEvent?.({ key, result: "error", error: toRedisUnavailable(err, "cache read") });
    // Redis is down: serve from the origin and do not try to write back.
    const value = await load();
    return { value, result: "error", storedAt: now() };
  }

  if (entry) {
    const age = now() - entry.at;
    if (age < ttlSec * 1000) {
      opts.onEvent?.({ key, result: "hit" });
      return { value: entry.v, result: "hit", storedAt: entry.at };
    }
    if (age < (ttlSec + swrSec) * 1000) {
      opts.onEvent?.({ key, result: "stale" });
      const refreshing = refresh(redis, key, ttlSec, swrSec, load, opts);
      if (opts.waitUntil) {
        // A failed background refresh leaves the stale entry to expire; nothing to report to this caller.
        opts.waitUntil(refreshing.catch(() => undefined));
        return { value: entry.v, result: "stale", storedAt: entry.at };
      }
      try {
        await refreshing;
      } catch {
        // stale-if-error: the origin failed, the stale value is still within its grace period.
      }
      return { value: entry.v, result: "stale", storedAt: entry.at };
    }
  }

  opts.onEvent?.({ key, result: "miss" });
  const value = await load();
  const at = now();
  await store(redis, key, value, ttlSec, swrSec, at, opts);
  return { value, result: "miss", storedAt: at };
}

/** Cache-aside: the cached value, or `load()`'s (stored for next time). Redis failures behave as misses. */
export async function cached<T>(redis: Redis, key: string, ttlSec: number, load: () => Promise<T>, opts: CacheOptions<T> = {}): Promise<T> {
  return (await cachedEntry(redis, key, ttlSec, load, opts)).value;
}

/**
 * Deletes cache keys (after a write to the origin). Returns the failure as a value: the caller decides whether a
 * missed invalidation matters (entries expire by TTL anyway).
 */
export async function invalidate(redis: Redis, cacheKeys: readonly string[]): Promise<{ ok: true; deleted: number } | { ok: false; error: Unavailable }> {
  if (cacheKeys.length === 0) return { ok: true, deleted: 0 };
  try {
    return { ok: true, deleted: await redis.del(...cacheKeys) };
  } catch (err) {
    return { ok: false, error: toRedisUnavailable(err, "cache invalidate") };
  }
}

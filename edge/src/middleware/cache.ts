// Response caching at the edge (production-architecture §3.1 layers 2 and 3) for GETs whose route has a cache policy,
// and tag invalidation for writes whose route names `invalidates`.
//
//   request ─▶ Workers Cache API (per colo; skipped where `caches.default` does not exist, e.g. Node)
//           ─▶ Redis entry {status, body, contentType, etag, storedAt} under the policy's key (rest:{id}, menu:{id}, …)
//           ─▶ the function (downstream), whose 200 is stored in both
//
// - Keys come from the policy's `redisKey` template (path params, `{hash}` of the normalised query, `{userId}`), plus
//   the versions of the policy's tags (cache-keys.ts): `invalidateTags` retires entries in both layers at once.
// - Scope: `public` entries are shared by everyone (the route's roles were checked before this middleware runs);
//   `per-user` entries only when the key template holds `{userId}` and there is a caller (Redis only, never the
//   shared Cache API); a per-user policy without such a key is never stored server-side — only `Cache-Control: private`.
// - Freshness from the policy: age < ttl → HIT; ttl ≤ age < ttl + swr → one caller (SET NX lock) refreshes inline,
//   the others get STALE (and if that refresh fails with a 5xx, the refresher gets the stale copy too); older → MISS. Redis keeps entries `staleIfErrorSec` longer so the breaker can still serve
//   them STALE while the circuit is open (Variables.cacheFallback).
// - Only 200s without Set-Cookie are stored. ETag = hash of the body; `If-None-Match` → 304.
// - Redis down → the request goes to the origin and nothing is stored (fail open), reported as a metric.
// Headers: `X-Cache: HIT|MISS|STALE`, `X-Cache-Layer: edge|redis` on hits, `Age`, `ETag`, `Cache-Control` from
// `cacheControl(policy)`.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Redis } from "@upstash/redis/cloudflare";
import type { CachePolicy } from "@chizze/contracts/policies";
import { cacheControl, templateVars } from "@chizze/contracts/policies";
import type { AnyRoute } from "@chizze/contracts/route";
import { canonicalJson, sha256Hex } from "@chizze/platform/hashing";
import { keys, TTL_MS } from "@chizze/platform/redis/keys";
import { redisCall } from "@chizze/platform/redis/client";
import { METRICS } from "@chizze/platform/observability/metrics";
import type { EdgeEnv } from "../env";
import { fillKeyTemplate, invalidateTags, tagVersions, versionedKey } from "@chizze/platform/redis/cache-tags";
import type { ObservabilityDeps, RedisSource, StoredResponse } from "./context";
import { noLog, resolveRedis, routeOf, routeParams, setResponseHeaders, waitUntil } from "./context";

export { invalidateTags } from "@chizze/platform/redis/cache-tags";

/** The part of the Workers Cache API used here (`caches.default`); tests pass an in-memory double. */
export interface EdgeCache {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

export interface CacheDeps extends ObservabilityDeps {
  redis?: RedisSource;
  /** Default: `caches.default` where it exists (Workers), else none. `null` turns the layer off. */
  edgeCache?: EdgeCache | null;
  /** How long past ttl + swr Redis keeps an entry for the breaker's STALE answers. Default 3600 s. */
  staleIfErrorSec?: number;
  /** Decimals kept of `lat`/`lng` in the `{hash}` of the query: 3 ≈ 110 m cells (contracts CACHE.nearby). */
  coordDecimals?: number;
  now?: () => number;
}

export const X_CACHE = "x-cache";
export const STALE_IF_ERROR_SEC = 3600;
const EDGE_CACHE_ORIGIN = "https://edge-cache.chizze.internal/";
const STORED_AT_HEADER = "x-chizze-stored-at";

function defaultEdgeCache(): EdgeCache | null {
  const storage = (globalThis as { caches?: { default?: EdgeCache } }).caches;
  return storage?.default ?? null;
}

function isStored(x: unknown): x is StoredResponse {
  if (typeof x !== "object" || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.status === "number" && typeof r.body === "string" && typeof r.contentType === "string" && typeof r.etag === "string" && typeof r.storedAt === "number";
}

export async function etagOf(body: string): Promise<string> {
  return `"${(await sha256Hex(body)).slice(0, 32)}"`;
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags, or `*`. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const strip = (t: string): string => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => strip(t) === strip(etag));
}

/** `{hash}`: the query with keys and repeated values sorted, coordinates rounded to cells. */
export async function queryHash(c: Context<EdgeEnv>, coordDecimals: number): Promise<string> {
  const q = c.req.queries();
  const norm: Record<string, string[]> = {};
  for (const k of Object.keys(q).sort()) {
    const values = (q[k] ?? []).map((v) => {
      if ((k === "lat" || k === "lng") && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v).toFixed(coordDecimals);
      return v;
    });
    norm[k] = values.sort();
  }
  return (await sha256Hex(canonicalJson(norm))).slice(0, 32);
}

interface Plan {
  policy: CachePolicy;
  /** Null: nothing stored server-side (per-user without a user key, or no redisKey). */
  baseKey: string | null;
  tags: string[];
  /** The shared Cache API may hold it (public scope only). */
  shareable: boolean;
}

async function planFor(c: Context<EdgeEnv>, route: AnyRoute, policy: CachePolicy, coordDecimals: number): Promise<Plan> {
  const userId = c.get("identity")?.userId;
  const none: Plan = { policy, baseKey: null, tags: [], shareable: false };
  if (!policy.redisKey) return none;
  const vars = templateVars(policy.redisKey);
  // Per-user data is never stored under a key that does not name the user (contracts CachePolicy).
  if (policy.scope === "per-user" && (!vars.includes("userId") || !userId)) return none;
  const values: Record<string, string> = { ...routeParams(c, route) };
  if (vars.includes("hash")) values.hash = await queryHash(c, coordDecimals);
  if (vars.includes("userId") && userId) values.userId = userId;
  try {
    return {
      policy,
      baseKey: fillKeyTemplate(policy.redisKey, values),
      tags: policy.tags.map((t) => fillKeyTemplate(t, values)),
      shareable: policy.scope === "public",
    };
  } catch {
    // A param that cannot be part of a key (odd characters): serve it uncached rather than risk a key collision.
    return none;
  }
}

function edgeRequest(key: string): Request {
  return new Request(EDGE_CACHE_ORIGIN + encodeURIComponent(key), { method: "GET" });
}

/** Replaces the downstream response entirely (Hono's `c.res =` would merge the old headers into the new one). */
function replaceResponse(c: Context<EdgeEnv>, res: Response): void {
  c.res = undefined;
  c.res = res;
}

/** A stored entry as the answer to this request (304 when the client already has it). */
export function respondWith(c: Context<EdgeEnv>, entry: StoredResponse, opts: { xCache: "HIT" | "STALE"; layer?: "edge" | "redis"; cacheControl: string; now: number; extra?: Record<string, string> }): Response {
  const headers = new Headers({
    etag: entry.etag,
    "cache-control": opts.cacheControl,
    age: String(Math.max(0, Math.floor((opts.now - entry.storedAt) / 1000))),
    [X_CACHE]: opts.xCache,
    ...(opts.layer ? { "x-cache-layer": opts.layer } : {}),
    ...opts.extra,
  });
  if (etagMatches(c.req.header("if-none-match"), entry.etag)) return new Response(null, { status: 304, headers });
  headers.set("content-type", entry.contentType);
  return new Response(entry.body, { status: entry.status, headers });
}

export function createCacheMiddleware(deps: CacheDeps = {}) {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? noLog;
  const staleIfErrorSec = deps.staleIfErrorSec ?? STALE_IF_ERROR_SEC;
  const coordDecimals = deps.coordDecimals ?? 3;
  const edgeCacheOf = (): EdgeCache | null => (deps.edgeCache === undefined ? defaultEdgeCache() : deps.edgeCache);
  const count = (layer: "edge" | "redis", result: "hit" | "stale" | "miss" | "error"): void =>
    deps.metrics?.counter(METRICS.cacheRequestsTotal.name, { cache_layer: layer, result });

  async function readEdge(cache: EdgeCache, key: string): Promise<StoredResponse | null> {
    try {
      const res = await cache.match(edgeRequest(key));
      if (!res) return null;
      const storedAt = Number(res.headers.get(STORED_AT_HEADER));
      const etag = res.headers.get("etag");
      if (!Number.isFinite(storedAt) || !etag) return null;
      return { status: res.status, body: await res.text(), contentType: res.headers.get("content-type") ?? "application/json", etag, storedAt };
    } catch {
      return null;
    }
  }

  function writeEdge(c: Context<EdgeEnv>, cache: EdgeCache, key: string, entry: StoredResponse, freshForSec: number): void {
    if (freshForSec <= 0) return;
    const res = new Response(entry.body, {
      status: entry.status,
      // The Cache API honours max-age (not stale-while-revalidate, edge-stack.md §3.2): the entry leaves the colo
      // when it stops being fresh, and a newer tag version makes it unreachable before that.
      headers: { "content-type": entry.contentType, etag: entry.etag, "cache-control": `public, max-age=${freshForSec}`, [STORED_AT_HEADER]: String(entry.storedAt) },
    });
    waitUntil(c, cache.put(edgeRequest(key), res));
  }

  async function handleWrite(c: Context<EdgeEnv>, route: AnyRoute, redis: Redis): Promise<void> {
    const templates = route.invalidates ?? [];
    if (templates.length === 0 || c.res.status < 200 || c.res.status >= 300) return;
    // Placeholders come from path params, then the success body (`{restaurantId}` of a menu item), then the query.
    const values: Record<string, string> = { ...c.req.query() };
    const ct = c.res.headers.get("content-type") ?? "";
    if (ct.includes("json")) {
      try {
        const body = (await c.res.clone().json()) as unknown;
        if (typeof body === "object" && body !== null) {
          for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === "string") values[k] = v;
        }
      } catch {
        // Not JSON after all: params and query only.
      }
    }
    Object.assign(values, routeParams(c, route));
    const tags: string[] = [];
    for (const t of templates) {
      try {
        tags.push(fillKeyTemplate(t, values));
      } catch {
        log({ level: "warn", msg: "cache invalidation tag unresolved", route: route.id, tag: t, requestId: c.get("requestId") });
      }
    }
    // Awaited, not deferred: the writer's next read must see its own write (read-your-writes for the restaurant app).
    const r = await invalidateTags(redis, tags);
    if (!r.ok) log({ level: "error", msg: "cache invalidation failed; entries expire by TTL", route: route.id, tags, reason: r.error.reason, requestId: c.get("requestId") });
  }

  return createMiddleware<EdgeEnv>(async (c, next) => {
    const route = routeOf(c);
    if (!route) return next();
    if (c.req.method !== "GET") {
      if (!route.invalidates?.length) return next();
      await next();
      await handleWrite(c, route, resolveRedis(deps.redis, c));
      return;
    }
    const policy = route.cache;
    if (!policy) return next();

    const cc = cacheControl(policy);
    const plan = await planFor(c, route, policy, coordDecimals);
    const redis = plan.baseKey ? resolveRedis(deps.redis, c) : null;
    let key: string | null = null;
    let fallback: StoredResponse | null = null;
    let refreshing = false;

    if (plan.baseKey && redis) {
      const versions = await tagVersions(redis, plan.tags);
      if (!versions.ok) {
        count("redis", "error");
        log({ level: "warn", msg: "cache unavailable: serving from origin", route: route.id, reason: versions.error.reason, requestId: c.get("requestId") });
      } else {
        key = versionedKey(plan.baseKey, versions.value);
        const t = now();
        const edge = plan.shareable ? edgeCacheOf() : null;
        if (edge) {
          const hit = await readEdge(edge, key);
          if (hit && t - hit.storedAt < policy.ttlSec * 1000) {
            count("edge", "hit");
            return respondWith(c, hit, { xCache: "HIT", layer: "edge", cacheControl: cc, now: t });
          }
          count("edge", "miss");
        }
        const got = await redisCall("cache read", () => redis.get<unknown>(key as string));
        if (!got.ok) {
          count("redis", "error");
          key = null; // Redis is failing: do not try to write back either.
        } else if (isStored(got.value)) {
          const entry = got.value;
          const age = t - entry.storedAt;
          fallback = entry;
          if (age < policy.ttlSec * 1000) {
            count("redis", "hit");
            if (edge) writeEdge(c, edge, key, entry, Math.floor((policy.ttlSec * 1000 - age) / 1000));
            return respondWith(c, entry, { xCache: "HIT", layer: "redis", cacheControl: cc, now: t });
          }
          if (age < (policy.ttlSec + policy.swrSec) * 1000) {
            // Stale-while-revalidate without background work: one caller refreshes inline, the rest get the stale copy.
            const lockKey = keys.revalidateLock(key);
            const lock = await redisCall("cache revalidate lock", () => redis.set(lockKey, 1, { nx: true, px: TTL_MS.cacheRevalidateLock }));
            if (!(lock.ok && lock.value === "OK")) {
              count("redis", "stale");
              return respondWith(c, entry, { xCache: "STALE", layer: "redis", cacheControl: cc, now: t });
            }
            refreshing = true;
          }
        } else {
          count("redis", "miss");
        }
      }
    }

    const stale = fallback;
    if (plan.baseKey) c.set("cacheFallback", () => stale);
    await next();

    // Someone downstream (the breaker's STALE answer) already decided what this is.
    if (c.res.headers.has(X_CACHE)) return;
    const res = c.res;
    const cacheable = res.status === 200 && !res.headers.has("set-cookie") && !/no-store|private/.test(res.headers.get("cache-control") ?? "");
    if (refreshing && stale && res.status >= 500) {
      // stale-if-error: this caller took the refresh and the origin failed; its copy is still within ttl + swr.
      count("redis", "stale");
      replaceResponse(c, respondWith(c, stale, { xCache: "STALE", layer: "redis", cacheControl: cc, now: now() }));
      return;
    }
    if (res.status !== 200) {
      setResponseHeaders(c, { [X_CACHE]: "MISS" });
      return;
    }
    const body = await res.text();
    const entry: StoredResponse = { status: 200, body, contentType: res.headers.get("content-type") ?? "application/json", etag: await etagOf(body), storedAt: now() };
    const headers = new Headers(res.headers);
    headers.set("etag", entry.etag);
    headers.set(X_CACHE, "MISS");
    if (refreshing) headers.set("x-cache-revalidated", "1");
    if (cacheable) headers.set("cache-control", cc);
    replaceResponse(
      c,
      etagMatches(c.req.header("if-none-match"), entry.etag)
        ? new Response(null, { status: 304, headers: withoutBodyHeaders(headers) })
        : new Response(body, { status: 200, headers }),
    );

    if (!cacheable || !key || !redis) return;
    const storeKey = key;
    const exSec = policy.ttlSec + policy.swrSec + staleIfErrorSec;
    waitUntil(
      c,
      redisCall("cache write", () => redis.set(storeKey, entry, { ex: exSec })).then((r) => {
        if (!r.ok) count("redis", "error");
      }),
    );
    const edge = plan.shareable ? edgeCacheOf() : null;
    if (edge) writeEdge(c, edge, storeKey, entry, policy.ttlSec);
  });
}

function withoutBodyHeaders(h: Headers): Headers {
  const out = new Headers(h);
  out.delete("content-length");
  out.delete("content-type");
  return out;
}

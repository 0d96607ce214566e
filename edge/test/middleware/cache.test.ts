// The edge cache over the real @upstash/redis and the devstack Upstash endpoint: miss → origin once, hit → origin
// untouched, tag invalidation → miss again (in Redis and in the Cache API layer), ETag/304, per-user isolation, only
// 200s stored, stale-while-revalidate, and Redis down → still served by the origin.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CACHE, type CachePolicy } from "@chizze/contracts/policies";
import type { AnyRoute } from "@chizze/contracts/route";
import { routeById } from "@chizze/contracts/routes";
import { keys } from "@chizze/platform/redis/keys";
import { createCacheMiddleware, invalidateTags, type EdgeCache } from "../../src/middleware/cache";
import { tagVersionKey } from "@chizze/platform/redis/cache-tags";
import { appFor, counted, executionContext, pathOf, startStack, TEST_USER_HEADER, uid, type Stack } from "./harness";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});
afterEach(() => {
  stack.upstash.faults.clear();
  vi.useRealTimers();
});

const menuRoute = routeById("catalog.menu")!;
const updateItemRoute = routeById("restaurant.menu.update")!;
const nearbyRoute = routeById("catalog.nearby")!;
const appConfigRoute = routeById("appConfig.get")!;

/** In-memory stand-in for `caches.default` (Node has no Cache API); honours nothing but the key, like a colo. */
function memoryEdgeCache() {
  const store = new Map<string, { body: string; init: ResponseInit }>();
  const cache: EdgeCache = {
    async match(req) {
      const e = store.get(req.url);
      return e ? new Response(e.body, e.init) : undefined;
    },
    async put(req, res) {
      store.set(req.url, { body: await res.text(), init: { status: res.status, headers: Object.fromEntries(res.headers) } });
    },
  };
  return { cache, size: () => store.size };
}

function menuApp(opts: { edgeCache?: EdgeCache | null; status?: number } = {}) {
  let failOnce = false;
  const origin = counted((n, c) => {
    const status = failOnce ? 503 : (opts.status ?? 200);
    failOnce = false;
    return new Response(JSON.stringify({ restaurantId: c.req.param("id"), version: n }), { status, headers: { "content-type": "application/json" } });
  });
  const writes = counted((_n, c) => new Response(JSON.stringify({ restaurantId: c.req.header("x-rest") ?? "", item: { id: c.req.param("id") } }), { status: Number(c.req.header("x-status") ?? 200), headers: { "content-type": "application/json" } }));
  const mw = createCacheMiddleware({ redis: stack.redis, edgeCache: opts.edgeCache ?? null });
  const app = appFor(
    [
      { route: menuRoute, handler: origin.handler },
      { route: updateItemRoute, handler: writes.handler },
    ],
    [mw],
  );
  const ec = executionContext();
  const get = async (rid: string, headers: Record<string, string> = {}) => {
    const res = await app.request(pathOf(menuRoute, { id: rid }), { headers }, stack.env, ec.ctx);
    await ec.settle();
    return res;
  };
  const patch = async (rid: string, status = 200) => {
    const res = await app.request(pathOf(updateItemRoute, { id: "itm1" }), { method: "PATCH", headers: { "x-rest": rid, "x-status": String(status), "content-type": "application/json" }, body: "{}" }, stack.env, ec.ctx);
    await ec.settle();
    return res;
  };
  return { get, patch, calls: origin.calls, failNext: () => (failOnce = true) };
}

describe("shared (public) entries", () => {
  it("miss calls the origin once; the next request is a hit that never reaches it", async () => {
    const t = menuApp();
    const rid = uid("r");
    const first = await t.get(rid);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=60");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await first.json()).toEqual({ restaurantId: rid, version: 1 });

    const second = await t.get(rid);
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.headers.get("x-cache-layer")).toBe("redis");
    expect(second.headers.get("etag")).toBe(etag);
    expect(second.headers.get("content-type")).toBe("application/json");
    expect(await second.json()).toEqual({ restaurantId: rid, version: 1 });
    expect(t.calls()).toBe(1);
    // The §3.1 key, versioned by the policy's tags (restaurant:{id}, menu:{id}; both still at version 0).
    expect(await stack.redis.exists(`menu:${rid}:v0.0`)).toBe(1);
  });

  it("invalidateTags retires the entry at once: the next request is a miss", async () => {
    const t = menuApp();
    const rid = uid("r");
    await t.get(rid);
    await t.get(rid);
    expect(t.calls()).toBe(1);
    const r = await invalidateTags(stack.redis, [`menu:${rid}`]);
    expect(r).toEqual({ ok: true, value: 1 });
    const after = await t.get(rid);
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(await after.json()).toEqual({ restaurantId: rid, version: 2 });
    expect(t.calls()).toBe(2);
    expect((await t.get(rid)).headers.get("x-cache")).toBe("HIT");
  });

  it("a write with route.invalidates purges its tags after a 2xx (placeholder from the success body), not after a 4xx", async () => {
    const t = menuApp();
    const rid = uid("r");
    await t.get(rid);
    expect((await t.patch(rid, 422)).status).toBe(422);
    expect((await t.get(rid)).headers.get("x-cache")).toBe("HIT");
    expect((await t.patch(rid, 200)).status).toBe(200);
    expect(await stack.redis.get(tagVersionKey(`menu:${rid}`))).toBe(1);
    expect(await stack.redis.get(tagVersionKey(`restaurant:${rid}`))).toBe(1);
    expect((await t.get(rid)).headers.get("x-cache")).toBe("MISS");
    expect(t.calls()).toBe(2);
  });

  it("If-None-Match with the current ETag → 304 without a body, on a hit and on a miss", async () => {
    const t = menuApp();
    const rid = uid("r");
    const first = await t.get(rid);
    const etag = first.headers.get("etag")!;
    const hit = await t.get(rid, { "if-none-match": etag });
    expect(hit.status).toBe(304);
    expect(await hit.text()).toBe("");
    expect(hit.headers.get("etag")).toBe(etag);
    expect((await t.get(rid, { "if-none-match": `W/${etag}, "other"` })).status).toBe(304);
    expect((await t.get(rid, { "if-none-match": '"stale-etag"' })).status).toBe(200);
    expect(t.calls()).toBe(1);

    // Miss path: the origin runs, and the client already has exactly this body.
    await invalidateTags(stack.redis, [`menu:${rid}`]);
    const other = menuApp(); // origin counter restarts at 1: same body as `first`
    const miss = await other.get(rid, { "if-none-match": etag });
    expect(miss.status).toBe(304);
    expect(miss.headers.get("x-cache")).toBe("MISS");
  });

  it("only 200s are stored", async () => {
    const t = menuApp({ status: 404 });
    const rid = uid("r");
    expect((await t.get(rid)).status).toBe(404);
    expect((await t.get(rid)).status).toBe(404);
    expect(t.calls()).toBe(2);
  });

  it("the query hash ignores parameter order and rounds coordinates to ~110 m cells", async () => {
    const origin = counted(() => new Response(JSON.stringify({ items: [] }), { headers: { "content-type": "application/json" } }));
    const app = appFor([{ route: nearbyRoute, handler: origin.handler }], [createCacheMiddleware({ redis: stack.redis, edgeCache: null })]);
    const ec = executionContext();
    const q = uid("q");
    const a = await app.request(`/api/v1/restaurants/nearby?lat=12.97161&lng=77.59461&cuisine=${q}`, { headers: { [TEST_USER_HEADER]: uid() } }, stack.env, ec.ctx);
    await ec.settle();
    const b = await app.request(`/api/v1/restaurants/nearby?cuisine=${q}&lng=77.5946&lat=12.9716`, { headers: { [TEST_USER_HEADER]: uid() } }, stack.env, ec.ctx);
    expect(a.headers.get("x-cache")).toBe("MISS");
    expect(b.headers.get("x-cache")).toBe("HIT");
    const c = await app.request(`/api/v1/restaurants/nearby?cuisine=${q}&lng=77.6046&lat=12.9716`, { headers: { [TEST_USER_HEADER]: uid() } }, stack.env, ec.ctx);
    expect(c.headers.get("x-cache")).toBe("MISS");
    expect(origin.calls()).toBe(2);
    await ec.settle();
  });

  it("stale-while-revalidate: within ttl+swr one caller refreshes inline, the others get STALE", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T10:00:00.000Z") });
    const t = menuApp();
    const rid = uid("r");
    await t.get(rid);
    vi.setSystemTime(new Date("2026-11-26T10:05:10.000Z")); // 310 s: past ttl 300, within swr 60
    // Somebody else is already refreshing this entry.
    await stack.redis.set(keys.revalidateLock(`menu:${rid}:v0.0`), 1, { px: 10_000 });
    const stale = await t.get(rid);
    expect(stale.headers.get("x-cache")).toBe("STALE");
    expect(await stale.json()).toEqual({ restaurantId: rid, version: 1 });
    expect(t.calls()).toBe(1);
    await stack.redis.del(keys.revalidateLock(`menu:${rid}:v0.0`));
    const refreshed = await t.get(rid);
    expect(refreshed.headers.get("x-cache")).toBe("MISS");
    expect(await refreshed.json()).toEqual({ restaurantId: rid, version: 2 });
    expect((await t.get(rid)).headers.get("x-cache")).toBe("HIT");
    vi.setSystemTime(new Date("2026-11-26T10:10:20.000Z")); // stale again; the refresher's origin call fails
    await stack.redis.del(keys.revalidateLock(`menu:${rid}:v0.0`)); // the previous refresher's lock (10 s real time)
    t.failNext();
    const failed = await t.get(rid);
    expect(failed.status).toBe(200);
    expect(failed.headers.get("x-cache")).toBe("STALE");
    expect(await failed.json()).toEqual({ restaurantId: rid, version: 2 });
    expect(t.calls()).toBe(3);
    vi.setSystemTime(new Date("2026-11-26T10:17:00.000Z")); // past ttl + swr: a plain miss
    expect((await t.get(rid)).headers.get("x-cache")).toBe("MISS");
    expect(t.calls()).toBe(4);
  });
});

describe("Workers Cache API layer", () => {
  it("serves from the Cache API in front of Redis, and a tag version bump retires its entries too", async () => {
    const edge = memoryEdgeCache();
    const t = menuApp({ edgeCache: edge.cache });
    const rid = uid("r");
    expect((await t.get(rid)).headers.get("x-cache")).toBe("MISS");
    expect(edge.size()).toBe(1);
    const hit = await t.get(rid);
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(hit.headers.get("x-cache-layer")).toBe("edge");
    expect(await hit.json()).toEqual({ restaurantId: rid, version: 1 });

    // The Cache API cannot be purged everywhere from a Worker; the new version makes the old entry unreachable.
    await invalidateTags(stack.redis, [`restaurant:${rid}`]);
    const after = await t.get(rid);
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(await after.json()).toEqual({ restaurantId: rid, version: 2 });
    expect(t.calls()).toBe(2);
    expect(edge.size()).toBe(2); // the retired entry stays until its max-age, unreachable
  });

  it("a Redis hit fills the Cache API of this colo", async () => {
    const rid = uid("r");
    await menuApp().get(rid); // another colo stored it in Redis
    const edge = memoryEdgeCache();
    const t = menuApp({ edgeCache: edge.cache });
    expect((await t.get(rid)).headers.get("x-cache-layer")).toBe("redis");
    expect((await t.get(rid)).headers.get("x-cache-layer")).toBe("edge");
    expect(t.calls()).toBe(0);
  });
});

describe("per-user data", () => {
  const perUser: CachePolicy = { scope: "per-user", ttlSec: 60, swrSec: 0, redisKey: "prefs:{userId}", tags: ["prefs:{userId}"] };
  const prefsRoute = { ...appConfigRoute, id: "test.prefs", path: "/api/v1/test/prefs", cache: perUser } as AnyRoute;

  it("a per-user key holds the user id: user B never gets user A's answer", async () => {
    const origin = counted((n, c) => new Response(JSON.stringify({ user: c.get("identity")?.userId ?? null, n }), { headers: { "content-type": "application/json" } }));
    const edge = memoryEdgeCache();
    const app = appFor([{ route: prefsRoute, handler: origin.handler }], [createCacheMiddleware({ redis: stack.redis, edgeCache: edge.cache })]);
    const ec = executionContext();
    const as = async (user: string | null) => {
      const res = await app.request("/api/v1/test/prefs", { headers: user ? { [TEST_USER_HEADER]: user } : {} }, stack.env, ec.ctx);
      await ec.settle();
      return { res, body: (await res.json()) as { user: string | null } };
    };
    const a = uid("ua");
    const b = uid("ub");
    expect((await as(a)).res.headers.get("x-cache")).toBe("MISS");
    const again = await as(a);
    expect(again.res.headers.get("x-cache")).toBe("HIT");
    expect(again.res.headers.get("cache-control")).toBe("private, max-age=60");
    const other = await as(b);
    expect(other.res.headers.get("x-cache")).toBe("MISS");
    expect(other.body.user).toBe(b);
    // Anonymous callers are never stored under a user key.
    expect((await as(null)).body.user).toBeNull();
    expect((await as(null)).res.headers.get("x-cache")).toBe("MISS");
    expect(origin.calls()).toBe(4);
    // Never in the shared Cache API.
    expect(edge.size()).toBe(0);
  });

  it("a per-user policy without a key (app-config) is never stored server-side, only Cache-Control: private", async () => {
    expect(CACHE.appConfig.redisKey).toBeNull();
    const origin = counted((n) => new Response(JSON.stringify({ n }), { headers: { "content-type": "application/json" } }));
    const app = appFor([{ route: appConfigRoute, handler: origin.handler }], [createCacheMiddleware({ redis: stack.redis, edgeCache: null })]);
    const ec = executionContext();
    const user = uid();
    for (let i = 0; i < 2; i++) {
      const res = await app.request("/api/v1/app-config", { headers: { [TEST_USER_HEADER]: user } }, stack.env, ec.ctx);
      await ec.settle();
      expect(res.headers.get("cache-control")).toBe("private, max-age=60, stale-while-revalidate=300");
      expect(res.headers.get("x-cache")).toBe("MISS");
    }
    expect(origin.calls()).toBe(2);
  });
});

describe("Redis down (fail open)", () => {
  it("still answers from the origin, stores nothing, and reports it", async () => {
    const lines: string[] = [];
    const counters: string[] = [];
    const origin = counted((n) => new Response(JSON.stringify({ n }), { headers: { "content-type": "application/json" } }));
    const mw = createCacheMiddleware({
      redis: stack.redis,
      edgeCache: null,
      log: (e) => lines.push(e.msg),
      metrics: { counter: (name, l) => counters.push(`${name}:${l?.cache_layer}:${l?.result}`), histogram: () => {}, gauge: () => {} },
    });
    const app = appFor([{ route: menuRoute, handler: origin.handler }], [mw]);
    const ec = executionContext();
    stack.upstash.faults.set({ down: true });
    const rid = uid("r");
    for (let i = 1; i <= 2; i++) {
      const res = await app.request(pathOf(menuRoute, { id: rid }), {}, stack.env, ec.ctx);
      await ec.settle();
      expect(res.status).toBe(200);
      expect(res.headers.get("x-cache")).toBe("MISS");
      expect(await res.json()).toEqual({ n: i });
    }
    expect(origin.calls()).toBe(2);
    expect(lines).toContain("cache unavailable: serving from origin");
    expect(counters).toContain("chizze_cache_requests_total:redis:error");
    stack.upstash.faults.clear();
    expect(await stack.redis.exists(`menu:${rid}:v0.0`)).toBe(0);
  });
});

// Redis adapters (client, cache, idempotency, geo) through the real @upstash/redis Workers build against the
// devstack's Upstash endpoint over a private redis-server. Faults are injected by the endpoint, never by mocks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Row } from "@chizze/schema";
import { startTestStack, type TestStack } from "../testing";
import { createRedis, redisCall, type Redis } from "./client";
import { cached, cachedEntry, invalidate, type CacheEvent } from "./cache";
import { claim, complete, release, canonicalJson, fingerprintOf, sha256Hex } from "./idempotency";
import { keys, TTL } from "./keys";
import { nearbyPartners, pruneStale, rebuildFrom, removePartner, updatePartnerLocation } from "./geo";
import { Unavailable } from "../errors";

let t: TestStack;
let redis: Redis;

beforeAll(async () => {
  t = await startTestStack();
  redis = createRedis({ url: t.config.redis.url, token: t.config.redis.token, timeoutMs: 2_000 });
});
afterEach(() => {
  t.stack.upstash.faults.clear();
});
afterAll(async () => {
  await t?.close();
});

/** A client with a budget far below the injected latency, so every call times out. */
const impatient = (): Redis => createRedis({ url: t.config.redis.url, token: t.config.redis.token, timeoutMs: 50, retries: 0 });

describe("client", () => {
  it("turns a timeout into Unavailable(timeout), never into a null result", async () => {
    await redis.set("k:timeout", "v");
    t.stack.upstash.faults.set({ latencyMs: 400 });
    const r = await redisCall("get", () => impatient().get("k:timeout"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason).toBe("timeout");
  });

  it("turns a 5xx into Unavailable", async () => {
    t.stack.upstash.faults.set({ failNext: 1, failStatus: 503 });
    const r = await redisCall("get", () => redis.get("k:any"));
    expect(r.ok ? null : r.error).toBeInstanceOf(Unavailable);
  });
});

describe("cache", () => {
  it("loads on a miss, serves a hit, never stores errors", async () => {
    const events: CacheEvent[] = [];
    let loads = 0;
    const load = async () => ({ name: "Spice Hub", n: ++loads });
    const k = keys.restaurant("rst_cache_1");
    expect(await cached(redis, k, TTL.restaurant, load, { onEvent: (e) => events.push(e) })).toEqual({ name: "Spice Hub", n: 1 });
    expect(await cached(redis, k, TTL.restaurant, load, { onEvent: (e) => events.push(e) })).toEqual({ name: "Spice Hub", n: 1 });
    expect(events.map((e) => e.result)).toEqual(["miss", "hit"]);

    const failing = keys.restaurant("rst_cache_err");
    await expect(cached(redis, failing, 60, async () => Promise.reject(new Error("origin down")))).rejects.toThrow("origin down");
    expect(await redis.exists(failing)).toBe(0);
  });

  it("fails open: Redis down means the origin answers and the failure is reported", async () => {
    const events: CacheEvent[] = [];
    t.stack.upstash.faults.set({ latencyMs: 400 });
    const v = await cached(impatient(), keys.menu("rst_cache_2"), TTL.menu, async () => "from origin", { onEvent: (e) => events.push(e) });
    expect(v).toBe("from origin");
    expect(events[0]?.result).toBe("error");
    expect(events[0]?.error?.reason).toBe("timeout");
  });

  it("serves a stale entry while revalidating, then the fresh one", async () => {
    let now = 1_000_000;
    let version = 0;
    const k = keys.menu("rst_swr");
    const load = async () => `menu v${++version}`;
    const opts = { swrSec: 60, now: () => now };
    expect((await cachedEntry(redis, k, 300, load, opts)).result).toBe("miss");
    now += 301_000; // past the TTL, within the grace period
    const pending: Promise<unknown>[] = [];
    const stale = await cachedEntry(redis, k, 300, load, { ...opts, waitUntil: (p) => pending.push(p) });
    expect([stale.result, stale.value]).toEqual(["stale", "menu v1"]);
    await Promise.all(pending);
    const fresh = await cachedEntry(redis, k, 300, load, opts);
    expect([fresh.result, fresh.value]).toEqual(["hit", "menu v2"]);
  });

  it("invalidates keys and reports a failure as a value", async () => {
    await redis.set(keys.restaurant("rst_inv"), { v: 1, at: Date.now() });
    expect(await invalidate(redis, [keys.restaurant("rst_inv"), keys.menu("rst_inv")])).toEqual({ ok: true, deleted: 1 });
    t.stack.upstash.faults.set({ failNext: 1 });
    const r = await invalidate(redis, [keys.restaurant("rst_inv")]);
    expect(r.ok).toBe(false);
  });
});

describe("idempotency", () => {
  it("fingerprints canonical JSON: key order does not matter, values do", async () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(await fingerprintOf({ a: 1, b: 2 })).toBe(await fingerprintOf({ b: 2, a: 1 }));
    expect(await fingerprintOf({ a: 1 })).not.toBe(await fingerprintOf({ a: 2 }));
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("claims once; in flight, replay and mismatch for the others", async () => {
    const fp = await fingerprintOf({ quoteId: "q1" });
    const first = await claim(redis, "usr_1", "POST /orders", "key-1", fp);
    expect(first.kind).toBe("new");
    expect((await claim(redis, "usr_1", "POST /orders", "key-1", fp)).kind).toBe("in_flight");
    expect((await claim(redis, "usr_1", "POST /orders", "key-1", await fingerprintOf({ quoteId: "q2" }))).kind).toBe("mismatch");
    // Another user's identical key is a different request altogether.
    expect((await claim(redis, "usr_2", "POST /orders", "key-1", fp)).kind).toBe("new");

    if (first.kind !== "new") throw new Error("unreachable");
    expect(await complete(redis, first.claim, { status: 201, body: { orderId: "ord_1" } })).toEqual({ ok: true });
    expect(await claim(redis, "usr_1", "POST /orders", "key-1", fp)).toEqual({ kind: "replay", status: 201, body: { orderId: "ord_1" } });
    expect(await redis.pttl(first.claim.redisKey)).toBeGreaterThan(TTL.idempotency * 1000 - 60_000);
  });

  it("50 concurrent claims: exactly one runs", async () => {
    const fp = await fingerprintOf({ x: 1 });
    const results = await Promise.all(Array.from({ length: 50 }, () => claim(redis, "usr_3", "POST /orders", "key-race", fp)));
    expect(results.filter((r) => r.kind === "new").length).toBe(1);
    expect(results.filter((r) => r.kind === "in_flight").length).toBe(49);
  });

  it("recognises its own claim when the reply was lost and the SDK retried", async () => {
    const withRetry = createRedis({ url: t.config.redis.url, token: t.config.redis.token, timeoutMs: 2_000, retries: 1 });
    t.stack.upstash.faults.set({ dropNext: 1 });
    const r = await claim(withRetry, "usr_4", "POST /orders", "key-lost", await fingerprintOf({}));
    expect(t.stack.upstash.faults.counters().dropped).toBe(1);
    expect(r.kind).toBe("new");
  });

  it("reports Redis trouble as unavailable, never as a duplicate", async () => {
    t.stack.upstash.faults.set({ latencyMs: 400 });
    const r = await claim(impatient(), "usr_5", "POST /orders", "key-slow", await fingerprintOf({}));
    expect(r.kind).toBe("unavailable");
  });

  it("release gives the key back; a stale holder cannot complete someone else's claim", async () => {
    const fp = await fingerprintOf({});
    const a = await claim(redis, "usr_6", "POST /orders", "key-rel", fp);
    if (a.kind !== "new") throw new Error("expected a new claim");
    expect(await release(redis, a.claim)).toEqual({ ok: true });
    const b = await claim(redis, "usr_6", "POST /orders", "key-rel", fp);
    expect(b.kind).toBe("new");
    expect(await complete(redis, a.claim, { status: 201, body: {} })).toEqual({ ok: false, reason: "lost" });
    expect((await claim(redis, "usr_6", "POST /orders", "key-rel", fp)).kind).toBe("in_flight");
  });
});

describe("geo", () => {
  // Around Koramangala, Bengaluru.
  const here = { lat: 12.9352, lng: 77.6245 };
  const now = 1_800_000_000_000;

  it("finds fresh partners nearest first and drops stale ones", async () => {
    await updatePartnerLocation(redis, "Bengaluru", "prt_near", here.lat + 0.001, here.lng, now - 5_000);
    await updatePartnerLocation(redis, "Bengaluru", "prt_mid", here.lat + 0.01, here.lng, now - 10_000);
    await updatePartnerLocation(redis, "Bengaluru", "prt_stale", here.lat + 0.002, here.lng, now - 10 * 60_000);
    await updatePartnerLocation(redis, "Bengaluru", "prt_far", here.lat + 0.2, here.lng, now);
    // An all-digit id must come back as a string.
    await updatePartnerLocation(redis, "Bengaluru", "123456", here.lat + 0.005, here.lng, now);

    const found = await nearbyPartners(redis, "Bengaluru", here.lat, here.lng, 3_000, { limit: 10, freshWithinMs: 60_000, nowMs: now });
    expect(found.map((p) => p.partnerId)).toEqual(["prt_near", "123456", "prt_mid"]);
    expect(found[0]?.distanceM).toBeGreaterThan(100);
    expect(found[0]?.distanceM).toBeLessThan(120);

    const one = await nearbyPartners(redis, "Bengaluru", here.lat, here.lng, 3_000, { limit: 1, freshWithinMs: 60_000, nowMs: now });
    expect(one.map((p) => p.partnerId)).toEqual(["prt_near"]);

    await removePartner(redis, "Bengaluru", "prt_near");
    expect(await pruneStale(redis, "Bengaluru", now - 60_000)).toBe(1);
    expect(await redis.zscore(keys.geoPartners("bengaluru"), "prt_stale")).toBeNull();
    const after = await nearbyPartners(redis, "Bengaluru", here.lat, here.lng, 3_000, { limit: 10, freshWithinMs: 60_000, nowMs: now });
    expect(after.map((p) => p.partnerId)).toEqual(["123456", "prt_mid"]);
  });

  it("rebuilds a city's index from delivery_partners rows", async () => {
    const row = (id: string, over: Partial<Row<"delivery_partners">>) =>
      ({ $id: id, city: "Pune", is_active: true, is_online: true, is_on_delivery: false, last_lat: 18.52, last_lng: 73.85, last_seen_at: new Date(now).toISOString(), ...over }) as const;
    await updatePartnerLocation(redis, "Pune", "prt_ghost", 18.52, 73.85, now);
    const r = await rebuildFrom(redis, [
      row("prt_a", {}),
      row("prt_offline", { is_online: false }),
      row("prt_busy", { is_on_delivery: true }),
      row("prt_b", { last_lat: 18.53 }),
    ]);
    expect(r).toEqual({ cities: 1, indexed: 2 });
    const found = await nearbyPartners(redis, "Pune", 18.52, 73.85, 5_000, { limit: 10, freshWithinMs: 60_000, nowMs: now });
    expect(found.map((p) => p.partnerId)).toEqual(["prt_a", "prt_b"]);
  });

  it("reports Redis trouble as Unavailable", async () => {
    t.stack.upstash.faults.set({ failNext: 5 });
    await expect(nearbyPartners(redis, "Bengaluru", here.lat, here.lng, 1_000, { limit: 5, freshWithinMs: 1, nowMs: now })).rejects.toBeInstanceOf(Unavailable);
  });
});

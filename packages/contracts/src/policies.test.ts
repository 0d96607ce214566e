// Policy figures are requirements (api.md, production-architecture §3/§5.2); these pin them and the helpers.
import { describe, expect, it } from "vitest";
import type { CachePolicy } from "./policies";
import { CACHE, COUPON_VALIDATION_CACHE, GLOBAL_FALLBACK_POLICY_ID, RATE_LIMITS, cacheControl, fillTemplate, templateVars } from "./policies";

describe("rate-limit policies", () => {
  it("are keyed by their own id", () => {
    for (const [key, p] of Object.entries(RATE_LIMITS)) expect(p.id).toBe(key);
  });

  it("are positive, whole figures", () => {
    for (const p of Object.values(RATE_LIMITS)) {
      expect(Number.isInteger(p.limit) && p.limit > 0, p.id).toBe(true);
      expect(Number.isInteger(p.windowSec) && p.windowSec > 0, p.id).toBe(true);
    }
  });

  it("match the seed figures", () => {
    const fig = (id: keyof typeof RATE_LIMITS) => [RATE_LIMITS[id].limit, RATE_LIMITS[id].windowSec, RATE_LIMITS[id].key];
    expect(fig("auth.send-otp.phone")).toEqual([5, 3600, "phone"]);
    expect(fig("auth.verify-otp.phone")).toEqual([10, 3600, "phone"]);
    expect(fig("orders.place")).toEqual([10, 60, "user"]);
    expect(fig("delivery.location")).toEqual([20, 60, "user"]);
    expect(fig("catalog.search")).toEqual([30, 60, "user"]);
    expect(fig("me.privacy")).toEqual([2, 3600, "user"]);
    expect(fig(GLOBAL_FALLBACK_POLICY_ID)).toEqual([100, 60, "ip"]);
    expect(RATE_LIMITS[GLOBAL_FALLBACK_POLICY_ID].onRedisFailure).toBe("open");
  });

  it("let a rider report every 5 s", () => {
    const p = RATE_LIMITS["delivery.location"];
    expect((p.limit / p.windowSec) * 60).toBeGreaterThanOrEqual(60 / 5);
  });
});

describe("cache policies", () => {
  it("keep per-user answers out of shared caches", () => {
    const policies: Record<string, CachePolicy> = { ...CACHE, COUPON_VALIDATION_CACHE };
    for (const [name, c] of Object.entries(policies)) {
      if (c.scope === "per-user") expect(c.redisKey === null || c.redisKey.includes("{userId}"), name).toBe(true);
      expect(c.ttlSec, name).toBeGreaterThan(0);
      expect(c.swrSec, name).toBeGreaterThanOrEqual(0);
    }
  });

  it("use the seed's Redis keys and TTLs", () => {
    expect([CACHE.restaurant.redisKey, CACHE.restaurant.ttlSec]).toEqual(["rest:{id}", 300]);
    expect([CACHE.menu.redisKey, CACHE.menu.ttlSec]).toEqual(["menu:{id}", 300]);
    expect([CACHE.search.redisKey, CACHE.search.ttlSec]).toEqual(["search:{hash}", 120]);
    expect([COUPON_VALIDATION_CACHE.redisKey, COUPON_VALIDATION_CACHE.ttlSec]).toEqual(["coupon:{code}", 600]);
  });

  it("render Cache-Control", () => {
    expect(cacheControl(CACHE.menu)).toBe("public, max-age=300, stale-while-revalidate=60");
    expect(cacheControl(CACHE.appConfig)).toMatch(/^private, max-age=60/);
    expect(cacheControl(null)).toBe("no-store");
  });
});

describe("templates", () => {
  it("lists and fills placeholders", () => {
    expect(templateVars("menu:{id}:{hash}")).toEqual(["id", "hash"]);
    expect(fillTemplate("menu:{id}", { id: "rst_1" })).toBe("menu:rst_1");
  });

  it("throws rather than writing a key with a hole", () => {
    expect(() => fillTemplate("menu:{id}", {})).toThrow(/\{id\}/);
  });
});

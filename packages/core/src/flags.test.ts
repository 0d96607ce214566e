import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareSemver, evaluateFlag, isBelowMinVersion, parseSemver, rolloutBucket } from "./flags";
import type { FlagContext, FlagRule } from "./flags";

const flag: FlagRule = { flagKey: "orders.cod_enabled", enabled: true, rolloutBps: 2_500, platforms: null, minAppVersion: null };
const ctx: FlagContext = { userId: "usr_1", platform: "android", appVersion: "3.12.0" };

describe("semver", () => {
  it("compares numerically, not as text", () => {
    expect(compareSemver("3.9.0", "3.12.0")).toBe(-1);
    expect(compareSemver("10.0.0", "9.99.99")).toBe(1);
    expect(compareSemver("1.2.3", "1.2.3")).toBe(0);
    expect(parseSemver("1.2")).toBeNull();
    expect(() => compareSemver("x", "1.0.0")).toThrow(RangeError);
  });
  it("forces updates below the minimum only", () => {
    expect(isBelowMinVersion("3.9.0", "3.10.0")).toBe(true);
    expect(isBelowMinVersion("3.10.0", "3.10.0")).toBe(false);
    expect(isBelowMinVersion(null, "3.10.0")).toBe(false);
    expect(isBelowMinVersion("garbage", "3.10.0")).toBe(true);
  });
});

describe("rollout", () => {
  it("buckets are stable, in range and roughly uniform", () => {
    expect(rolloutBucket("f", "u")).toBe(rolloutBucket("f", "u"));
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const b = rolloutBucket("orders.cod_enabled", `usr_${i}`);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(10_000);
      counts[Math.floor(b / 1_000)] = (counts[Math.floor(b / 1_000)] ?? 0) + 1;
    }
    // 2 000 expected per decile; ±10 % is > 6 standard deviations.
    for (const c of counts) expect(Math.abs(c - 2_000)).toBeLessThan(200);
  });
  it("raising the rollout only adds users", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (userId, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        if (evaluateFlag({ ...flag, rolloutBps: lo }, { ...ctx, userId }).on) expect(evaluateFlag({ ...flag, rolloutBps: hi }, { ...ctx, userId }).on).toBe(true);
      }),
    );
  });
});

describe("evaluateFlag", () => {
  it("checks enabled, platform, version, rollout in order", () => {
    expect(evaluateFlag({ ...flag, enabled: false }, ctx)).toEqual({ on: false, reason: "disabled" });
    expect(evaluateFlag({ ...flag, platforms: ["ios"] }, ctx)).toEqual({ on: false, reason: "platform" });
    expect(evaluateFlag({ ...flag, platforms: [], rolloutBps: 10_000 }, ctx)).toEqual({ on: true });
    expect(evaluateFlag({ ...flag, minAppVersion: "4.0.0" }, ctx)).toEqual({ on: false, reason: "app_version" });
    expect(evaluateFlag({ ...flag, minAppVersion: "3.0.0", rolloutBps: 10_000 }, { ...ctx, appVersion: null })).toEqual({ on: false, reason: "app_version" });
    expect(evaluateFlag({ ...flag, rolloutBps: 10_000 }, { ...ctx, userId: null })).toEqual({ on: true });
    expect(evaluateFlag({ ...flag, rolloutBps: 9_999 }, { ...ctx, userId: null })).toEqual({ on: false, reason: "rollout" });
    expect(evaluateFlag({ ...flag, rolloutBps: 0 }, ctx)).toEqual({ on: false, reason: "rollout" });
    const bucket = rolloutBucket(flag.flagKey, "usr_1");
    expect(evaluateFlag({ ...flag, rolloutBps: bucket + 1 }, ctx)).toEqual({ on: true });
    expect(evaluateFlag({ ...flag, rolloutBps: bucket }, ctx)).toEqual({ on: false, reason: "rollout" });
  });
});

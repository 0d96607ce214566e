// Feature flags and forced updates. A user's rollout bucket is a stable hash of flag key + user id, so
// raising rollout_bps only ever adds users (nobody flips off and on), and different flags get independent
// buckets. Versions are MAJOR.MINOR.PATCH (schema SEMVER_PATTERN), compared numerically.
import type { Platform } from "@chizze/schema/enums";
import { sha256 } from "./sha256";

export interface FlagRule {
  flagKey: string;
  enabled: boolean;
  /** 0..10 000: share of users who get the flag. */
  rolloutBps: number;
  /** null or empty = every platform. */
  platforms: readonly Platform[] | null;
  minAppVersion: string | null;
}

export interface FlagContext {
  userId: string | null;
  platform: Platform | null;
  appVersion: string | null;
}

export type FlagDecision = { on: true } | { on: false; reason: "disabled" | "platform" | "app_version" | "rollout" };

/**
 * Stable bucket 0..9999 for (flag, user): first 4 bytes of sha256(flagKey|userId) mod 10 000.
 * @example rolloutBucket("orders.cod_enabled", "usr_1") // e.g. 4821, the same on every call and runtime
 */
export function rolloutBucket(flagKey: string, userId: string): number {
  const d = sha256(`${flagKey}|${userId}`);
  const n = (((d[0] ?? 0) << 24) | ((d[1] ?? 0) << 16) | ((d[2] ?? 0) << 8) | (d[3] ?? 0)) >>> 0;
  return n % 10_000;
}

/**
 * Parse MAJOR.MINOR.PATCH; null when malformed.
 * @example parseSemver("3.12.0") // [3, 12, 0]
 */
export function parseSemver(v: string): [number, number, number] | null {
  const m = /^(\d{1,4})\.(\d{1,4})\.(\d{1,4})$/.exec(v);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * −1, 0 or 1 as `a` is older than, equal to or newer than `b`. Throws on malformed versions (callers validate
 * headers with contracts' SemVer first).
 * @example compareSemver("3.9.0", "3.12.0") // -1
 */
export function compareSemver(a: string, b: string): -1 | 0 | 1 {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) throw new RangeError(`not a MAJOR.MINOR.PATCH version: ${x ? b : a}`);
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Forced update (426): is the app older than the platform's minimum? An app that sends no version (web, old
 * builds) is not forced — the edge cannot tell, and blocking the web would be wrong; a malformed version is
 * treated as too old.
 * @example isBelowMinVersion("3.9.0", "3.10.0") // true
 */
export function isBelowMinVersion(version: string | null, minVersion: string): boolean {
  if (version === null) return false;
  if (parseSemver(version) === null) return true;
  return compareSemver(version, minVersion) < 0;
}

/**
 * Evaluate a flag for a caller: enabled, platform allowed, app new enough, then rollout bucket < rollout_bps.
 * Anonymous callers only get fully rolled-out flags (no stable id to bucket on).
 * @example evaluateFlag({ flagKey: "x", enabled: true, rolloutBps: 10_000, platforms: null, minAppVersion: null }, ctx) // { on: true }
 */
export function evaluateFlag(flag: FlagRule, ctx: FlagContext): FlagDecision {
  if (!flag.enabled) return { on: false, reason: "disabled" };
  if (flag.platforms && flag.platforms.length > 0 && (ctx.platform === null || !flag.platforms.includes(ctx.platform))) return { on: false, reason: "platform" };
  if (flag.minAppVersion !== null && (ctx.appVersion === null || isBelowMinVersion(ctx.appVersion, flag.minAppVersion))) return { on: false, reason: "app_version" };
  if (flag.rolloutBps >= 10_000) return { on: true };
  if (ctx.userId === null || rolloutBucket(flag.flagKey, ctx.userId) >= flag.rolloutBps) return { on: false, reason: "rollout" };
  return { on: true };
}

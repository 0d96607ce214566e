// Operational switches in Redis: the admin functions write them, the edge reads them. Workers-safe.
//
// The edge's view of the operational switches, read from Redis on the request path and cached per isolate for a few
// seconds (a kill switch must bite within seconds, but not cost a Redis call per request):
// - `flags:kill_switch_orders` → KillSwitchState (JSON): order intake paused, with a message for the apps;
// - `cfg:min_versions`         → MinVersionsState (JSON): minimum app version per platform and the store links.
// Reading fails open: on a Redis failure the last value this isolate saw is kept; if it never saw one, the switch is
// off / no minimum is enforced (a Redis outage must not stop every order nor lock every app out).
import type { Redis } from "@upstash/redis/cloudflare";
import { z } from "zod";
import { Platform, SemVer, Timestamp, Url } from "@chizze/contracts/common";
import { redisCall, type RedisResult } from "./client";

export const APP_CONFIG_KEYS = {
  killSwitchOrders: "flags:kill_switch_orders",
  minVersions: "cfg:min_versions",
} as const;

/** Route ids the kill switch stops when the stored value names none. */
export const DEFAULT_PAUSED_ROUTES = ["orders.place"] as const;

export const KillSwitchState = z.object({
  ordersPaused: z.boolean(),
  message: z.string().max(280).nullable().default(null),
  until: Timestamp.nullable().default(null),
  /** Contract route ids to stop (default: placing orders). Reads are never stopped. */
  routes: z.array(z.string().min(1).max(64)).max(50).optional(),
});
export type KillSwitchState = z.infer<typeof KillSwitchState>;

export const MinVersionsState = z.object({
  minVersions: z.partialRecord(Platform, SemVer),
  storeUrls: z.partialRecord(Platform, Url).default({}),
});
export type MinVersionsState = z.infer<typeof MinVersionsState>;

/** For the admin function (and tests): what the edge reads. */
export async function writeKillSwitch(redis: Redis, state: z.input<typeof KillSwitchState>): Promise<void> {
  await redis.set(APP_CONFIG_KEYS.killSwitchOrders, KillSwitchState.parse(state));
}

export async function writeMinVersions(redis: Redis, state: z.input<typeof MinVersionsState>): Promise<void> {
  await redis.set(APP_CONFIG_KEYS.minVersions, MinVersionsState.parse(state));
}

/**
 * A value read from Redis at most every `ttlMs` per isolate. A stored value that does not parse counts as "absent"
 * (reported through `onFailure`). Concurrent requests that find it expired each read once: sharing one in-flight
 * promise across requests is unsafe on Workers (a promise settled from another request's context may be cancelled
 * once that request completes), and a few reads per isolate every few seconds cost nothing.
 */
export class IsolateCachedValue<T> {
  private value: T | null = null;
  private fetchedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly key: string,
    private readonly schema: z.ZodType<T>,
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly onFailure: (what: "unavailable" | "invalid") => void = () => {},
  ) {}

  async get(redis: Redis): Promise<T | null> {
    if (this.now() - this.fetchedAt < this.ttlMs) return this.value;
    return this.refresh(redis);
  }

  private async refresh(redis: Redis): Promise<T | null> {
    const r: RedisResult<unknown> = await redisCall(`read ${this.key}`, () => redis.get<unknown>(this.key));
    // Retry a failed read on the next request rather than after a full ttl; keep serving the last good value.
    if (!r.ok) {
      this.onFailure("unavailable");
      return this.value;
    }
    this.fetchedAt = this.now();
    if (r.value === null) {
      this.value = null;
      return null;
    }
    const parsed = this.schema.safeParse(r.value);
    if (!parsed.success) {
      this.onFailure("invalid");
      this.value = null;
      return null;
    }
    this.value = parsed.data;
    return this.value;
  }
}

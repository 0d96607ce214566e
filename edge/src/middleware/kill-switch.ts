// Order-intake kill switch (production-architecture §10.2 feature flags; reliability note §1.5: DoorDash halted
// orders during its cascading failure, and the switch must be tested). When `flags:kill_switch_orders` says
// `ordersPaused`, the routes it names (default: POST /orders, route id "orders.place") answer 503 intake_paused with
// Retry-After and the human message the admin set, before any idempotency claim or downstream call. Reads and every
// other route are untouched. The flag is read from Redis at most every `cacheMs` per isolate (default 5 s) and fails
// open (app-config-store.ts): a Redis outage never stops intake by itself.
import { createMiddleware } from "hono/factory";
import { ApiError } from "@chizze/contracts/errors";
import type { EdgeEnv } from "../env";
import type { KillSwitchState } from "@chizze/platform/redis/app-config-store";
import { APP_CONFIG_KEYS, DEFAULT_PAUSED_ROUTES, IsolateCachedValue, KillSwitchState as KillSwitchSchema } from "@chizze/platform/redis/app-config-store";
import type { ObservabilityDeps, RedisSource } from "./context";
import { noLog, problem, resolveRedis, routeOf } from "./context";

export const KILL_SWITCH_CACHE_MS = 5_000;
/** Retry-After when the admin gave no end time; clamped so a wrong `until` cannot park clients for hours. */
export const KILL_SWITCH_RETRY_AFTER_SEC = { default: 300, min: 30, max: 3600 } as const;
export const DEFAULT_PAUSED_MESSAGE = "We are not taking new orders right now. Please try again in a little while.";

export interface KillSwitchDeps extends ObservabilityDeps {
  redis?: RedisSource;
  cacheMs?: number;
  now?: () => number;
}

export function retryAfterFor(state: KillSwitchState, nowMs: number): number {
  const { default: dflt, min, max } = KILL_SWITCH_RETRY_AFTER_SEC;
  if (!state.until) return dflt;
  const sec = Math.ceil((Date.parse(state.until) - nowMs) / 1000);
  return Number.isFinite(sec) ? Math.min(max, Math.max(min, sec)) : dflt;
}

export function createKillSwitchMiddleware(deps: KillSwitchDeps = {}) {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? noLog;
  const flag = new IsolateCachedValue<KillSwitchState>(APP_CONFIG_KEYS.killSwitchOrders, KillSwitchSchema, deps.cacheMs ?? KILL_SWITCH_CACHE_MS, now, (what) =>
    log({ level: "warn", msg: `kill switch flag ${what}: keeping the last known value`, key: APP_CONFIG_KEYS.killSwitchOrders }),
  );

  return createMiddleware<EdgeEnv>(async (c, next) => {
    const route = routeOf(c);
    // Reads are never paused; only writes can be named by the flag.
    if (!route || route.method === "GET") return next();
    const state = await flag.get(resolveRedis(deps.redis, c));
    if (!state?.ordersPaused) return next();
    const paused: readonly string[] = state.routes ?? DEFAULT_PAUSED_ROUTES;
    if (!paused.includes(route.id)) return next();

    deps.metrics?.counter("chizze_intake_paused_total", { route: route.id });
    return problem(
      c,
      new ApiError("intake_paused", state.message ?? DEFAULT_PAUSED_MESSAGE, { headers: { "retry-after": String(retryAfterFor(state, now())) } }),
      { until: state.until },
    );
  });
}

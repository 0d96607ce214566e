// Circuit breaker per dependency (production-architecture §5.1 as fixed by reliability note §1.7 and R11) around the
// downstream call — the Appwrite Functions execution behind every route with a `functionId`.
//
// Uses platform/resilience/breaker.ts (cockatiel 3, Workers-safe: no Node built-ins, `performance.now` exists on
// Workers): opens when, within a 30 s interval, ≥ 10 requests were seen and ≥ 50 % failed; stays open 10 s; then one
// probe goes through and the next 4 are on probation (≤ 5 admitted before the circuit is trusted again). State is
// per isolate (style rule 7), never global.
//
// What counts as a failure: a downstream answer with status ≥ 500 (the invoker maps timeouts to 504 and network
// errors/unavailable to 502/503) or an infrastructure error thrown through. A 4xx is a healthy dependency saying
// no and counts as a success. Mount the breaker innermost, right before the invoker, so answers produced by other
// middlewares (kill switch 503, rate-limit 503) are never counted.
//
// While open, without calling the downstream:
// - a GET whose route has a cache policy is answered from the cache layer's Redis entry, whatever its age
//   (Variables.cacheFallback, set by the cache middleware), marked `X-Cache: STALE`, `Warning: 110 - "Response is
//   Stale"` and `X-Circuit: open`;
// - everything else (and a GET with nothing cached) → 503 dependency_unavailable with Retry-After. Nothing is queued.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { ApiError } from "@chizze/contracts/errors";
import { cacheControl } from "@chizze/contracts/policies";
import type { Breaker, BreakerOptions } from "@chizze/platform/resilience/breaker";
import { BREAKER_DEFAULTS, breakerFor } from "@chizze/platform/resilience/breaker";
import { Unavailable, type Dependency } from "@chizze/platform/errors";
import { METRICS } from "@chizze/platform/observability/metrics";
import type { EdgeEnv } from "../env";
import type { ObservabilityDeps } from "./context";
import { noLog, problem, routeOf } from "./context";
import { respondWith } from "./cache";

export interface BreakerDeps extends ObservabilityDeps {
  /** Default "appwrite": every route with a functionId is an Appwrite Functions execution. */
  dependency?: Dependency;
  /** Default: the isolate's shared breaker for `dependency` (platform `breakerFor`, also seen by /health). */
  breaker?: Breaker;
  /** Only used when `breaker` is not given and the isolate has none yet. */
  options?: BreakerOptions;
  now?: () => number;
}

const STATE_GAUGE: Record<string, number> = { closed: 0, open: 1, half_open: 2, isolated: 3 };

/** The downstream answered with a server error; thrown inside the breaker so that it counts. */
class DownstreamFailure extends Unavailable {
  constructor(dependency: Dependency, status: number) {
    super(dependency, "server_error", `downstream answered ${status}`, { status });
  }
}

export function createBreakerMiddleware(deps: BreakerDeps = {}) {
  const dependency = deps.dependency ?? "appwrite";
  const log = deps.log ?? noLog;
  const now = deps.now ?? Date.now;
  const breaker = deps.breaker ?? breakerFor(dependency, deps.options);
  const openSec = Math.ceil((deps.options?.openMs ?? BREAKER_DEFAULTS.openMs) / 1000);
  let lastState = breaker.state;

  const observe = (c: Context<EdgeEnv>): void => {
    const state = breaker.state;
    if (state === lastState) return;
    lastState = state;
    deps.metrics?.gauge(METRICS.circuitBreakerState.name, STATE_GAUGE[state] ?? -1, { dependency });
    log({ level: state === "closed" ? "info" : "warn", msg: "circuit breaker state change", dependency, state, requestId: c.get("requestId") });
  };

  return createMiddleware<EdgeEnv>(async (c, next) => {
    const route = routeOf(c);
    // Edge-only routes (health, docs) do not use the dependency.
    if (!route || route.functionId === null) return next();

    try {
      await breaker.execute(async () => {
        await next();
        if (c.res.status >= 500) throw new DownstreamFailure(dependency, c.res.status);
      });
    } catch (err) {
      observe(c);
      // The answer is already in c.res; it only had to be counted.
      if (err instanceof DownstreamFailure) return;
      if (!(err instanceof Unavailable && err.reason === "circuit_open")) throw err;

      const stale = c.req.method === "GET" && route.cache ? (c.get("cacheFallback")?.() ?? null) : null;
      if (stale && route.cache) {
        return respondWith(c, stale, {
          xCache: "STALE",
          layer: "redis",
          // Not shareable: nobody downstream should keep an answer served in an emergency.
          cacheControl: cacheControl({ ...route.cache, scope: "per-user", swrSec: 0, ttlSec: 0 }),
          now: now(),
          extra: { warning: '110 - "Response is Stale"', "x-circuit": "open" },
        });
      }
      return problem(
        c,
        new ApiError("dependency_unavailable", "The service is temporarily unavailable; please retry shortly.", {
          headers: { "retry-after": String(openSec), "x-circuit": "open" },
        }),
      );
    }
    observe(c);
  });
}

// The edge's policy middlewares (issue 7). Each is a factory: call it ONCE per isolate, at module scope of the app,
// so limiters keep their ephemeral caches, the breaker its state and the flag readers their few-second caches
// (style rule 7). Redis comes from the Worker's bindings by default (`redisFromEnv`); pass `redis` to override.
//
// ORDER in the chain (outermost first). Steps marked (app) are the app engineer's; see README.md for what each reads.
//
//   1. requestId            (app)  sets requestId
//   2. route match          (app)  sets route (contracts AnyRoute | null)
//   3. clientIp             (app)  sets clientIp
//   4. bodyLimit            (app)  before anything reads the body (rate limit keys, idempotency fingerprint)
//   5. forcedUpdate         426 for outdated apps; cheap (isolate-cached), before any Redis counting
//   6. rateLimit {phase: "global"}  per-IP fallback before auth, so floods never reach JWT verification
//   7. auth                 (app)  sets identity
//   8. rateLimit {phase: "route"}   the route's policies (user / phone / ip keys); RateLimit-* headers
//   9. killSwitch           503 intake_paused before an idempotency key is claimed or anything runs
//  10. idempotency          claim / replay / 409 / 422 for unsafe routes with Idempotency-Key
//  11. cache                GET: Cache API → Redis → downstream; writes: invalidate `route.invalidates` after a 2xx
//                           (inside idempotency, so a replay does not invalidate twice)
//  12. breaker              innermost: counts only the downstream's 5xx; open → STALE from the cache entry or 503
//  13. invoke               (app)  the Appwrite Function execution
//
// A single `createRateLimitMiddleware()` (phase "all") at step 8 is equivalent when a pre-auth limit is not wanted.
//
// With app.ts's slots: `createApp({ preAuthMiddlewares: p.preAuth, routeMiddlewares: p.route })` where
// `p = createPolicyMiddlewares(deps)` at module scope. app.ts runs routeMiddlewares before its validation step, so
// the breaker (step 12) then sits before validation: a 400 counts as a success and could close a half-open circuit
// without touching the dependency. Best: give the breaker its own slot right before invoke (see README.md).
import type { MiddlewareHandler } from "hono";
import type { MetricsSink } from "@chizze/platform/observability/metrics";
import type { EdgeEnv } from "../env";
import { createForcedUpdateMiddleware, type ForcedUpdateDeps } from "./forced-update";
import { createRateLimitMiddleware, type RateLimitDeps } from "./ratelimit";
import { createKillSwitchMiddleware, type KillSwitchDeps } from "./kill-switch";
import { createIdempotencyMiddleware, type IdempotencyDeps } from "./idempotency";
import { createCacheMiddleware, type CacheDeps } from "./cache";
import { createBreakerMiddleware, type BreakerDeps } from "./breaker";
import type { EdgeLog, RedisSource } from "./context";

export { createForcedUpdateMiddleware, compareSemVer, type ForcedUpdateDeps } from "./forced-update";
export { createRateLimitMiddleware, policiesFor, type RateLimitDeps, type RateLimitPhase } from "./ratelimit";
export { createKillSwitchMiddleware, type KillSwitchDeps } from "./kill-switch";
export { createIdempotencyMiddleware, type IdempotencyDeps } from "./idempotency";
export { createCacheMiddleware, invalidateTags, type CacheDeps, type EdgeCache } from "./cache";
export { createBreakerMiddleware, type BreakerDeps } from "./breaker";
export { tagVersionKey, tagVersions, versionedKey } from "@chizze/platform/redis/cache-tags";
export { APP_CONFIG_KEYS, writeKillSwitch, writeMinVersions, type KillSwitchState, type MinVersionsState } from "@chizze/platform/redis/app-config-store";
export { redisFromEnv, type EdgeLog, type RedisSource, type StoredResponse } from "./context";

export interface PolicyMiddlewareDeps {
  redis?: RedisSource;
  log?: EdgeLog;
  metrics?: MetricsSink;
  /** Override one middleware's own options (e.g. `breaker: { options: {...} }`, `cache: { edgeCache: null }`). */
  rateLimit?: Omit<RateLimitDeps, "phase">;
  forcedUpdate?: ForcedUpdateDeps;
  killSwitch?: KillSwitchDeps;
  idempotency?: IdempotencyDeps;
  cache?: CacheDeps;
  breaker?: BreakerDeps;
}

/**
 * Every policy middleware, built once (call at module scope), split into the app's two slots in the documented order:
 * `preAuth` = forced update, global per-IP limit; `route` = route limits, kill switch, idempotency, cache, breaker.
 * `invoke` is the breaker alone, for an app that can mount it right before the function call (recommended).
 */
export function createPolicyMiddlewares(deps: PolicyMiddlewareDeps = {}): {
  preAuth: MiddlewareHandler<EdgeEnv>[];
  route: MiddlewareHandler<EdgeEnv>[];
  routeWithoutBreaker: MiddlewareHandler<EdgeEnv>[];
  invoke: MiddlewareHandler<EdgeEnv>[];
} {
  const base = { ...(deps.redis ? { redis: deps.redis } : {}), ...(deps.log ? { log: deps.log } : {}), ...(deps.metrics ? { metrics: deps.metrics } : {}) };
  const obs = { ...(deps.log ? { log: deps.log } : {}), ...(deps.metrics ? { metrics: deps.metrics } : {}) };
  const breaker = createBreakerMiddleware({ ...obs, ...deps.breaker });
  const routeWithoutBreaker = [
    createRateLimitMiddleware({ ...base, ...deps.rateLimit, phase: "route" }),
    createKillSwitchMiddleware({ ...base, ...deps.killSwitch }),
    createIdempotencyMiddleware({ ...base, ...deps.idempotency }),
    createCacheMiddleware({ ...base, ...deps.cache }),
  ];
  return {
    preAuth: [createForcedUpdateMiddleware({ ...base, ...deps.forcedUpdate }), createRateLimitMiddleware({ ...base, ...deps.rateLimit, phase: "global" })],
    route: [...routeWithoutBreaker, breaker],
    routeWithoutBreaker,
    invoke: [breaker],
  };
}

/** The documented order, as data (for the app's wiring test). */
export const MIDDLEWARE_ORDER = [
  "requestId",
  "route",
  "clientIp",
  "bodyLimit",
  "forcedUpdate",
  "rateLimit:global",
  "auth",
  "rateLimit:route",
  "killSwitch",
  "idempotency",
  "cache",
  "breaker",
  "invoke",
] as const;

// Rate limits (production-architecture §5.2, api.md) with @upstash/ratelimit: one limiter per contracts policy,
// built once per isolate with its ephemeral cache (style rule 7), counting in Redis so every isolate and instance
// shares one budget (R15).
//
// Keys, from the policy's `key`:
// - `phone`: the E.164 `phone` of the JSON body (send-otp); verify-otp has no phone, so its body's `userId` (one
//   Appwrite user per phone, contracts). A body without either is counted under the client IP instead, so malformed
//   floods still spend a budget.
// - `user`: the verified caller's id; anonymous callers by IP (separate namespace, `ip:` prefix).
// - `ip`: the client IP.
// Plus the global per-IP fallback (`global.ip`) on every request, except where the route has a per-IP policy of its
// own (the webhook's raised ceiling, send-otp's SMS-pumping guard): that policy replaces the fallback.
//
// Round trips: a request without Authorization on a route that needs no token is anonymous before and after auth, so
// the global phase checks the route's policies too, with the same keys and at the same time, and the route phase has
// nothing left to do: a public GET waits for one round of limiter calls, not two in sequence. (Not auto-pipelined
// into one request: @upstash/redis's auto-pipeline left a rejection unobserved in workerd when Upstash was down.)
//
// Failures: our timer races the Redis call (RATE_LIMIT_TIMEOUT_MS), and @upstash/ratelimit rejects when Redis answers
// an error or is unreachable (reliability note §0.3). Both are a Redis failure, decided by the policy's
// `onRedisFailure`: "closed" → 503 dependency_unavailable + Retry-After (OTP, orders, payments), "open" → let the
// request through and report it (log line + metric), never silently.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis/cloudflare";
import { ApiError } from "@chizze/contracts/errors";
import type { RateLimitPolicy } from "@chizze/contracts/policies";
import { GLOBAL_FALLBACK_POLICY_ID, RATE_LIMITS } from "@chizze/contracts/policies";
import type { AnyRoute } from "@chizze/contracts/route";
import { rateLimitPrefix } from "@chizze/platform/redis/keys";
import { needsToken } from "../auth";
import type { EdgeEnv } from "../env";
import type { ObservabilityDeps, RedisSource } from "./context";
import { jsonBody, noLog, problem, resolveRedis, retryAfterSeconds, routeOf, setResponseHeaders, waitUntil } from "./context";

/** Ratelimit's own default is 5 s (edge-stack.md §1.6): far too long on the request path (style rule 9). */
export const RATE_LIMIT_TIMEOUT_MS = 400;
/** Retry-After on a fail-closed 503: long enough for a Redis blip, short enough for a user on the OTP screen. */
export const RATE_LIMIT_UNAVAILABLE_RETRY_AFTER_SEC = 5;

export const RATE_LIMIT_FAIL_OPEN_METRIC = "chizze_ratelimit_redis_failures_total";
export const RATE_LIMIT_DENIED_METRIC = "chizze_ratelimit_denied_total";

/**
 * - `all` (default): the route's policies and the global fallback, after auth.
 * - `global`: only the per-IP fallback; mount it before auth so floods never reach JWT verification.
 * - `route`: only the route's policies; mount after auth (user keys need the identity).
 */
export type RateLimitPhase = "all" | "global" | "route";

export interface RateLimitDeps extends ObservabilityDeps {
  redis?: RedisSource;
  /** Policies by id. Default: contracts RATE_LIMITS (tests may pass the same ids with other figures). */
  policies?: Readonly<Record<string, RateLimitPolicy>>;
  timeoutMs?: number;
  phase?: RateLimitPhase;
  now?: () => number;
}

interface Check {
  policy: RateLimitPolicy;
  identifier: string;
}

type Outcome =
  | { kind: "ok"; policy: RateLimitPolicy; limit: number; remaining: number; reset: number }
  | { kind: "denied"; policy: RateLimitPolicy; limit: number; remaining: number; reset: number }
  | { kind: "failed"; policy: RateLimitPolicy; reason: "timeout" | "error" };

declare module "../env" {
  interface Variables {
    /** Set by the global phase when it also checked the route's own policies (an anonymous public request). */
    routeLimitsChecked?: boolean;
  }
}

function limiterFor(redis: Redis, p: RateLimitPolicy): Ratelimit {
  const window = `${p.windowSec} s` as const;
  const limiter =
    p.algorithm === "fixedWindow"
      ? Ratelimit.fixedWindow(p.limit, window)
      : p.algorithm === "tokenBucket"
        ? // `limit` tokens refilled per window, bucket of `limit`: a burst of up to `limit`, then the window's rate.
          Ratelimit.tokenBucket(p.limit, window, p.limit)
        : Ratelimit.slidingWindow(p.limit, window);
  return new Ratelimit({
    redis,
    limiter,
    prefix: rateLimitPrefix(p.id),
    // Blocks a denied identifier in memory until its reset: repeat offenders cost no Redis call.
    ephemeralCache: new Map<string, number>(),
    // Our own race in `limitWithin`: the library's leaves the Redis call unobserved once its timer wins.
    timeout: 0,
    analytics: false,
  });
}

/** Identifier parts are hashed by nobody: keep them bounded and free of ':' so keys stay parseable. */
function clean(value: string): string {
  return value.replace(/[^A-Za-z0-9+._@-]/g, "_").slice(0, 128);
}

function anonymousKey(c: Context<EdgeEnv>): string {
  return `ip:${clean(c.get("clientIp") ?? "unknown")}`;
}

async function identifierFor(c: Context<EdgeEnv>, policy: RateLimitPolicy): Promise<string> {
  switch (policy.key) {
    case "ip":
      return clean(c.get("clientIp") ?? "unknown");
    case "user": {
      const id = c.get("identity")?.userId;
      return id ? `u:${clean(id)}` : anonymousKey(c);
    }
    case "phone": {
      const body = await jsonBody(c);
      if (typeof body === "object" && body !== null) {
        const b = body as Record<string, unknown>;
        if (typeof b.phone === "string" && b.phone !== "") return `p:${clean(b.phone.replace(/[\s()-]/g, ""))}`;
        if (typeof b.userId === "string" && b.userId !== "") return `u:${clean(b.userId)}`;
      }
      return anonymousKey(c);
    }
  }
}

/** The policies a request is checked against, primary first (that one feeds the RateLimit-* headers). */
export function policiesFor(route: AnyRoute | null, phase: RateLimitPhase, policies: Readonly<Record<string, RateLimitPolicy>>): RateLimitPolicy[] {
  const pick = (id: string): RateLimitPolicy => {
    const p = policies[id];
    if (!p) throw new Error(`rate limit: unknown policy ${id}`);
    return p;
  };
  const own = route && route.rateLimit !== null ? [route.rateLimit, ...(route.extraRateLimits ?? [])].map(pick) : [];
  const global = pick(GLOBAL_FALLBACK_POLICY_ID);
  const ownPerIp = own.some((p) => p.key === "ip");
  const withGlobal = ownPerIp || own.some((p) => p.id === global.id) ? [] : [global];
  if (phase === "global") return withGlobal;
  if (phase === "route") return own;
  return [...own, ...withGlobal];
}

function headersFor(o: { policy: RateLimitPolicy; limit: number; remaining: number; reset: number }, now: number): Record<string, string> {
  return {
    "ratelimit-limit": String(o.limit),
    "ratelimit-remaining": String(Math.max(0, o.remaining)),
    // Seconds until the window resets (IETF RateLimit header fields draft), not an epoch.
    "ratelimit-reset": String(retryAfterSeconds(o.reset, now, 0)),
    "ratelimit-policy": `${o.policy.limit};w=${o.policy.windowSec}`,
  };
}

/**
 * `limit()` bounded by `timeoutMs`. The Redis call is observed to its end whoever wins the race: its late failure is
 * handled here, and `waitUntil` keeps the request's I/O alive until it settles (workerd cancels a finished request's
 * I/O, which surfaces as "Network connection lost").
 */
async function limitWithin(
  c: Context<EdgeEnv>,
  limiter: Ratelimit,
  identifier: string,
  timeoutMs: number,
): Promise<Awaited<ReturnType<Ratelimit["limit"]>> | "timeout"> {
  const call = limiter.limit(identifier);
  waitUntil(c, call);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    return await Promise.race([call, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export function createRateLimitMiddleware(deps: RateLimitDeps = {}) {
  const policies = deps.policies ?? RATE_LIMITS;
  const timeoutMs = deps.timeoutMs ?? RATE_LIMIT_TIMEOUT_MS;
  const phase = deps.phase ?? "all";
  const now = deps.now ?? Date.now;
  const log = deps.log ?? noLog;
  // One set of limiters per Redis client (the client comes with the bindings, so they are built on first use); each
  // keeps the identifiers it denied until their reset.
  const limiters = new WeakMap<Redis, Map<string, Ratelimit>>();

  const limiter = (redis: Redis, p: RateLimitPolicy): Ratelimit => {
    let byPolicy = limiters.get(redis);
    if (!byPolicy) {
      byPolicy = new Map();
      limiters.set(redis, byPolicy);
    }
    let l = byPolicy.get(p.id);
    if (!l) {
      l = limiterFor(redis, p);
      byPolicy.set(p.id, l);
    }
    return l;
  };

  async function run(c: Context<EdgeEnv>, redis: Redis, check: Check): Promise<Outcome> {
    try {
      const r = await limitWithin(c, limiter(redis, check.policy), check.identifier, timeoutMs);
      if (r === "timeout") return { kind: "failed", policy: check.policy, reason: "timeout" };
      waitUntil(c, r.pending);
      return { kind: r.success ? "ok" : "denied", policy: check.policy, limit: r.limit, remaining: r.remaining, reset: r.reset };
    } catch {
      // UpstashError messages carry the command's arguments (the identifier): never log them.
      return { kind: "failed", policy: check.policy, reason: "error" };
    }
  }

  return createMiddleware<EdgeEnv>(async (c, next) => {
    const route = routeOf(c);
    if (phase === "route" && c.get("routeLimitsChecked")) return next();
    const anonymousBeforeAndAfterAuth = phase === "global" && route !== null && !needsToken(route) && !c.req.header("authorization");
    if (anonymousBeforeAndAfterAuth) c.set("routeLimitsChecked", true);
    const applicable = policiesFor(route, anonymousBeforeAndAfterAuth ? "all" : phase, policies);
    if (applicable.length === 0) return next();

    const redis = resolveRedis(deps.redis, c);
    const checks: Check[] = await Promise.all(applicable.map(async (policy) => ({ policy, identifier: await identifierFor(c, policy) })));
    const outcomes = await Promise.all(checks.map((check) => run(c, redis, check)));

    const t = now();
    for (const o of outcomes) {
      if (o.kind !== "failed") continue;
      const fields = { policy: o.policy.id, reason: o.reason, route: route?.id ?? null, requestId: c.get("requestId") };
      deps.metrics?.counter(RATE_LIMIT_FAIL_OPEN_METRIC, { policy: o.policy.id, decision: o.policy.onRedisFailure });
      if (o.policy.onRedisFailure === "closed") {
        log({ level: "error", msg: "rate limit unavailable: failing closed", ...fields });
        return problem(
          c,
          new ApiError("dependency_unavailable", "Rate limiting is unavailable; please retry shortly.", {
            headers: { "retry-after": String(RATE_LIMIT_UNAVAILABLE_RETRY_AFTER_SEC) },
          }),
        );
      }
      log({ level: "warn", msg: "rate limit unavailable: failing open", ...fields });
    }

    const denied = outcomes.find((o): o is Extract<Outcome, { kind: "denied" }> => o.kind === "denied");
    if (denied) {
      deps.metrics?.counter(RATE_LIMIT_DENIED_METRIC, { policy: denied.policy.id });
      const retryAfter = retryAfterSeconds(denied.reset, t);
      return problem(
        c,
        new ApiError("rate_limited", `Limit of ${denied.policy.limit} per ${denied.policy.windowSec} s reached; retry in ${retryAfter} s.`, {
          headers: { ...headersFor(denied, t), "retry-after": String(retryAfter) },
        }),
      );
    }

    await next();

    // RateLimit-* describe the route's own (primary) policy; routes without one only carry the global fallback.
    const primary = outcomes[0];
    if (route?.rateLimit && primary?.kind === "ok" && primary.policy.id === route.rateLimit) {
      setResponseHeaders(c, headersFor(primary, t));
    }
  });
}

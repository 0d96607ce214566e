// The edge: one Hono app built from the contracts' route table. Per request, in this order:
//   request id → log/metrics → security headers + CORS → strip untrusted identity headers → route match (one Hono
//   route per contract route) → body limit → content type → [forced update, per-IP limit] → auth + role check →
//   [route rate limits, kill switch, idempotency, cache] → validation → [breaker] → the route's function (or an
//   edge-only handler). Bracketed steps are ./middleware (its README has the reasons for the order).
// Bad input, a missing token or the wrong role never cost a function execution. One onError turns every failure
// into application/problem+json with the request id.
import { Hono } from "hono";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { ApiError, issuesOf } from "@chizze/contracts/errors";
import { cacheControl } from "@chizze/contracts/policies";
import type { AnyRoute, Method } from "@chizze/contracts/route";
import { INTERNAL_ROUTES, ROUTES } from "@chizze/contracts/routes";
import { IDENTITY_HEADER, signIdentity, type Identity } from "@chizze/platform/identity";
import { redisClient, type Redis } from "@chizze/platform/redis/client";
import { METRICS } from "@chizze/platform/observability/metrics";
import { Authenticator, bearerToken, needsToken } from "./auth";
import { edgeConfig, type EdgeConfig } from "./config";
import { waitUntil as defer } from "./middleware/context";
import { fetchGet } from "./http";
import { renderDocs } from "./docs";
import type { Bindings, EdgeEnv } from "./env";
import { DEFAULT_INVOKE_TIMEOUT_MS, invokeFunction } from "./invoke";
import { consoleWriter, createLogger, type LogWriter, type Logger } from "./logger";
import { analyticsEngineMetrics, metricsFor, recordActiveUser } from "./metrics";
import { createPolicyMiddlewares, type PolicyMiddlewareDeps } from "./middleware/index";
import type { MetricsSink } from "@chizze/platform/observability/metrics";
import { jsonLogMetrics } from "@chizze/platform/observability/metrics";
import { buildOpenApi } from "./openapi";
import { DEFAULT_RETRY_AFTER_SEC, codeForStatus, problemResponse } from "./problem";
import { PROBE_TIMEOUT_MS, ProbeFailure, READINESS_CACHE_MS, ReadinessCache } from "./readiness";

/** Validated request parts, kept for the handler (the function gets the raw body: webhook signatures need it). */
export interface ValidatedInput {
  params: unknown;
  query: unknown;
  headers: unknown;
  body: unknown;
  rawBody: string;
}

declare module "./env" {
  interface Variables {
    /** Set by the validation step, read by the handler. */
    input?: ValidatedInput;
    /** Round trip of the function execution (ms), for the request log. */
    functionMs?: number;
  }
}

/** JSON bodies are small; the Razorpay webhook carries whole payment/refund entities. */
export const JSON_BODY_LIMIT = 64 * 1024;
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** Per-route execution budgets where the 10 s default does not fit. */
export const INVOKE_TIMEOUT_MS: Readonly<Record<string, number>> = {
  // Razorpay counts no answer within 5 s as a failed delivery (edge-stack.md §5).
  "payments.webhook": 4_500,
  // Creates a Razorpay order inside the request.
  "orders.place": 15_000,
  "health.function": 3_000,
};

const REQUEST_ID = /^[\w.=-]{1,128}$/;
/** Request headers every function may receive; route-declared headers (idempotency-key, x-session-secret…) too. */
const FORWARDED_HEADERS = ["idempotency-key", "x-app-version", "x-platform"] as const;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export interface ErrorContext {
  requestId: string;
  routeId: string | null;
  userId: string | null;
}

export interface AppOptions {
  /** The routes to mount (default: the contracts' ROUTES). */
  routes?: readonly AnyRoute[];
  /** Unknown errors go here after being logged (worker.ts passes Sentry.captureException). */
  reportError?: (err: unknown, ctx: ErrorContext) => void;
  /** Where JSON log lines go (default: console). */
  logWriter?: LogWriter;
  /** How long one readiness result is reused in this isolate (default 5 s). */
  readinessCacheMs?: number;
  /** Default execution budget for routes without their own (default 10 s). */
  invokeTimeoutMs?: number;
  /** Client address when there is no CF-Connecting-IP (node.ts passes the socket address). */
  clientIp?: (c: Context) => string | undefined;
  /**
   * The policy middlewares of ./middleware (forced update, rate limits, kill switch, idempotency, cache, breaker),
   * built once per app = once per isolate. `false` leaves them out (tests of the core chain); an object passes
   * their dependencies/overrides. Default: on, with the app's log and metrics.
   */
  policies?: PolicyMiddlewareDeps | false;
  now?: () => number;
}

export interface EdgeApp extends Hono<EdgeEnv> {
  /** Isolate-lifetime state, exposed for tests. */
  readonly state: { authenticator: Authenticator; readiness: ReadinessCache };
}

function routeRegex(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z][A-Za-z0-9]*/g, "[^/]+")}/?$`);
}

function hasBody(req: Request): boolean {
  if (req.headers.has("transfer-encoding")) return true;
  const length = req.headers.get("content-length");
  return length !== null ? length !== "0" : req.body !== null;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? (all[0] ?? "") : all;
  }
  return out;
}

function allowedRoles(route: AnyRoute, identity: Identity | null): "ok" | "unauthenticated" | "forbidden" {
  if (!needsToken(route)) return "ok";
  if (!identity) return "unauthenticated";
  if (route.roles.includes("self")) return "ok";
  return route.roles.some((r) => (identity.roles as readonly string[]).includes(r)) ? "ok" : "forbidden";
}

export function createApp(options: AppOptions = {}): EdgeApp {
  const routes: readonly AnyRoute[] = options.routes ?? ROUTES;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const log: Logger = createLogger(options.logWriter ?? consoleWriter, { service: "edge" });
  const writeLine = (line: string) => (options.logWriter ?? consoleWriter)(line, "info");
  const authenticator = new Authenticator(now);
  const readiness = new ReadinessCache(options.readinessCacheMs ?? READINESS_CACHE_MS, now);
  const matchers = routes.map((r) => ({ route: r, re: routeRegex(r.path) }));
  let openApi: Record<string, unknown> | undefined;
  let docsHtml: string | undefined;

  const authRedis = (cfg: EdgeConfig): Redis =>
    // Short budget, no retry: a slow Redis must not delay sign-in; Appwrite is asked instead.
    redisClient({ url: cfg.UPSTASH_REDIS_REST_URL, token: cfg.UPSTASH_REDIS_REST_TOKEN, timeoutMs: 300, retries: 0 });

  // The Analytics Engine binding is one object per isolate: the first request hands it to the policy middlewares'
  // sink, which was built before any bindings existed.
  let dataset: Bindings["METRICS"] | undefined;
  const jsonMetrics = jsonLogMetrics(writeLine);
  const sharedMetrics: MetricsSink = {
    counter: (n, l, by) => (dataset ? analyticsEngineMetrics(dataset) : jsonMetrics).counter(n, l, by),
    histogram: (n, v, l) => (dataset ? analyticsEngineMetrics(dataset) : jsonMetrics).histogram(n, v, l),
    gauge: (n, v, l) => (dataset ? analyticsEngineMetrics(dataset) : jsonMetrics).gauge(n, v, l),
  };
  const policies =
    options.policies === false
      ? { preAuth: [], routeWithoutBreaker: [], invoke: [] }
      : createPolicyMiddlewares({
          log: ({ level, msg, ...fields }) => log[level](msg, fields),
          metrics: sharedMetrics,
          ...options.policies,
        });

  const app = new Hono<EdgeEnv>();

  // ---- every request -------------------------------------------------------------------------------------------
  app.use(
    "*",
    createMiddleware<EdgeEnv>(async (c, next) => {
      const given = c.req.header("x-request-id");
      const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
      c.set("requestId", requestId);
      c.set("route", null);
      c.set("identity", null);
      c.set("clientIp", c.req.header("cf-connecting-ip") ?? options.clientIp?.(c) ?? "0.0.0.0");
      dataset ??= c.env?.METRICS;
      const started = performance.now();
      await next();
      c.header("X-Request-Id", requestId);
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const route = c.get("route");
      const status = c.res.status;
      const endpoint = route?.id ?? "unmatched";
      log.info("request", {
        requestId,
        route: route?.id ?? null,
        method: c.req.method,
        status,
        ms,
        functionMs: c.get("functionMs") ?? null,
        userId: c.get("identity")?.userId ?? null,
        cache: c.res.headers.get("x-cache"),
        rateLimit: status === 429 ? "limited" : c.res.headers.has("ratelimit-remaining") ? `remaining=${c.res.headers.get("ratelimit-remaining")}` : null,
      });
      const metrics = metricsFor(c.env ?? {}, writeLine);
      metrics.counter(METRICS.httpRequestsTotal.name, { method: c.req.method, endpoint, status_code: String(status) });
      metrics.histogram(METRICS.httpRequestDuration.name, ms / 1000, { method: c.req.method, endpoint });
      const userId = c.get("identity")?.userId;
      if (userId) recordActiveUser(c.env ?? {}, userId, writeLine);
    }),
  );

  app.use("*", secureHeaders());
  app.use(
    "*",
    cors({
      origin: (origin, c: Context<EdgeEnv>) => (origin && edgeConfig(c.env).CORS_ORIGINS.includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "X-App-Version", "X-Platform", "X-Session-Secret"],
      exposeHeaders: ["X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After", "Deprecation", "Sunset", "ETag"],
      maxAge: 600,
    }),
  );

  // Never trust an identity a client claims: these are for the edge → function hop only.
  app.use("*", async (c, next) => {
    const names = [...c.req.raw.headers.keys()].filter((k) => k === IDENTITY_HEADER || k.startsWith("x-appwrite-"));
    if (names.length > 0) {
      const headers = new Headers(c.req.raw.headers);
      for (const n of names) headers.delete(n);
      c.req.raw = new Request(c.req.raw, { headers });
    }
    await next();
  });

  // ---- per route -----------------------------------------------------------------------------------------------
  const enter = (route: AnyRoute): MiddlewareHandler<EdgeEnv> =>
    createMiddleware<EdgeEnv>(async (c, next) => {
      c.set("route", route);
      await next();
      if (!c.res.headers.has("cache-control")) c.header("Cache-Control", cacheControl(route.cache));
      if (route.deprecated) {
        c.header("Deprecation", "true");
        c.header("Sunset", new Date(route.deprecated.sunset).toUTCString());
      }
    });

  const contentType = createMiddleware<EdgeEnv>(async (c, next) => {
    if (hasBody(c.req.raw) && !JSON_TYPE.test(c.req.header("content-type") ?? "")) {
      throw new ApiError("unsupported_media_type", "Send the body as application/json");
    }
    await next();
  });

  const authenticate = (route: AnyRoute): MiddlewareHandler<EdgeEnv> =>
    createMiddleware<EdgeEnv>(async (c, next) => {
      const token = bearerToken(c.req.header("authorization"));
      if (token && !route.roles.includes("razorpay") && !route.roles.includes("session")) {
        const cfg = edgeConfig(c.env);
        try {
          const identity = await authenticator.verify(token, cfg, { redis: authRedis(cfg), log, defer: (p) => defer(c, p) });
          c.set("identity", identity);
        } catch (err) {
          // A public route still answers anonymously when the token is bad or Appwrite cannot check it.
          if (needsToken(route) || !(err instanceof ApiError)) throw err;
        }
      } else if (c.req.header("authorization") && needsToken(route)) {
        throw new ApiError("unauthenticated", "Use Authorization: Bearer <Appwrite JWT>");
      }
      const access = allowedRoles(route, c.get("identity"));
      if (access === "unauthenticated") throw new ApiError("unauthenticated", "Sign in: Authorization: Bearer <Appwrite JWT>");
      if (access === "forbidden") throw new ApiError("forbidden", "Your role cannot use this endpoint");
      await next();
    });

  const validate = (route: AnyRoute): MiddlewareHandler<EdgeEnv> =>
    createMiddleware<EdgeEnv>(async (c, next) => {
      const r = route.request;
      const errors: { path: string; message: string }[] = [];
      const parse = (where: string, schema: AnyRoute["request"]["body"], value: unknown): unknown => {
        if (!schema) return undefined;
        const result = schema.safeParse(value);
        if (result.success) return result.data;
        for (const e of issuesOf(result.error)) errors.push({ path: `${where}.${e.path}`, message: e.message });
        return undefined;
      };
      const params = parse("params", r.params, c.req.param());
      const query = parse("query", r.query, queryObject(new URL(c.req.url)));
      const headers = parse("headers", r.headers, Object.fromEntries(c.req.raw.headers));
      let rawBody = "";
      let body: unknown;
      if (r.body) {
        rawBody = await c.req.text();
        let json: unknown = {};
        if (rawBody.trim() !== "") {
          try {
            json = JSON.parse(rawBody);
          } catch {
            throw new ApiError("bad_request", "Body is not valid JSON");
          }
        }
        body = parse("body", r.body, json);
      }
      if (route.idempotency === "required" && !c.req.header("idempotency-key")) throw new ApiError("idempotency_key_required", "Send an Idempotency-Key header (a UUID)");
      if (errors.length > 0) throw new ApiError("validation_failed", "The request does not match the contract", { errors });
      if (route.roles.includes("session")) {
        const fromBody = (body as { sessionSecret?: unknown } | undefined)?.sessionSecret;
        if (typeof fromBody !== "string" && !c.req.header("x-session-secret")) {
          throw new ApiError("unauthenticated", "Send the session secret in X-Session-Secret or the body");
        }
      }
      c.set("input", { params, query, headers, body, rawBody });
      await next();
    });

  const invoke = (route: AnyRoute & { functionId: string }): MiddlewareHandler<EdgeEnv> =>
    createMiddleware<EdgeEnv>(async (c) => {
      const cfg = edgeConfig(c.env);
      const requestId = c.get("requestId");
      const identity = c.get("identity");
      const headers: Record<string, string> = { "x-request-id": requestId, "x-forwarded-for": c.get("clientIp") };
      if (route.request.body) headers["content-type"] = "application/json";
      const names = new Set<string>([...FORWARDED_HEADERS, ...Object.keys(route.request.headers?.shape ?? {})]);
      for (const name of names) {
        const v = c.req.header(name);
        if (v !== undefined && /^[a-z0-9-]+$/.test(name) && !name.startsWith("x-appwrite")) headers[name] = v;
      }
      if (identity) headers[IDENTITY_HEADER] = await signIdentity(identity, { secret: cfg.CHIZZE_IDENTITY_SECRET, functionId: route.functionId, requestId });
      const url = new URL(c.req.url);
      const rawBody = c.get("input")?.rawBody ?? "";
      const result = await invokeFunction(
        cfg,
        {
          functionId: route.functionId,
          method: route.method,
          path: url.pathname + url.search,
          body: route.request.body ? (rawBody.trim() === "" ? "{}" : rawBody) : "",
          headers,
          timeoutMs: INVOKE_TIMEOUT_MS[route.id] ?? options.invokeTimeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS,
        },
        log,
      );
      c.set("functionMs", result.ms);
      const res = result.response;
      const retry = DEFAULT_RETRY_AFTER_SEC[res.status];
      if (retry !== undefined && !res.headers.has("retry-after")) res.headers.set("retry-after", String(retry));
      return res;
    });

  const runProbes = (c: Context<EdgeEnv>) => {
    const cfg = edgeConfig(c.env);
    const healthRoute = INTERNAL_ROUTES.find((r) => r.id === "health.function");
    return readiness.check({
      redis: async () => {
        const redis = redisClient({ url: cfg.UPSTASH_REDIS_REST_URL, token: cfg.UPSTASH_REDIS_REST_TOKEN, timeoutMs: PROBE_TIMEOUT_MS, retries: 0 });
        const pong = await redis.ping();
        if (pong !== "PONG") throw new ProbeFailure("unexpected PING answer");
      },
      appwrite: async () => {
        const res = await fetchGet(`${cfg.APPWRITE_ENDPOINT}/health/version`, { headers: { "x-appwrite-project": cfg.APPWRITE_PROJECT_ID }, timeoutMs: PROBE_TIMEOUT_MS });
        await res.body?.cancel();
        if (!res.ok) throw new ProbeFailure(`status ${res.status}`);
      },
      functions: async () => {
        if (!healthRoute?.functionId) throw new ProbeFailure("no health function route");
        const result = await invokeFunction(
          cfg,
          { functionId: healthRoute.functionId, method: "GET", path: healthRoute.path, body: "", headers: { "x-request-id": c.get("requestId") }, timeoutMs: INVOKE_TIMEOUT_MS["health.function"] ?? PROBE_TIMEOUT_MS },
          log,
        ).catch((err: unknown) => {
          throw new ProbeFailure(err instanceof ApiError ? err.code : "unreachable");
        });
        await result.response.body?.cancel();
        if (result.response.status !== 200) throw new ProbeFailure(`health function answered ${result.response.status}`);
      },
    });
  };

  const edgeHandlers: Record<string, MiddlewareHandler<EdgeEnv>> = {
    "health.live": async (c) => {
      const cfg = edgeConfig(c.env);
      return c.json({ status: "ok", release: cfg.RELEASE, time: new Date(now()).toISOString(), uptimeSec: Math.round((now() - startedAt) / 1000) });
    },
    "health.ready": async (c) => {
      const result = await runProbes(c);
      c.header("Cache-Control", "no-store");
      return c.json(result, result.status === "down" ? 503 : 200);
    },
    "docs.openapi": async (c) => {
      openApi ??= buildOpenApi(routes, { release: edgeConfig(c.env).RELEASE });
      return c.json(openApi);
    },
    "docs.page": async (c) => {
      openApi ??= buildOpenApi(routes, { release: edgeConfig(c.env).RELEASE });
      docsHtml ??= renderDocs(openApi);
      c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      return c.html(docsHtml);
    },
  };

  for (const route of routes) {
    // Order (middleware/README.md): route → body limit → content type → forced update, per-IP limit → auth + roles →
    // route limits → kill switch → idempotency → cache → validation → breaker → function.
    const chain: MiddlewareHandler<EdgeEnv>[] = [enter(route)];
    if (route.request.body) {
      const maxSize = route.roles.includes("razorpay") ? WEBHOOK_BODY_LIMIT : JSON_BODY_LIMIT;
      chain.push(
        bodyLimit({
          maxSize,
          onError: () => {
            throw new ApiError("payload_too_large", `The body may not exceed ${maxSize} bytes`);
          },
        }),
        contentType,
      );
    }
    chain.push(...policies.preAuth, authenticate(route), ...policies.routeWithoutBreaker, validate(route));
    const functionId = route.functionId;
    if (functionId !== null) chain.push(...policies.invoke, invoke({ ...route, functionId }));
    else {
      const handler = edgeHandlers[route.id];
      if (!handler) throw new Error(`route ${route.id} has no function and no edge handler`);
      chain.push(handler);
    }
    app.on(route.method, route.path, ...(chain as [MiddlewareHandler<EdgeEnv>, ...MiddlewareHandler<EdgeEnv>[]]));
  }

  // ---- no route ------------------------------------------------------------------------------------------------
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const allowed = [...new Set(matchers.filter((m) => m.re.test(path)).map((m) => m.route.method))] as Method[];
    if (allowed.length > 0) {
      c.header("Allow", [...allowed, "OPTIONS"].join(", "));
      return problemResponse(c, new ApiError("method_not_allowed", `Use ${allowed.join(" or ")}`));
    }
    return problemResponse(c, new ApiError("not_found", "No such endpoint"));
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return problemResponse(c, err);
    if (err instanceof HTTPException && err.status < 500) return problemResponse(c, new ApiError(codeForStatus(err.status), err.message || undefined));
    const ctx: ErrorContext = { requestId: c.get("requestId") ?? "unknown", routeId: c.get("route")?.id ?? null, userId: c.get("identity")?.userId ?? null };
    log.error("unhandled error", { ...ctx, err });
    try {
      options.reportError?.(err, ctx);
    } catch {
      // Reporting must never turn a 500 into a crash.
    }
    return problemResponse(c, new ApiError("internal", "Something went wrong. Quote the request id when reporting it."));
  });

  return Object.assign(app, { state: { authenticator, readiness } });
}

export type { Bindings };

// What the middlewares share: the one context variable they add (by declaration merging, so env.ts stays the lead's),
// the problem+json answer, waitUntil that tolerates a missing ExecutionContext, the per-request Redis source and the
// log/metric hooks. Workers-safe: web APIs only.
import type { Context } from "hono";
import type { Redis } from "@upstash/redis/cloudflare";
import type { ApiError } from "@chizze/contracts/errors";
import { PROBLEM_CONTENT_TYPE, toProblem } from "@chizze/contracts/errors";
import type { AnyRoute } from "@chizze/contracts/route";
import { redisClient } from "@chizze/platform/redis/client";
import type { MetricsSink } from "@chizze/platform/observability/metrics";
import type { EdgeEnv } from "../env";

/** A cached answer as the cache middleware keeps it (Redis value and Cache API body). */
export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
  etag: string;
  /** When the origin produced it (epoch ms). */
  storedAt: number;
}

declare module "../env" {
  interface Variables {
    /**
     * Set by the cache middleware on GETs with a shared cache policy when it goes to the origin: returns the newest
     * entry Redis still holds for this request (any age), for the breaker to serve STALE while the circuit is open.
     * Undefined when the cache did not run or Redis could not be read.
     */
    cacheFallback?: () => StoredResponse | null;
  }
}

/** One structured event per line (style rule 8); the app passes its logger. Never carries bodies, phones or keys. */
export type EdgeLog = (event: { level: "info" | "warn" | "error"; msg: string } & Record<string, unknown>) => void;

/** Where a middleware gets its Redis: a client, or a function of the request (the bindings arrive with it). */
export type RedisSource = Redis | ((c: Context<EdgeEnv>) => Redis);

/**
 * Default: the isolate's @upstash/redis client for this Worker's bindings (platform's factory: 500 ms per call, one
 * retry, no auto-pipelining, memoised per isolate by url + token).
 */
export function redisFromEnv(c: Context<EdgeEnv>): Redis {
  return redisClient({ url: c.env.UPSTASH_REDIS_REST_URL, token: c.env.UPSTASH_REDIS_REST_TOKEN });
}

export function resolveRedis(source: RedisSource | undefined, c: Context<EdgeEnv>): Redis {
  if (source === undefined) return redisFromEnv(c);
  return typeof source === "function" ? source(c) : source;
}

export interface ObservabilityDeps {
  log?: EdgeLog;
  metrics?: MetricsSink;
}

export const noLog: EdgeLog = () => {};

/** Runs `p` after the response on Workers; under `app.request` without an ExecutionContext it just runs. */
export function waitUntil(c: Context<EdgeEnv>, p: Promise<unknown>): void {
  const settled = p.catch(() => undefined);
  let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    // Hono throws "This context has no ExecutionContext" outside Workers (edge-stack.md §2).
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(settled);
  else void settled;
}

/** The request id the app's first middleware set; a fallback so a misordered chain still answers. */
export function requestIdOf(c: Context<EdgeEnv>): string {
  return c.get("requestId") ?? c.req.header("x-request-id") ?? "unknown";
}

/**
 * An ApiError as application/problem+json (RFC 9457), with its headers (Retry-After…) and optional extension members.
 * The middlewares answer with this directly instead of throwing, so the outer middlewares see a plain response.
 */
export function problem(c: Context<EdgeEnv>, err: ApiError, extensions: Record<string, unknown> = {}): Response {
  const body = { ...toProblem(err, requestIdOf(c)), ...extensions };
  const headers = new Headers({ "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store" });
  for (const [k, v] of Object.entries(err.headers ?? {})) headers.set(k, v);
  return new Response(JSON.stringify(body), { status: err.status, headers });
}

export function routeOf(c: Context<EdgeEnv>): AnyRoute | null {
  return c.get("route") ?? null;
}

/**
 * Path parameters of the matched route. `c.req.param()` only knows them when the middleware is mounted on the
 * route's own path; mounted with `app.use("*")` it does not, so the route's template is matched against the path.
 */
export function routeParams(c: Context<EdgeEnv>, route: AnyRoute): Record<string, string> {
  const fromHono = c.req.param() as Record<string, string | undefined>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fromHono)) if (typeof v === "string") out[k] = v;
  const tpl = route.path.split("/");
  const actual = c.req.path.split("/");
  if (tpl.length !== actual.length) return out;
  tpl.forEach((seg, i) => {
    const value = actual[i];
    if (seg.startsWith(":") && value !== undefined && out[seg.slice(1)] === undefined) out[seg.slice(1)] = decodeURIComponent(value);
  });
  return out;
}

/**
 * The request body as text, read through Hono's body cache so the handler (and `c.req.json()`) can still read it.
 * Null for bodiless methods or an unreadable body.
 */
export async function bodyText(c: Context<EdgeEnv>): Promise<string | null> {
  if (c.req.method === "GET" || c.req.method === "HEAD") return null;
  try {
    return await c.req.text();
  } catch {
    return null;
  }
}

/** The JSON body, or undefined when absent or not JSON. */
export async function jsonBody(c: Context<EdgeEnv>): Promise<unknown> {
  const text = await bodyText(c);
  if (text === null || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Sets headers on the response already produced downstream. A Response from fetch() has immutable headers; then it
 * is copied (body stream moved, not read) so the headers can be changed.
 */
export function setResponseHeaders(c: Context<EdgeEnv>, headers: Record<string, string>): void {
  try {
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  } catch {
    const copy = new Response(c.res.body, c.res);
    for (const [k, v] of Object.entries(headers)) copy.headers.set(k, v);
    c.res = copy;
  }
}

export function retryAfterSeconds(resetAtMs: number, nowMs: number, floor = 1): number {
  return Math.max(floor, Math.ceil((resetAtMs - nowMs) / 1000));
}

// A route is data: method, path, the Appwrite Function that serves it, who may call it, its rate-limit, cache and
// idempotency policies, and its zod request/response schemas. The edge router, the functions' input validation,
// the OpenAPI document and the typed client are all generated from these objects.
import type { z } from "zod";
import type { ErrorCode } from "./errors";
import { ERROR_CODES } from "./errors";
import type { CachePolicy, RateLimitPolicy, RateLimitPolicyId } from "./policies";
import { GLOBAL_FALLBACK_POLICY_ID, RATE_LIMITS, isRateLimitPolicyId, templateVars } from "./policies";

export const API_PREFIX = "/api/v1";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

/**
 * - `public`: anyone, no token;  `session`: holder of an Appwrite session secret (no JWT needed);
 * - `customer` | `restaurant` | `partner` | `admin`: an Appwrite JWT whose user carries that label
 *   (`customer` is the default for users without a role label);
 * - `self`: any signed-in user acting on their own account;  `razorpay`: a valid webhook signature.
 * A route lists every role that may call it; ownership (BOLA) is checked by the function → 404.
 */
export const ROLES = ["public", "session", "customer", "restaurant", "partner", "admin", "self", "razorpay"] as const;
export type Role = (typeof ROLES)[number];

/** `required`: 400 without the header; `optional`: honoured when sent (safe retries from offline apps); `none`: ignored. */
export type IdempotencyMode = "required" | "optional" | "none";

export interface RouteRequest {
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly headers?: z.ZodObject;
}

/** Success (and documented non-error) bodies by status; `NoContent` = no body (204). Errors are always `Problem`. */
export type RouteResponses = Readonly<Record<number, z.ZodType>>;

export interface RouteSpec<Req extends RouteRequest = RouteRequest, Res extends RouteResponses = RouteResponses> {
  /** Stable id `<resource>.<verb>`; used in logs, metrics and the client's method names. */
  readonly id: string;
  readonly method: Method;
  /** Hono-style path with `:param` segments, including the `/api/v1` prefix. */
  readonly path: string;
  /** The Appwrite Function (`<resource>-<verb>`) the edge executes; null for routes answered by the edge itself. */
  readonly functionId: string | null;
  readonly roles: readonly Role[];
  /** Policy whose figures go into the RateLimit-* headers; null = only the global per-IP fallback. */
  readonly rateLimit: RateLimitPolicyId | null;
  /** Further policies checked on the same request (e.g. the per-IP OTP guard next to the per-phone limit). */
  readonly extraRateLimits?: readonly RateLimitPolicyId[];
  readonly cache: CachePolicy | null;
  readonly idempotency: IdempotencyMode;
  readonly request: Req;
  readonly responses: Res;
  /** Cache tags this write purges once it succeeds; placeholders come from path params or the success body (`{restaurantId}`). */
  readonly invalidates?: readonly string[];
  /** Response media type when not JSON (the docs page). */
  readonly contentType?: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Answers carry `Deprecation` and `Sunset` (RFC 8594) headers until `sunset` (ISO date). */
  readonly deprecated?: { readonly sunset: string };
}

export type AnyRoute = RouteSpec;

type OutOf<S> = S extends z.ZodType ? z.output<S> : undefined;
type InOf<S> = S extends z.ZodType ? z.input<S> : undefined;

/** Validated request parts as a handler sees them (defaults applied, query strings coerced). */
export interface RouteInput<R extends AnyRoute> {
  params: OutOf<R["request"]["params"]>;
  query: OutOf<R["request"]["query"]>;
  body: OutOf<R["request"]["body"]>;
  headers: OutOf<R["request"]["headers"]>;
}

/** Request parts as a client sends them. */
export interface RouteClientInput<R extends AnyRoute> {
  params: InOf<R["request"]["params"]>;
  query: InOf<R["request"]["query"]>;
  body: InOf<R["request"]["body"]>;
  headers: InOf<R["request"]["headers"]>;
}

/** The body of one documented response status. */
export type RouteOutput<R extends AnyRoute, S extends keyof R["responses"]> = OutOf<R["responses"][S]>;

export const FUNCTION_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const MAX_FUNCTION_ID_LENGTH = 36;

/** `:name` segments of a Hono path. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1] ?? "");
}

/** `/orders/:id` → `/orders/{id}` (OpenAPI path template). */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, "{$1}");
}

function fail(spec: { id: string }, message: string): never {
  throw new Error(`route ${spec.id}: ${message}`);
}

/**
 * Declares a route and checks, at module load, the invariants that a typo would otherwise break silently at
 * runtime: path params match the params schema, money routes declare the Idempotency-Key header, bodies only
 * on unsafe methods, caches only on GET, known rate-limit policies.
 */
export function defineRoute<const Req extends RouteRequest, const Res extends RouteResponses>(spec: RouteSpec<Req, Res>): RouteSpec<Req, Res> {
  if (!spec.path.startsWith(`${API_PREFIX}/`)) fail(spec, `path must start with ${API_PREFIX}/`);

  const declared = Object.keys(spec.request.params?.shape ?? {}).sort();
  const inPath = pathParams(spec.path).sort();
  if (declared.join() !== inPath.join()) fail(spec, `params schema [${declared.join()}] ≠ path params [${inPath.join()}]`);

  if (spec.functionId !== null && (!FUNCTION_ID_PATTERN.test(spec.functionId) || spec.functionId.length > MAX_FUNCTION_ID_LENGTH)) {
    fail(spec, `functionId "${spec.functionId}" must be kebab-case and ≤${MAX_FUNCTION_ID_LENGTH} chars`);
  }

  const idemHeader = spec.request.headers?.shape["idempotency-key"] as z.ZodType | undefined;
  if (spec.idempotency === "required" && (!idemHeader || idemHeader.safeParse(undefined).success)) {
    fail(spec, "idempotency required but the headers schema has no required idempotency-key");
  }
  // Declared so the OpenAPI document and the typed client show the header.
  if (spec.idempotency === "optional" && !idemHeader) fail(spec, "idempotency optional but the headers schema lacks idempotency-key");
  if (spec.idempotency !== "none" && spec.method === "GET") fail(spec, "GET is idempotent by definition");

  if (spec.request.body && (spec.method === "GET" || spec.method === "DELETE")) fail(spec, `${spec.method} takes no body`);
  if (spec.cache && spec.method !== "GET") fail(spec, "only GET answers are cached");

  for (const id of [spec.rateLimit, ...(spec.extraRateLimits ?? [])]) {
    if (id !== null && !isRateLimitPolicyId(id)) fail(spec, `unknown rate-limit policy ${String(id)}`);
  }

  const statuses = Object.keys(spec.responses).map(Number);
  if (!statuses.some((s) => s >= 200 && s < 300)) fail(spec, "needs a 2xx response");

  if (spec.roles.length === 0) fail(spec, "needs at least one role");

  if (spec.cache?.redisKey) {
    const allowed = new Set([...inPath, "hash", "userId"]);
    for (const v of templateVars(spec.cache.redisKey)) {
      if (!allowed.has(v)) fail(spec, `cache key placeholder {${v}} is not a path param, {hash} or {userId}`);
    }
  }
  return spec;
}

/** Every rate-limit policy the edge applies to this route, primary first. */
export function rateLimitPoliciesOf(route: AnyRoute): RateLimitPolicy[] {
  if (route.rateLimit === null) return [RATE_LIMITS[GLOBAL_FALLBACK_POLICY_ID]];
  return [route.rateLimit, ...(route.extraRateLimits ?? [])].map((id) => RATE_LIMITS[id]);
}

/**
 * The error codes a route can answer with, derived from its metadata so the OpenAPI document lists them without
 * hand-kept tables. Route-specific semantic errors (quote_expired…) are added by `semanticErrors`.
 */
export function errorCodesOf(route: AnyRoute, semanticErrors: readonly ErrorCode[] = []): ErrorCode[] {
  const codes = new Set<ErrorCode>(["internal", "upgrade_required", "rate_limited"]);
  const r = route.request;
  if (r.params ?? r.query ?? r.body ?? r.headers) codes.add("validation_failed");
  if (!route.roles.includes("public")) codes.add("unauthenticated");
  if (!route.roles.includes("public") && !route.roles.includes("self")) codes.add("forbidden");
  if (r.params) codes.add("not_found");
  if (r.body) codes.add("payload_too_large").add("unsupported_media_type");
  if (route.idempotency === "required") codes.add("idempotency_key_required");
  if (route.idempotency !== "none") codes.add("idempotency_in_flight").add("idempotency_key_reused");
  if (route.functionId !== null) codes.add("dependency_unavailable").add("timeout");
  for (const c of semanticErrors) codes.add(c);
  return [...codes].sort((a, b) => ERROR_CODES[a] - ERROR_CODES[b] || a.localeCompare(b));
}

// Typed client for the Chizze edge API, generated from the contracts' route table types: one `call(routeId, input)`
// whose input and output types come from the route's zod schemas. Used by tests, load scripts and the console.
//
// Retries: only calls that are safe to repeat (GET/PUT/DELETE, or any call carrying an Idempotency-Key) are retried,
// on network errors, 502/503/504, 429 and 409 idempotency_in_flight, with capped exponential backoff and full jitter
// (Retry-After wins when the server sends one). A route that takes an Idempotency-Key gets a UUID when the caller
// gives none, and the same key is reused by every retry of that call, so a retry can never place a second order.
import type { Problem } from "@chizze/contracts/errors";
import { PROBLEM_CONTENT_TYPE } from "@chizze/contracts/errors";
import type { AnyRoute, RouteClientInput, RouteOutput } from "@chizze/contracts/route";
import { ROUTES, type AppRoute, type RouteId } from "@chizze/contracts/routes";

export type { RouteId };
/**
 * The route of an id. The contracts type `id` as `string` today, so an id alone types the call loosely (AnyRoute);
 * pass the route object (`client.call(placeOrderRoute, …)`) for fully typed input and output. Once defineRoute keeps
 * the literal id type, ids type the call exactly with no change here.
 */
export type RouteOf<Id extends string> = [Extract<AppRoute, { id: Id }>] extends [never] ? AnyRoute : Extract<AppRoute, { id: Id }>;

type UndefinedKeys<T> = { [K in keyof T]: undefined extends T[K] ? K : never }[keyof T];
type OptionalUndefined<T> = { [K in Exclude<keyof T, UndefinedKeys<T>>]: T[K] } & { [K in UndefinedKeys<T>]?: T[K] };

type Inputs<R extends AnyRoute> = RouteClientInput<R>;
type HeadersOf<R extends AnyRoute> = Inputs<R>["headers"] extends object ? Partial<Inputs<R>["headers"]> : undefined;

/** What a call takes: the route's params, query and body as the client sends them; headers are all optional. */
export type CallInput<R extends AnyRoute> = OptionalUndefined<Omit<Inputs<R>, "headers">> & {
  headers?: HeadersOf<R> & Record<string, string | undefined>;
  signal?: AbortSignal;
};

/** The body of any documented response of the route (success statuses). */
export type CallOutput<R extends AnyRoute> = { [S in keyof R["responses"]]: RouteOutput<R, S> }[keyof R["responses"]];

export interface CallResult<R extends AnyRoute> {
  status: number;
  body: CallOutput<R>;
  headers: Headers;
}

/** A problem+json answer (4xx/5xx) as an exception; `code` is the contracts' closed error code. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: Problem["code"];
  readonly requestId: string;
  readonly problem: Problem;
  readonly headers: Headers;
  constructor(problem: Problem, headers: Headers) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
    this.name = "ApiProblem";
    this.status = problem.status;
    this.code = problem.code;
    this.requestId = problem.requestId;
    this.problem = problem;
    this.headers = headers;
  }
}

export interface RetryPolicy {
  /** Total attempts including the first (default 3). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the problem is thrown (default 10 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, maxRetryAfterMs: 10_000 };

export interface ClientOptions {
  /** Origin of the edge, e.g. `https://api.chizze.in` (paths carry `/api/v1`). */
  baseUrl: string;
  /** Current Appwrite JWT, or null when signed out. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  fetch?: (input: Request) => Promise<Response>;
  retry?: Partial<RetryPolicy>;
  /** Waits between attempts (tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Extra headers on every request (X-App-Version, X-Platform). */
  headers?: Record<string, string>;
}

export interface ChizzeClient {
  /** By route object: input and output typed from its zod schemas. */
  call<R extends AnyRoute>(route: R, input?: CallInput<R>): Promise<CallResult<R>>;
  /** By route id (`"orders.place"`). */
  call<Id extends RouteId>(id: Id, input?: CallInput<RouteOf<Id>>): Promise<CallResult<RouteOf<Id>>>;
}

const routesById = new Map<string, AnyRoute>(ROUTES.map((r) => [r.id, r]));
const SAFE_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE"]);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return v.toString();
  return JSON.stringify(v);
}

function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null || v === "") throw new TypeError(`Missing path parameter ${name}`);
    return encodeURIComponent(text(v));
  });
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return "";
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? (v as unknown[]) : [v]) qs.append(k, text(item));
  }
  const s = qs.toString();
  return s ? `?${s}` : "";
}

function retryAfterMs(headers: Headers): number | null {
  const v = headers.get("retry-after");
  if (!v) return null;
  const sec = Number(v);
  if (Number.isFinite(sec)) return Math.max(0, sec * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

async function parseBody(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 304) return undefined;
  const text = await res.text();
  if (text === "") return undefined;
  const type = res.headers.get("content-type") ?? "";
  if (/json/i.test(type)) return JSON.parse(text) as unknown;
  return text;
}

function isProblem(v: unknown): v is Problem {
  return typeof v === "object" && v !== null && typeof (v as Problem).code === "string" && typeof (v as Problem).status === "number";
}

export function createClient(options: ClientOptions): ChizzeClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const doFetch = options.fetch ?? ((req: Request) => fetch(req));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const base = options.baseUrl.replace(/\/+$/, "");

  async function call(target: AnyRoute | string, input?: CallInput<AnyRoute>): Promise<CallResult<AnyRoute>> {
    const route = typeof target === "string" ? routesById.get(target) : target;
    if (!route) throw new TypeError(`Unknown route ${typeof target === "string" ? target : target.id}`);
    const parts = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown; headers?: Record<string, string | undefined>; signal?: AbortSignal };
    const url = base + fillPath(route.path, parts.params) + queryString(parts.query);

    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    for (const [k, v] of Object.entries(parts.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
    // One key per call, fixed before the first attempt: every retry presents the same key.
    if (route.idempotency !== "none" && !headers["idempotency-key"]) headers["idempotency-key"] = crypto.randomUUID();
    const body = route.request.body ? JSON.stringify(parts.body ?? {}) : undefined;
    if (body !== undefined) headers["content-type"] = "application/json";
    const retryable = SAFE_METHODS.has(route.method) || headers["idempotency-key"] !== undefined;

    for (let attempt = 1; ; attempt++) {
      const token = await options.getToken?.();
      const h = new Headers(headers);
      if (token) h.set("authorization", `Bearer ${token}`);
      const last = !retryable || attempt >= policy.attempts;
      const backoff = () => Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));

      let res: Response;
      try {
        res = await doFetch(new Request(url, { method: route.method, headers: h, ...(body !== undefined ? { body } : {}), ...(parts.signal ? { signal: parts.signal } : {}) }));
      } catch (err) {
        if (last || parts.signal?.aborted) throw err;
        await sleep(backoff());
        continue;
      }

      const parsed = await parseBody(res);
      if (res.ok) return { status: res.status, body: parsed, headers: res.headers };

      const problem: Problem = isProblem(parsed)
        ? parsed
        : { type: "about:blank", title: res.statusText || "Error", status: res.status, code: res.status >= 500 ? "internal" : "bad_request", requestId: res.headers.get("x-request-id") ?? "", detail: typeof parsed === "string" ? parsed.slice(0, 200) : undefined };
      const again = RETRY_STATUSES.has(res.status) || (res.status === 409 && problem.code === "idempotency_in_flight");
      if (last || !again) throw new ApiProblem(problem, res.headers);
      const hinted = retryAfterMs(res.headers);
      if (hinted !== null && hinted > policy.maxRetryAfterMs) throw new ApiProblem(problem, res.headers);
      await sleep(hinted ?? backoff());
    }
  }

  return { call: call as ChizzeClient["call"] };
}

export { PROBLEM_CONTENT_TYPE };

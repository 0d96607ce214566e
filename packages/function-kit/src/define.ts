// defineFunction(): Appwrite runtime context → validated input, trusted caller identity, one verb call,
// problem+json errors, JSON logs, Sentry. Every function's main.ts is a few lines on top of it.
import type { z } from "zod";
import { ApiError, PROBLEM_CONTENT_TYPE, issuesOf, toProblem } from "@chizze/contracts/errors";
import { IDENTITY_HEADER, verifyIdentity, type Identity, type Role } from "@chizze/platform/identity";
import { PlatformError, toApiError } from "@chizze/platform/errors";
import { baseEnvSchema, parseEnv, type BaseEnv } from "./config";
import { createLogger, type Logger } from "./logger";
import { METRICS, jsonLogMetrics, type MetricsSink } from "@chizze/platform/observability/metrics";
import { matchPath, parseQuery } from "./route-match";
import { createReporter, type ErrorReporter } from "./sentry";
import { triggerOf, type AppwriteEntrypoint, type RuntimeContext, type TriggerKind } from "@chizze/contracts/open-runtimes";

/** Who may call a route. `public` and `razorpay` need no identity (the webhook proves itself by signature). */
export type RouteRole = "public" | "session" | "self" | "razorpay" | Role;

/** The part of a contracts route the kit needs (packages/contracts defines the full route table). */
export interface RouteLike {
  id: string;
  method: string;
  path: string;
  roles: readonly RouteRole[];
  idempotency: "required" | "optional" | "none";
  request: { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; headers?: z.ZodType };
  responses: Partial<Record<number, z.ZodType>>;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, ...(headers ? { headers } : {}) });
export const created = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 201, body, ...(headers ? { headers } : {}) });
export const accepted = (body?: unknown): Reply => ({ status: 202, body });
export const noContent = (): Reply => ({ status: 204 });

interface BaseContext {
  functionId: string;
  requestId: string;
  trigger: TriggerKind;
  log: Logger;
  /** §8.1 metrics as `{"metric":…}` lines in the execution log (docs/operations.md: the exporter reads them). */
  metrics: MetricsSink;
  env: BaseEnv;
  /** Key for calling Appwrite in this execution: the runtime's per-execution key, else APPWRITE_API_KEY. */
  apiKey: string | undefined;
}

export interface HttpContext<R extends RouteLike> extends BaseContext {
  /** The verified caller; null only on `public`/`razorpay` routes. */
  identity: Identity | null;
  params: Out<R["request"]["params"]>;
  query: Out<R["request"]["query"]>;
  body: Out<R["request"]["body"]>;
  /** Raw body bytes as text (webhook signatures are computed over these, never over re-serialised JSON). */
  rawBody: string;
  headers: Record<string, string | undefined>;
  idempotencyKey: string | undefined;
}

export interface EventContext<P> extends BaseContext {
  /** e.g. `databases.chizze.collections.orders.documents.<id>.update` */
  event: string;
  payload: P;
  /** The user whose action fired the event, if Appwrite reports one. */
  userId: string | undefined;
}

export type ScheduleContext = BaseContext;

type HttpDef<R extends RouteLike> = {
  id: string;
  trigger: "http";
  route: R;
  handler: (ctx: HttpContext<R>) => Promise<Reply>;
};

type EventDef<S extends z.ZodType> = {
  id: string;
  trigger: "event";
  /** Schema of the event payload (the row/user/file JSON Appwrite sends). */
  input: S;
  handler: (ctx: EventContext<z.output<S>>) => Promise<Reply | void>;
};

type ScheduleDef = {
  id: string;
  trigger: "schedule";
  handler: (ctx: ScheduleContext) => Promise<Reply | void>;
};

export type FunctionDef<R extends RouteLike, S extends z.ZodType> = HttpDef<R> | EventDef<S> | ScheduleDef;

export interface DefineOptions {
  /** Environment to read (tests pass their own). Defaults to process.env, read once at first execution. */
  env?: Record<string, string | undefined>;
}

const REQUEST_ID = /^[\w.=-]{1,128}$/;

function requestIdOf(headers: Record<string, string | undefined>): string {
  const given = headers["x-request-id"];
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

function lowerHeaders(h: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function parseWith<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> | undefined {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError("validation_failed", `Invalid ${where}`, { errors: issuesOf(r.error).map((e) => ({ ...e, path: `${where}.${e.path}` })) });
  return r.data;
}

function parseJsonBody(text: string, contentType: string | undefined): unknown {
  if (text === "") return undefined;
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) throw new ApiError("unsupported_media_type", "Expected application/json");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("bad_request", "Body is not valid JSON");
  }
}

function allowed(roles: readonly RouteRole[], identity: Identity | null): "ok" | "unauthenticated" | "forbidden" {
  // `session` routes (token refresh) carry an Appwrite session secret, not a signed identity: the verb proves it.
  if (roles.includes("public") || roles.includes("razorpay") || roles.includes("session")) return "ok";
  if (!identity) return "unauthenticated";
  if (roles.includes("self")) return "ok";
  return roles.some((r) => (identity.roles as string[]).includes(r)) ? "ok" : "forbidden";
}

/** Reading RSS is a /proc read (about 2 % of a busy function's time when done per execution): once a second is plenty. */
const RSS_REFRESH_MS = 1_000;
let rss = { bytes: 0, at: -Infinity };
function residentBytes(): number {
  const now = performance.now();
  if (now - rss.at >= RSS_REFRESH_MS) rss = { bytes: process.memoryUsage.rss(), at: now };
  return rss.bytes;
}

/** Build the Appwrite default export for a function. */
export function defineFunction<R extends RouteLike, S extends z.ZodType = z.ZodType>(def: FunctionDef<R, S>, opts: DefineOptions = {}): AppwriteEntrypoint {
  let env: BaseEnv | undefined;
  let reporter: ErrorReporter | undefined;

  return async (context: RuntimeContext) => {
    const headers = lowerHeaders(context.req.headers);
    const requestId = requestIdOf(headers);
    const trigger = triggerOf(headers);
    const log = createLogger({ out: context.log, err: context.error }, { fn: def.id, requestId, trigger });
    const metrics = jsonLogMetrics(context.log);
    const started = performance.now();
    let userId: string | undefined;
    const counted = (status: number) => {
      metrics.counter(METRICS.functionExecutionsTotal.name, { function: def.id, trigger, status_code: String(status) });
      metrics.gauge(METRICS.functionMemoryRss.name, residentBytes(), { function: def.id });
    };

    const send = (reply: Reply) => {
      log.info("done", { status: reply.status, ms: Math.round(performance.now() - started) });
      counted(reply.status);
      const h = { "x-request-id": requestId, ...reply.headers };
      if (reply.status === 204 || reply.body === undefined) return context.res.send("", reply.status, h);
      return context.res.json(reply.body, reply.status, h);
    };
    const sendProblem = (err: ApiError) => {
      log[err.status >= 500 ? "error" : "info"]("problem", { status: err.status, code: err.code });
      counted(err.status);
      return context.res.send(JSON.stringify(toProblem(err, requestId)), err.status, {
        "content-type": PROBLEM_CONTENT_TYPE,
        "x-request-id": requestId,
        ...err.headers,
      });
    };

    try {
      env ??= parseEnv(baseEnvSchema, opts.env ?? process.env);
      reporter ??= createReporter({ dsn: env.SENTRY_DSN, environment: env.CHIZZE_ENV, release: env.RELEASE });
      const base: BaseContext = {
        functionId: def.id,
        requestId,
        trigger,
        log,
        metrics,
        env,
        apiKey: headers["x-appwrite-key"] || env.APPWRITE_API_KEY,
      };

      if (def.trigger === "schedule") {
        if (trigger === "event") throw new ApiError("bad_request", "This function runs on a schedule");
        return send((await def.handler(base)) ?? noContent());
      }

      if (def.trigger === "event") {
        const payload = parseWith(def.input, parseJsonBody(context.req.bodyText ?? "", headers["content-type"]), "payload");
        userId = headers["x-appwrite-user-id"] || undefined;
        const reply = await def.handler({ ...base, event: headers["x-appwrite-event"] ?? "", payload: payload as z.output<S>, userId });
        return send(reply ?? noContent());
      }

      const route = def.route;
      if (trigger !== "http") throw new ApiError("bad_request", "This function serves HTTP requests");
      if (context.req.method.toUpperCase() !== route.method.toUpperCase()) throw new ApiError("method_not_allowed", `Use ${route.method}`);
      const rawParams = matchPath(route.path, context.req.path);
      if (!rawParams) throw new ApiError("not_found", "No such route");

      let identity: Identity | null = null;
      const token = headers[IDENTITY_HEADER];
      if (token) {
        if (!env.CHIZZE_IDENTITY_SECRET) throw new Error("CHIZZE_IDENTITY_SECRET is not configured");
        const verified = await verifyIdentity(token, { secret: env.CHIZZE_IDENTITY_SECRET, functionId: def.id });
        if (!verified.ok) throw new ApiError("unauthenticated", "Identity could not be verified");
        identity = verified.identity;
        userId = identity.userId;
      }
      const access = allowed(route.roles, identity);
      if (access !== "ok") throw new ApiError(access, access === "forbidden" ? "Your role cannot use this endpoint" : undefined);

      const idempotencyKey = headers["idempotency-key"];
      if (route.idempotency === "required" && !idempotencyKey) throw new ApiError("idempotency_key_required");

      const rawBody = context.req.bodyText ?? context.req.bodyRaw ?? "";
      const ctx = {
        ...base,
        identity,
        params: parseWith(route.request.params, rawParams, "params"),
        query: parseWith(route.request.query, parseQuery(context.req.queryString), "query"),
        // An empty body is `{}`: a POST whose fields are all optional may be sent bare.
        body: route.request.body ? parseWith(route.request.body, parseJsonBody(rawBody, headers["content-type"]) ?? {}, "body") : undefined,
        headers: route.request.headers ? (parseWith(route.request.headers, headers, "headers") as Record<string, string | undefined>) : headers,
        rawBody,
        idempotencyKey,
      } as HttpContext<R>;

      const reply = await def.handler(ctx);
      // Outside production every answer is checked against the contract, so drift fails tests, not apps.
      const responseSchema = route.responses[reply.status];
      if (env.CHIZZE_ENV !== "production" && responseSchema && reply.body !== undefined) {
        const r = responseSchema.safeParse(reply.body);
        if (!r.success) throw new Error(`Response of ${route.id} (${reply.status}) breaks its contract: ${issuesOf(r.error).map((i) => `${i.path}: ${i.message}`).join("; ")}`);
      }
      return send(reply);
    } catch (err) {
      if (err instanceof ApiError) return sendProblem(err);
      // A dependency that could not answer is a 503/504 the caller may retry, not a bug: no Sentry noise.
      if (err instanceof PlatformError && err.infra) {
        log.warn("dependency failed", { err });
        return sendProblem(toApiError(err));
      }
      log.error("unhandled", { err });
      await reporter?.capture(err, { requestId, functionId: def.id, ...(userId ? { userId } : {}) }).catch(() => undefined);
      return sendProblem(new ApiError("internal", "Something went wrong. Quote the request id when reporting it."));
    }
  };
}

// Idempotency-Key fast path (reliability note §1.1 and §5; api.md conventions) for routes whose contract says
// `idempotency: "required" | "optional"`, on platform/redis/idempotency.ts's atomic claim:
// - missing key: required → 400 idempotency_key_required; optional → the request runs as a plain one;
//   malformed key (> 255 chars, not printable ASCII) → 400 validation_failed;
// - scope: (caller's user id, route id, key) — one user's key never reads another user's answer (IETF draft §
//   security); the fingerprint covers method, concrete path + query and the canonical JSON body, so the same key
//   on another order or with another cart is a 422 idempotency_key_reused;
// - first request: claims the key (in flight, 60 s), runs, and stores the final {status, body} for 24 h;
//   concurrent duplicates → 409 idempotency_in_flight + Retry-After; later duplicates → the stored answer replayed
//   with the SAME status (a 201 stays a 201) and `Idempotent-Replayed: true`;
// - what is stored: 2xx and the deterministic refusals 404/410/422 (Stripe stores the result once execution began).
//   5xx, 408, 409, 429 and pre-execution refusals (400/401/403) release the key so the client's retry runs again:
//   after a 5xx/timeout the work may or may not have happened, and the function's durable guard decides;
// - Redis unavailable (claim fails): the request passes through WITHOUT the fast path. This is safe only because the
//   fast path is not the guard: the order function writes its row under a deterministic id
//   h(user + route + key) and answers a duplicate create from the existing row (invariant I1), so a retry during a
//   Redis outage still yields one order. Logged and counted so the outage is visible.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { ApiError } from "@chizze/contracts/errors";
import { IdempotencyKey } from "@chizze/contracts/common";
import { claim, complete, release } from "@chizze/platform/redis/idempotency";
import { canonicalJson, sha256Hex } from "@chizze/platform/hashing";
import type { EdgeEnv } from "../env";
import type { ObservabilityDeps, RedisSource } from "./context";
import { bodyText, noLog, problem, resolveRedis, routeOf } from "./context";

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "idempotent-replayed";
export const IDEMPOTENCY_METRIC = "chizze_idempotency_total";

export interface IdempotencyDeps extends ObservabilityDeps {
  redis?: RedisSource;
  /** How long an unfinished claim blocks retries (platform default 60 s, longer than any request may run). */
  inFlightTtlMs?: number;
  /** How long a finished answer is replayed (platform default 24 h). */
  ttlMs?: number;
}

/** What the edge keeps as the replayable body: the exact bytes and their media type. */
interface StoredBody {
  contentType: string;
  text: string;
}

function isStoredBody(x: unknown): x is StoredBody {
  return typeof x === "object" && x !== null && typeof (x as StoredBody).contentType === "string" && typeof (x as StoredBody).text === "string";
}

/** Statuses whose answer is replayed for the key; anything else releases it. */
export function isReplayable(status: number): boolean {
  return (status >= 200 && status < 300) || status === 404 || status === 410 || status === 422;
}

async function fingerprint(c: Context<EdgeEnv>): Promise<string> {
  const url = new URL(c.req.url);
  const text = (await bodyText(c)) ?? "";
  let body = text;
  try {
    // Key order and whitespace do not make a different request.
    if (text !== "") body = canonicalJson(JSON.parse(text));
  } catch {
    // Not JSON: the raw text is the request.
  }
  return sha256Hex(`${c.req.method} ${url.pathname}${url.search}\n${body}`);
}

export function createIdempotencyMiddleware(deps: IdempotencyDeps = {}) {
  const log = deps.log ?? noLog;
  const count = (outcome: string): void => deps.metrics?.counter(IDEMPOTENCY_METRIC, { outcome });

  return createMiddleware<EdgeEnv>(async (c, next) => {
    const route = routeOf(c);
    if (!route || route.idempotency === "none" || c.req.method === "GET" || c.req.method === "HEAD") return next();

    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) {
      if (route.idempotency === "optional") return next();
      return problem(c, new ApiError("idempotency_key_required", "Send an Idempotency-Key header (a UUID v4) with this request."));
    }
    const parsed = IdempotencyKey.safeParse(key);
    if (!parsed.success) {
      return problem(c, new ApiError("validation_failed", "Invalid Idempotency-Key", { errors: [{ path: "headers.idempotency-key", message: "1–255 printable ASCII characters" }] }));
    }

    const userId = c.get("identity")?.userId;
    if (!userId) {
      // Every idempotent route requires a signed-in caller; without one there is no safe scope, so no fast path.
      log({ level: "warn", msg: "idempotency skipped: no caller identity", route: route.id, requestId: c.get("requestId") });
      return next();
    }

    const redis = resolveRedis(deps.redis, c);
    const fp = await fingerprint(c);
    const r = await claim(redis, userId, route.id, parsed.data, fp, deps.inFlightTtlMs === undefined ? {} : { inFlightTtlMs: deps.inFlightTtlMs });
    count(r.kind);
    switch (r.kind) {
      case "in_flight":
        return problem(c, new ApiError("idempotency_in_flight", "The first request with this Idempotency-Key is still running; retry shortly.", { headers: { "retry-after": "1" } }));
      case "mismatch":
        return problem(c, new ApiError("idempotency_key_reused", "This Idempotency-Key was used with a different request."));
      case "replay": {
        if (!isStoredBody(r.body)) {
          log({ level: "error", msg: "idempotency record without a replayable body", route: route.id, requestId: c.get("requestId") });
          return problem(c, new ApiError("internal"));
        }
        return new Response(r.status === 204 || r.status === 304 ? null : r.body.text, {
          status: r.status,
          headers: { "content-type": r.body.contentType, [REPLAYED_HEADER]: "true", "cache-control": "no-store" },
        });
      }
      case "unavailable":
        log({ level: "warn", msg: "idempotency fast path unavailable: relying on the durable guard", route: route.id, reason: r.error.reason, requestId: c.get("requestId") });
        return next();
      case "new":
        break;
    }

    await next();

    const status = c.res.status;
    if (!isReplayable(status)) {
      const rel = await release(redis, r.claim);
      if (!rel.ok) log({ level: "warn", msg: "idempotency release failed; the claim expires on its own", route: route.id, reason: rel.reason, requestId: c.get("requestId") });
      return;
    }
    const stored: StoredBody = { contentType: c.res.headers.get("content-type") ?? "application/json", text: await c.res.clone().text() };
    // Awaited: a retry that arrives after this answer must find it (otherwise it would get a 409 and retry again).
    const done = await complete(redis, r.claim, { status, body: stored }, deps.ttlMs === undefined ? {} : { ttlMs: deps.ttlMs });
    if (!done.ok) log({ level: "warn", msg: "idempotency answer not stored", route: route.id, reason: done.reason, requestId: c.get("requestId") });
  });
}

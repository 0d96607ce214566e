// @upstash/redis client factory for the edge and for functions (the Workers build runs on Node too), tuned for a
// request path (edge-stack.md §1.3, reliability note §0.2):
// - A per-request timeout through a signal *factory*: with a static AbortSignal the SDK swallows the abort and
//   resolves the command with the abort reason as its "result" (so SET NX would look like a lost race and GET like
//   a value). With a factory it rethrows the abort, which `redisCall` turns into Unavailable(timeout).
// - Retries on network errors kept to one (SDK default: 5, ≈4.3 s): a retry re-sends a command whose reply may
//   have been lost after it ran, so INCR can count twice and SET NX can find its own claim. One retry covers a stale
//   keep-alive socket; callers whose writes must not repeat use idempotent commands or tokens (redis/idempotency.ts).
// - Auto-pipelining off by default: every command is its own request, so a failure or timeout belongs to exactly one
//   command (with auto-pipelining an abort surfaced as `TypeError: res.map is not a function`). Batch explicitly with
//   pipeline()/multi() where it pays.
// - Telemetry headers off.
import { Redis } from "@upstash/redis/cloudflare";
import { Unavailable } from "../errors";
import { isAbortError } from "../resilience/timeout";

export type { Redis };

export interface RedisClientOptions {
  url: string;
  token: string;
  /** Budget per HTTP request (one command, pipeline or multi). Default 500 ms. */
  timeoutMs?: number;
  /** Retries after a network error (not after a timeout or an error reply). Default 1. */
  retries?: number;
  autoPipelining?: boolean;
}

export const REDIS_DEFAULT_TIMEOUT_MS = 500;
export const REDIS_DEFAULT_RETRIES = 1;

export function createRedis(opts: RedisClientOptions): Redis {
  const timeoutMs = opts.timeoutMs ?? REDIS_DEFAULT_TIMEOUT_MS;
  const retries = opts.retries ?? REDIS_DEFAULT_RETRIES;
  return new Redis({
    url: opts.url,
    token: opts.token,
    enableTelemetry: false,
    enableAutoPipelining: opts.autoPipelining ?? false,
    retry: retries === 0 ? false : { retries, backoff: () => 25 },
    // A fresh signal per request: a factory makes the SDK throw on abort instead of faking a result (see above).
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}

// Clients are cheap but hold keep-alive state; one per (url, token) per isolate (style rule 7).
const clients = new Map<string, Redis>();

export function redisClient(opts: RedisClientOptions): Redis {
  const id = `${opts.url}\n${opts.token}\n${opts.timeoutMs ?? ""}\n${opts.retries ?? ""}\n${opts.autoPipelining ?? ""}`;
  let c = clients.get(id);
  if (!c) {
    c = createRedis(opts);
    clients.set(id, c);
  }
  return c;
}

/** Any failure of a Redis call as an Unavailable: timeouts, network errors, HTTP errors and error replies alike. */
export function toRedisUnavailable(err: unknown, what = "redis"): Unavailable {
  if (err instanceof Unavailable) return err;
  if (isAbortError(err)) return new Unavailable("redis", "timeout", `${what}: Redis timed out`, { cause: err });
  const name = err instanceof Error ? err.name : "";
  // UpstashError carries the server's message (and the command's arguments: never log err.message as-is).
  if (name === "UpstashError" || name === "UpstashJSONParseError") return new Unavailable("redis", "server_error", `${what}: Redis answered an error`, { cause: err });
  return new Unavailable("redis", "network", `${what}: Redis unreachable`, { cause: err });
}

export type RedisResult<T> = { ok: true; value: T } | { ok: false; error: Unavailable };

/** Runs a Redis call and returns its failure as a value, for callers that fail open. */
export async function redisCall<T>(what: string, fn: () => Promise<T>): Promise<RedisResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: toRedisUnavailable(err, what) };
  }
}

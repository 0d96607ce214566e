// The idempotency fast path (reliability note §5, IETF Idempotency-Key draft): one atomic claim per
// (user, route, key) in Redis, so concurrent retries of POST /orders run the work once and later retries replay the
// stored answer. This is NOT the durable guard: Upstash replicates asynchronously and can lose a claim, so the order
// function also writes its row under a deterministic id (hash of user + route + key) and treats 409 as "already done".
// Redis only makes the common case fast and spares Appwrite the duplicate work. Workers-safe.
//
// The claim is `SET idem:{hash} {in_flight, token, fingerprint} NX GET PX 60s` — one round trip that both claims
// and returns whatever was there. The token matters because the SDK retries a request whose reply was lost: the
// retry then finds a claim that is *ours* and must not report it as somebody else's in-flight request.
import type { Redis } from "@upstash/redis/cloudflare";
import { keys, TTL, TTL_MS } from "./keys";
import { toRedisUnavailable } from "./client";
import { sha256Hex } from "../hashing";
import type { Unavailable } from "../errors";

export { canonicalJson, fingerprintOf, sha256Hex } from "../hashing";

/** What Redis holds under idem:{hash}. */
type IdemRecord = { s: "in_flight"; t: string; fp: string } | { s: "done"; t: string; fp: string; status: number; body: unknown };

/** Proof of a claim; pass it to complete() or release(). */
export interface Claim {
  redisKey: string;
  token: string;
  fingerprint: string;
}

export type ClaimResult =
  | { kind: "new"; claim: Claim }
  /** The first request finished: answer with its status and body (a 201 stays a 201). */
  | { kind: "replay"; status: number; body: unknown }
  /** The first request is still running: 409 idempotency_in_flight. */
  | { kind: "in_flight" }
  /** Same key, different body: 422 idempotency_key_reused. */
  | { kind: "mismatch" }
  /** Redis could not answer. Money routes fail closed (503); the durable row id still prevents a duplicate. */
  | { kind: "unavailable"; error: Unavailable };

function isRecord(x: unknown): x is IdemRecord {
  if (typeof x !== "object" || x === null) return false;
  const r = x as Record<string, unknown>;
  return (r.s === "in_flight" || r.s === "done") && typeof r.t === "string" && typeof r.fp === "string";
}

/** The hashed identity of an idempotent request, scoped to user and route so one user's key never reads another's answer. */
export async function idempotencyHash(userId: string, route: string, idempotencyKey: string): Promise<string> {
  if (!userId || !route || !idempotencyKey) throw new Error("idempotencyHash: userId, route and key are required");
  // Newlines cannot occur in user ids, route templates or a valid header value, so the parts cannot run together.
  return sha256Hex(`${userId}\n${route}\n${idempotencyKey}`);
}

export async function claim(
  redis: Redis,
  userId: string,
  route: string,
  idempotencyKey: string,
  fingerprint: string,
  opts: { inFlightTtlMs?: number } = {},
): Promise<ClaimResult> {
  const redisKey = keys.idempotency(await idempotencyHash(userId, route, idempotencyKey));
  const token = crypto.randomUUID();
  const mine: IdemRecord = { s: "in_flight", t: token, fp: fingerprint };
  let previous: unknown;
  try {
    previous = await redis.set<IdemRecord>(redisKey, mine, { nx: true, get: true, px: opts.inFlightTtlMs ?? TTL_MS.idempotencyInFlight });
  } catch (err) {
    return { kind: "unavailable", error: toRedisUnavailable(err, "idempotency claim") };
  }
  if (previous === null) return { kind: "new", claim: { redisKey, token, fingerprint } };
  if (!isRecord(previous)) {
    // Not ours to interpret (corrupt or foreign value): refuse rather than run the work twice.
    return { kind: "unavailable", error: toRedisUnavailable(new Error(`unexpected value under ${redisKey}`), "idempotency claim") };
  }
  if (previous.t === token) return { kind: "new", claim: { redisKey, token, fingerprint } };
  if (previous.fp !== fingerprint) return { kind: "mismatch" };
  if (previous.s === "in_flight") return { kind: "in_flight" };
  return { kind: "replay", status: previous.status, body: previous.body };
}

// Compare-and-set: only the holder of the claim may complete or release it. After the in-flight TTL ran out another
// request may have claimed the key; overwriting its claim would let two requests both believe they own it.
const COMPLETE = `local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local ok, rec = pcall(cjson.decode, cur)
if not ok or type(rec) ~= 'table' or rec.t ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

const RELEASE = `local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local ok, rec = pcall(cjson.decode, cur)
if not ok or type(rec) ~= 'table' or rec.t ~= ARGV[1] or rec.s ~= 'in_flight' then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

export type SettleResult = { ok: true } | { ok: false; reason: "lost" } | { ok: false; reason: "unavailable"; error: Unavailable };

/**
 * Stores the final answer for replay (24 h). "lost" means the claim expired or was taken over; the response was
 * still produced once by this request and the durable row id protects against the work running twice.
 */
export async function complete(redis: Redis, c: Claim, response: { status: number; body: unknown }, opts: { ttlMs?: number } = {}): Promise<SettleResult> {
  const record: IdemRecord = { s: "done", t: c.token, fp: c.fingerprint, status: response.status, body: response.body };
  try {
    const n = await redis.eval<[string, string, number], number>(COMPLETE, [c.redisKey], [c.token, JSON.stringify(record), opts.ttlMs ?? TTL.idempotency * 1000]);
    return n === 1 ? { ok: true } : { ok: false, reason: "lost" };
  } catch (err) {
    return { ok: false, reason: "unavailable", error: toRedisUnavailable(err, "idempotency complete") };
  }
}

/**
 * Gives the key back without an answer, so the client's retry runs the work again: for failures that happened
 * before any side effect (validation, a dependency down). Stripe does not store those either.
 */
export async function release(redis: Redis, c: Claim): Promise<SettleResult> {
  try {
    const n = await redis.eval<[string], number>(RELEASE, [c.redisKey], [c.token]);
    return n === 1 ? { ok: true } : { ok: false, reason: "lost" };
  } catch (err) {
    return { ok: false, reason: "unavailable", error: toRedisUnavailable(err, "idempotency release") };
  }
}

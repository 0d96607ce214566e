// The functions' own per-phone OTP counters, behind the edge's rate limits (design §5.2: 5 sends and 10 verifies an
// hour per phone). The edge is the first line; this one holds when a function is executed some other way (an
// operator's key, a misrouted call, an edge limiter that failed open by mistake). Every send costs an SMS and every
// verify is a guess at a 6-digit code, so the counter FAILS CLOSED: if Redis cannot count, nothing is sent or
// verified and the caller gets 503 with Retry-After.
import { keys } from "@chizze/platform/redis/keys";
import { ApiError } from "@chizze/contracts/errors";
import { RATE_LIMITS } from "@chizze/contracts/policies";
import { sha256Hex } from "@chizze/platform/hashing";
import { toRedisUnavailable } from "@chizze/platform/redis/client";
import type { Deps } from "../deps";

export type OtpAction = "send" | "verify";

const POLICY = {
  send: RATE_LIMITS["auth.send-otp.phone"],
  verify: RATE_LIMITS["auth.verify-otp.phone"],
} as const;

/** Seconds a client waits before retrying when Redis could not count (short: the outage may be a blip). */
const RETRY_AFTER_UNAVAILABLE_SEC = 5;

async function counterKey(action: OtpAction, phone: string): Promise<string> {
  return keys.otpAttempts(action, await sha256Hex(phone));
}

/**
 * Counts one attempt for `phone` and throws when it must not go ahead: 429 beyond the hourly limit, 503 when Redis
 * cannot answer. The window is fixed and starts at the first attempt (EXPIRE NX), so it never slides forward while
 * an attacker keeps trying. INCR, EXPIRE and TTL run in one MULTI: a counter never exists without its expiry.
 */
export async function consumeOtpAttempt(deps: Deps, action: OtpAction, phone: string): Promise<void> {
  const policy = POLICY[action];
  const unavailable = (cause?: unknown) =>
    new ApiError("dependency_unavailable", "Verification is unavailable right now; retry shortly", {
      headers: { "retry-after": String(RETRY_AFTER_UNAVAILABLE_SEC) },
      ...(cause === undefined ? {} : { cause }),
    });
  if (!deps.redis) throw unavailable();
  const key = await counterKey(action, phone);
  let count: number;
  let ttlSec: number;
  try {
    const tx = deps.redis.multi();
    tx.incr(key);
    tx.expire(key, policy.windowSec, "NX");
    tx.ttl(key);
    const [n, , ttl] = await tx.exec<[number, 0 | 1, number]>();
    count = n;
    ttlSec = ttl;
  } catch (err) {
    const failure = toRedisUnavailable(err, `otp ${action} counter`);
    deps.log.warn("otp counter unavailable; failing closed", { action, reason: failure.reason });
    throw unavailable(failure);
  }
  if (count > policy.limit) {
    const retryAfter = ttlSec > 0 ? ttlSec : policy.windowSec;
    deps.log.info("otp limit reached", { action, count, limit: policy.limit });
    throw new ApiError("rate_limited", `At most ${policy.limit} OTP ${action === "send" ? "requests" : "attempts"} an hour for this phone; try again later`, {
      headers: { "retry-after": String(retryAfter) },
    });
  }
}

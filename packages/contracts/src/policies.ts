// Rate-limit and cache policies as data. The figures are requirements (api.md, production-architecture.md §3
// and §5.2); the edge builds its limiters and Cache-Control headers from these objects, never from literals.

export type RateLimitAlgorithm = "slidingWindow" | "fixedWindow" | "tokenBucket";

/**
 * What a limit counts per:
 * - `phone`: the phone being verified — the E.164 number on send-otp, the OTP's `userId` on verify-otp (one
 *   Appwrite user per phone, and the attacker cannot choose a fresh one per guess);
 * - `user`: the caller's user id; on routes that also admit anonymous callers, the client IP stands in;
 * - `ip`: the client IP (CF-Connecting-IP).
 */
export type RateLimitKey = "phone" | "user" | "ip";

export interface RateLimitPolicy {
  readonly id: string;
  readonly limit: number;
  readonly windowSec: number;
  readonly algorithm: RateLimitAlgorithm;
  readonly key: RateLimitKey;
  /**
   * When Redis cannot answer (timeout or error): `open` lets the request through (reads, kitchens and riders must
   * keep working), `closed` answers 503 (OTP costs SMS money, orders and payments move money).
   */
  readonly onRedisFailure: "open" | "closed";
  readonly description: string;
}

const MIN = 60;
const HOUR = 3600;

function rl<const Id extends string>(
  id: Id,
  limit: number,
  windowSec: number,
  key: RateLimitKey,
  onRedisFailure: "open" | "closed",
  description: string,
  algorithm: RateLimitAlgorithm = "slidingWindow",
): RateLimitPolicy & { readonly id: Id } {
  return { id, limit, windowSec, algorithm, key, onRedisFailure, description };
}

/** Every rate-limit policy, by id. */
export const RATE_LIMITS = {
  "auth.send-otp.phone": rl("auth.send-otp.phone", 5, HOUR, "phone", "closed", "OTP sends per phone (seed §5.2)"),
  // Against SMS pumping (one source cycling through many numbers). Mobile carriers put many users behind one
  // CGNAT address, so this sits well above the per-phone figure; it still caps one IP at 30 SMS an hour.
  "auth.send-otp.ip": rl("auth.send-otp.ip", 30, HOUR, "ip", "closed", "OTP sends per client IP (SMS pumping guard)"),
  "auth.verify-otp.phone": rl("auth.verify-otp.phone", 10, HOUR, "phone", "closed", "OTP guesses per phone (seed §5.2)"),

  "catalog.nearby": rl("catalog.nearby", 30, MIN, "user", "open", "Nearby restaurants (seed §5.2)"),
  "catalog.restaurant": rl("catalog.restaurant", 60, MIN, "user", "open", "Restaurant detail (seed §5.2 GET /restaurants)"),
  "catalog.menu": rl("catalog.menu", 60, MIN, "user", "open", "Restaurant menu (seed §5.2)"),
  "catalog.search": rl("catalog.search", 30, MIN, "user", "open", "Search (seed §5.2)"),
  "catalog.coupons": rl("catalog.coupons", 30, MIN, "user", "open", "Coupon list (api.md)"),

  "cart.quote": rl("cart.quote", 30, MIN, "user", "open", "Quotes (api.md)"),
  "orders.place": rl("orders.place", 10, MIN, "user", "closed", "Placing orders moves money (seed §5.2)"),
  "orders.read": rl("orders.read", 60, MIN, "user", "open", "Reading own orders (api.md)"),
  "orders.cancel": rl("orders.cancel", 10, MIN, "user", "closed", "Cancellation triggers refunds/voids (api.md)"),
  "orders.review": rl("orders.review", 10, MIN, "user", "open", "Reviews (api.md)"),
  "payments.verify": rl("payments.verify", 10, MIN, "user", "closed", "Checkout callback verification (api.md)"),

  "me": rl("me", 30, MIN, "user", "open", "Profile and saved addresses (api.md)"),
  "me.privacy": rl("me.privacy", 2, HOUR, "user", "closed", "Data export and account deletion: expensive and irreversible (api.md)"),

  "restaurant.orders": rl("restaurant.orders", 60, MIN, "user", "open", "Restaurant queue and accept/reject/ready (api.md)"),
  "restaurant.manage": rl("restaurant.manage", 30, MIN, "user", "open", "Restaurant profile and menu management (api.md)"),

  "delivery.status": rl("delivery.status", 20, MIN, "user", "open", "Partner online/offline (api.md)"),
  // Seed figure. A rider reporting every 5 s needs 12/min, so 20/min leaves room for retries after a dead zone;
  // a token bucket absorbs the burst of queued fixes an app flushes when it reconnects.
  "delivery.location": rl("delivery.location", 20, MIN, "user", "open", "Partner location updates (seed §5.2)", "tokenBucket"),
  "delivery.offers": rl("delivery.offers", 60, MIN, "user", "open", "Dispatch offers list/accept/reject (api.md)"),
  "delivery.orders": rl("delivery.orders", 30, MIN, "user", "open", "Picked-up / delivered (api.md)"),
  "delivery.earnings": rl("delivery.earnings", 30, MIN, "user", "open", "Earnings (api.md)"),

  // Admins must be able to flip the kill switch and flags during a Redis incident, hence open.
  "admin": rl("admin", 60, MIN, "user", "open", "Admin operations (api.md)"),

  // Razorpay retries for 24 h and then disables the webhook, so a 429 here is costly: a generous per-IP
  // ceiling (Razorpay posts from a few addresses) instead of the 100/min fallback, and open on Redis failure.
  "webhooks.razorpay": rl("webhooks.razorpay", 1000, MIN, "ip", "open", "Razorpay webhook deliveries"),

  "global.ip": rl("global.ip", 100, MIN, "ip", "open", "Global fallback per client IP (seed §5.2 `*`)", "fixedWindow"),
} as const satisfies Record<string, RateLimitPolicy>;

export type RateLimitPolicyId = keyof typeof RATE_LIMITS;

/** Applies to every route that names no policy of its own (seed §5.2 `*`). */
export const GLOBAL_FALLBACK_POLICY_ID = "global.ip" satisfies RateLimitPolicyId;

export function isRateLimitPolicyId(id: string): id is RateLimitPolicyId {
  return Object.hasOwn(RATE_LIMITS, id);
}

// ---- cache ----------------------------------------------------------------------------------------------

/**
 * - `public`: one answer for everyone with the same path + validated query → `Cache-Control: public, max-age,
 *   stale-while-revalidate`, shareable by the CDN/Workers cache and Redis (after the edge has checked the caller's role).
 * - `per-user`: depends on the caller → `Cache-Control: private`; never stored in a shared cache, so `redisKey`
 *   must be null or contain `{userId}`.
 */
export interface CachePolicy {
  readonly scope: "public" | "per-user";
  readonly ttlSec: number;
  readonly swrSec: number;
  /** Redis key template; placeholders name path params, query params, `{hash}` (of the normalised query) or `{userId}`. */
  readonly redisKey: string | null;
  /** Invalidation tags (templates like redisKey); a write that changes the data purges every entry with the tag. */
  readonly tags: readonly string[];
}

export const CACHE = {
  // Keyed by the query with lat/lng rounded by the edge (~100 m cells), otherwise every user is a miss.
  nearby: { scope: "public", ttlSec: 60, swrSec: 60, redisKey: "nearby:{hash}", tags: ["nearby"] },
  restaurant: { scope: "public", ttlSec: 300, swrSec: 60, redisKey: "rest:{id}", tags: ["restaurant:{id}"] },
  menu: { scope: "public", ttlSec: 300, swrSec: 60, redisKey: "menu:{id}", tags: ["restaurant:{id}", "menu:{id}"] },
  search: { scope: "public", ttlSec: 120, swrSec: 30, redisKey: "search:{hash}", tags: ["search"] },
  // The list shows offers with their conditions; whether one fits this user is decided by the quote.
  coupons: { scope: "public", ttlSec: 600, swrSec: 60, redisKey: "coupons:{hash}", tags: ["coupons"] },
  categories: { scope: "public", ttlSec: 3600, swrSec: 600, redisKey: "categories", tags: ["categories"] },
  // Flags are evaluated per user (rollouts by segment) and the answer depends on X-App-Version.
  appConfig: { scope: "per-user", ttlSec: 60, swrSec: 300, redisKey: null, tags: ["app-config"] },
  openapi: { scope: "public", ttlSec: 3600, swrSec: 600, redisKey: null, tags: ["openapi"] },
} as const satisfies Record<string, CachePolicy>;

/** Not a route cache: the quote function's coupon lookup (seed §3.1 `coupon:{code}`, 10 min). */
export const COUPON_VALIDATION_CACHE = {
  scope: "public",
  ttlSec: 600,
  swrSec: 0,
  redisKey: "coupon:{code}",
  tags: ["coupons", "coupon:{code}"],
} as const satisfies CachePolicy;

/** `{name}` placeholders of a key or tag template. */
export function templateVars(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? "");
}

/** Fills `{name}` placeholders; throws on a missing value so a bad key never reaches Redis. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`No value for {${name}} in "${template}"`);
    return v;
  });
}

/** The Cache-Control header a policy implies; per-user answers stay in the app's own cache. */
export function cacheControl(policy: CachePolicy | null): string {
  if (!policy) return "no-store";
  const swr = policy.swrSec > 0 ? `, stale-while-revalidate=${policy.swrSec}` : "";
  return `${policy.scope === "public" ? "public" : "private"}, max-age=${policy.ttlSec}${swr}`;
}

// Every Redis key Chizze uses, as typed builders with their TTLs next to them (production-architecture §3.1 plus the
// keys the mission adds). Nothing else in the codebase writes a key literal. Workers-safe.
//
// Key parts are restricted to [A-Za-z0-9._-] (ids, hex hashes, dates, slugs), so a part can never smuggle a ':'
// into another key's namespace.
import { CACHE, COUPON_VALIDATION_CACHE } from "@chizze/contracts/policies";

const PART = /^[A-Za-z0-9._-]{1,128}$/;

function part(name: string, value: string): string {
  if (!PART.test(value)) throw new Error(`Invalid Redis key part ${name}: ${JSON.stringify(value.slice(0, 40))}`);
  return value;
}

/** Lower-case slug of a city name ("Navi Mumbai" → "navi-mumbai"), used for per-city keys. */
export function citySlug(city: string): string {
  const slug = city
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return part("city", slug);
}

const MIN = 60;
const HOUR = 3600;

/** TTLs in seconds. Cache TTLs come from the contracts' policies so the edge and Redis agree. */
export const TTL = {
  restaurant: CACHE.restaurant.ttlSec, // 5 min (§3.1 rest:{id})
  menu: CACHE.menu.ttlSec, // 5 min (§3.1 menu:{rest_id})
  search: CACHE.search.ttlSec, // 2 min (§3.1 search:{hash})
  nearby: CACHE.nearby.ttlSec,
  coupons: CACHE.coupons.ttlSec,
  categories: CACHE.categories.ttlSec,
  session: 15 * MIN, // §3.1 sess: the app's Appwrite JWT lives 15 min
  orderState: 2 * HOUR, // §3.1 order:{id}:state
  coupon: COUPON_VALIDATION_CACHE.ttlSec, // 10 min (§3.1 coupon:{code})
  analytics: HOUR, // §3.1 analytics:{rest}:{date}
  /** A completed idempotent response is replayable this long (Stripe's ≥ 24 h, reliability note §1.1). */
  idempotency: 24 * HOUR,
  /** Razorpay retries a webhook for 24 h; keep the hint for twice that (edge-stack.md §5: EX 172800). */
  webhookEvent: 48 * HOUR,
} as const;

/** Millisecond TTLs for keys written with PX. */
export const TTL_MS = {
  /**
   * An in-flight idempotency claim expires on its own if the worker dies before completing it, so the client's
   * retry is not blocked for 24 h. Longer than any request may run (Appwrite's synchronous execution cap is 30 s).
   */
  idempotencyInFlight: 60_000,
  /** A dispatch offer holds its order and partner this long (the partner's time to answer, plus slack). */
  dispatchOfferLock: 45_000,
  /** One revalidation of a stale cache entry at a time. */
  cacheRevalidateLock: 10_000,
} as const;

/** The @upstash/ratelimit `prefix`: every limiter key is `rl:<policy id>:<identifier>:…` (§3.1 rl:). */
export const RATE_LIMIT_PREFIX = "rl";

export function rateLimitPrefix(policyId: string): string {
  return `${RATE_LIMIT_PREFIX}:${part("policyId", policyId)}`;
}

export const keys = {
  restaurant: (restaurantId: string) => `rest:${part("restaurantId", restaurantId)}`,
  menu: (restaurantId: string) => `menu:${part("restaurantId", restaurantId)}`,
  /** `hash`: hex digest of the normalised query (sha256Hex of canonicalJson). */
  search: (hash: string) => `search:${part("hash", hash)}`,
  nearby: (hash: string) => `nearby:${part("hash", hash)}`,
  coupons: (hash: string) => `coupons:${part("hash", hash)}`,
  categories: () => "categories",
  /** §3.1 says sess:{user_id}; the edge keys it by a hash of the JWT so a revoked token is never served another's session. */
  session: (jwtHash: string) => `sess:${part("jwtHash", jwtHash)}`,
  orderState: (orderId: string) => `order:${part("orderId", orderId)}:state`,
  coupon: (code: string) => `coupon:${part("code", code)}`,
  /** `date`: YYYY-MM-DD (IST business day, decided by the caller). */
  analytics: (restaurantId: string, date: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Invalid analytics date ${date}`);
    return `analytics:${part("restaurantId", restaurantId)}:${date}`;
  },
  /** Live partner GEO index of a city (no TTL: a cache of delivery_partners, rebuilt by redis/geo.ts). */
  geoPartners: (city: string) => `geo:partners:${citySlug(city)}`,
  /** Last-seen time (score = epoch ms) of every partner in the city's GEO index, to drop stale positions. */
  geoSeen: (city: string) => `geo:seen:${citySlug(city)}`,
  /** Per-phone OTP attempt counter (fail-closed abuse limit); `phoneHash` = sha256Hex(phone), so no number is in a key. */
  otpAttempts: (action: "send" | "verify", phoneHash: string) => `otp:${action}:${part("phoneHash", phoneHash)}`,
  /** `hash`: sha256Hex(userId|route|Idempotency-Key). */
  idempotency: (hash: string) => `idem:${part("hash", hash)}`,
  /**
   * A hint that a Razorpay event was already handled, to answer duplicates fast. Never the guard: the durable
   * dedupe is the payment_events row keyed by the event id (reliability note §5).
   */
  webhookEvent: (eventId: string) => `evt:rzp:${part("eventId", eventId)}`,
  /** Held while an order has an offer out: one partner offered at a time. */
  dispatchOrderLock: (orderId: string) => `lock:offer:order:${part("orderId", orderId)}`,
  /** Held while a partner has an offer on screen: one offer per partner at a time. */
  dispatchPartnerLock: (partnerId: string) => `lock:offer:partner:${part("partnerId", partnerId)}`,
  /** Marks a cache entry's revalidation as running (redis/cache.ts). */
  revalidateLock: (cacheKey: string) => `lock:swr:${cacheKey}`,
} as const;

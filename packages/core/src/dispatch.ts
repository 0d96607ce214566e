// Choosing whom to offer an order to. Offers go to one partner at a time with a timeout (the sweeper expires
// them); each round widens the search radius; after maxRounds the order escalates to ops. Scores mix distance
// (the dominant term: it is pickup time), quality and fairness, so the nearest rider usually wins but an idle
// rider with a good record beats a slightly nearer one who has had ten deliveries already.
import type { VehicleType } from "@chizze/schema/enums";
import { DEFAULT_ETA_CONFIG, travelMinutes } from "./eta";
import type { EtaConfig } from "./eta";

export interface DispatchConfig {
  /** Search radius (straight-line metres) per round, 1-based; rounds beyond the list keep the last value. */
  radiusByRoundM: readonly number[];
  /** Offer timeout; clamped to [30, 45] s (partners need time to read the offer, the customer is waiting). */
  offerTimeoutSec: number;
  /** Offers before escalation to ops. */
  maxRounds: number;
  /** Ignore partners whose last location is older than this (the app reports every ~5 s). */
  locationFreshSec: number;
  allowedVehicles: readonly VehicleType[];
  weights: { distance: number; rating: number; acceptance: number; idle: number; loadPenalty: number };
  /** Rating assumed for partners with fewer than `minRatings` ratings (new partners are neither helped nor hurt much). */
  neutralRating: number;
  minRatings: number;
  /** Idle minutes at which the idle bonus is full. */
  idleCapMin: number;
  /** Deliveries today at which the load penalty is full. */
  loadCapDeliveries: number;
  /** Dispatch starts this long before the rider would need to leave, to cover matching time. */
  matchBufferMin: number;
}

export const DEFAULT_DISPATCH_CONFIG: DispatchConfig = {
  radiusByRoundM: [2_000, 3_500, 5_000, 6_500, 8_000],
  offerTimeoutSec: 35,
  maxRounds: 8,
  locationFreshSec: 60,
  allowedVehicles: ["bicycle", "scooter", "motorcycle", "car"],
  weights: { distance: 0.5, rating: 0.15, acceptance: 0.15, idle: 0.15, loadPenalty: 0.05 },
  neutralRating: 4.0,
  minRatings: 10,
  idleCapMin: 30,
  loadCapDeliveries: 20,
  matchBufferMin: 3,
};

export interface PartnerCandidate {
  partnerId: string;
  /** Straight line to the restaurant (metres), from the GEO index. */
  distanceToRestaurantM: number;
  rating: number;
  ratingCount: number;
  acceptanceRateBps: number;
  /** Minutes since their last delivery ended (or since going online). */
  idleMinutes: number;
  deliveriesToday: number;
  vehicle: VehicleType;
  lastSeenAt: Date;
  isOnline: boolean;
  isActive: boolean;
  isOnDelivery: boolean;
}

export type ExclusionReason = "offline" | "blocked" | "stale_location" | "on_delivery" | "vehicle_not_allowed" | "already_offered" | "out_of_radius";

export interface RankedCandidate {
  partnerId: string;
  /** 0..1000 (stored in dispatch_offers.score). */
  score: number;
  distanceM: number;
}

/**
 * The search radius for a round (1-based).
 * @example radiusForRound(2) // 3500
 */
export function radiusForRound(round: number, config: DispatchConfig = DEFAULT_DISPATCH_CONFIG): number {
  const list = config.radiusByRoundM;
  const i = Math.min(Math.max(1, Math.floor(round)), list.length) - 1;
  return list[i] ?? 0;
}

/**
 * Offer timeout after clamping the configured value to 30–45 s.
 * @example offerTimeoutSec({ ...DEFAULT_DISPATCH_CONFIG, offerTimeoutSec: 90 }) // 45
 */
export function offerTimeoutSec(config: DispatchConfig = DEFAULT_DISPATCH_CONFIG): number {
  return Math.min(45, Math.max(30, Math.round(config.offerTimeoutSec)));
}

/**
 * When an offer made at `offeredAt` expires (dispatch_offers.expires_at).
 * @example offerExpiresAt(new Date("2026-11-26T12:00:00Z")).toISOString() // "2026-11-26T12:00:35.000Z"
 */
export function offerExpiresAt(offeredAt: Date, config: DispatchConfig = DEFAULT_DISPATCH_CONFIG): Date {
  return new Date(offeredAt.getTime() + offerTimeoutSec(config) * 1000);
}

/**
 * True once `round` offers have failed and the order must go to ops.
 * @example shouldEscalate(8) // true with the default 8 rounds
 */
export function shouldEscalate(round: number, config: DispatchConfig = DEFAULT_DISPATCH_CONFIG): boolean {
  return round >= config.maxRounds;
}

/**
 * Score one eligible candidate, 0..1000 (higher is better). Distance is linear inside the round's radius.
 * @example scoreCandidate(candidate, 2000) // e.g. 742
 */
export function scoreCandidate(c: PartnerCandidate, radiusM: number, config: DispatchConfig = DEFAULT_DISPATCH_CONFIG): number {
  const w = config.weights;
  const distance = radiusM > 0 ? 1 - Math.min(1, c.distanceToRestaurantM / radiusM) : 0;
  const rating = (c.ratingCount >= config.minRatings ? c.rating : config.neutralRating) / 5;
  const acceptance = Math.min(10_000, Math.max(0, c.acceptanceRateBps)) / 10_000;
  const idle = Math.min(1, Math.max(0, c.idleMinutes) / config.idleCapMin);
  const load = Math.min(1, Math.max(0, c.deliveriesToday) / config.loadCapDeliveries);
  const raw = w.distance * distance + w.rating * rating + w.acceptance * acceptance + w.idle * idle - w.loadPenalty * load;
  const max = w.distance + w.rating + w.acceptance + w.idle;
  return Math.round((Math.max(0, raw) / max) * 1000);
}

/**
 * Filter and rank candidates for round `round`. Ties break on distance, then partner id, so two sweepers
 * running the same round pick the same partner (the offer row id is deterministic too).
 * @example rankCandidates(partners, { round: 1, alreadyOffered: new Set(), now }).ranked[0]?.partnerId
 */
export function rankCandidates(
  candidates: readonly PartnerCandidate[],
  ctx: { round: number; alreadyOffered: ReadonlySet<string>; now: Date },
  config: DispatchConfig = DEFAULT_DISPATCH_CONFIG,
): { ranked: RankedCandidate[]; excluded: { partnerId: string; reason: ExclusionReason }[] } {
  const radiusM = radiusForRound(ctx.round, config);
  const excluded: { partnerId: string; reason: ExclusionReason }[] = [];
  const ranked: RankedCandidate[] = [];
  for (const c of candidates) {
    const reason: ExclusionReason | null = !c.isActive
      ? "blocked"
      : !c.isOnline
        ? "offline"
        : ctx.now.getTime() - c.lastSeenAt.getTime() > config.locationFreshSec * 1000
          ? "stale_location"
          : c.isOnDelivery
            ? "on_delivery"
            : !config.allowedVehicles.includes(c.vehicle)
              ? "vehicle_not_allowed"
              : ctx.alreadyOffered.has(c.partnerId)
                ? "already_offered"
                : c.distanceToRestaurantM > radiusM
                  ? "out_of_radius"
                  : null;
    if (reason) excluded.push({ partnerId: c.partnerId, reason });
    else ranked.push({ partnerId: c.partnerId, score: scoreCandidate(c, radiusM, config), distanceM: Math.round(c.distanceToRestaurantM) });
  }
  ranked.sort((a, b) => b.score - a.score || a.distanceM - b.distanceM || (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  return { ranked, excluded };
}

/**
 * When to start matching so the rider reaches the counter as the food is ready: readyAt − expected rider
 * travel − matching buffer, but never before the restaurant accepted (nothing is dispatched for an order the
 * kitchen has not taken) — if that moment has passed, start at once.
 * @example dispatchStartAt({ acceptedAt, readyAt: +25 min, typicalFirstMileM: 2000, vehicle: "scooter" }) // acceptedAt + 13 min
 */
export function dispatchStartAt(
  input: { acceptedAt: Date; readyAt: Date; typicalFirstMileM: number; vehicle: VehicleType },
  config: DispatchConfig = DEFAULT_DISPATCH_CONFIG,
  eta: EtaConfig = DEFAULT_ETA_CONFIG,
): Date {
  const leadMin = travelMinutes(input.typicalFirstMileM, input.vehicle, eta) + eta.pickupHandoverMin + config.matchBufferMin;
  // Whole minutes, rounded up (1e-9 absorbs float noise such as 9.000000000000002).
  const ideal = input.readyAt.getTime() - Math.ceil(leadMin - 1e-9) * 60_000;
  return new Date(Math.max(input.acceptedAt.getTime(), ideal));
}

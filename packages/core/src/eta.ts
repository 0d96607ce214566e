// Delivery time and delivery fee from distances. Without a routing API the road distance is the straight line
// times a road factor; Indian city road networks measure ~1.3–1.4× the crow-flies distance, and effective
// two-wheeler speed in peak city traffic is ~18–20 km/h door to door (signals, lanes, parking).
import type { VehicleType } from "@chizze/schema/enums";
import { BPS_ONE, assertPaise, percentOfBps } from "./money";

export interface EtaConfig {
  /** Effective door-to-door speed per vehicle, km/h. */
  speedKmh: Record<VehicleType, number>;
  /** Road distance ÷ straight-line distance. */
  roadFactor: number;
  /** Parking, walking in, code check, hand-over at the restaurant. */
  pickupHandoverMin: number;
  /** Finding the gate, lift, OTP at the door. */
  dropHandoverMin: number;
  /** Before a partner is assigned: expected time to find one … */
  assignMin: number;
  /** … and the straight-line distance they are assumed to be from the restaurant. */
  assumedFirstMileM: number;
  /** Shown ETAs are clamped to this range (minutes). */
  minEtaMin: number;
  maxEtaMin: number;
}

export const DEFAULT_ETA_CONFIG: EtaConfig = {
  speedKmh: { bicycle: 12, scooter: 18, motorcycle: 20, car: 15 },
  roadFactor: 1.35,
  pickupHandoverMin: 3,
  dropHandoverMin: 3,
  assignMin: 2,
  assumedFirstMileM: 1_500,
  minEtaMin: 10,
  maxEtaMin: 120,
};

/**
 * Road distance estimate (metres, rounded) from a straight-line distance.
 * @example roadDistanceM(2000) // 2700 with the default factor 1.35
 */
export function roadDistanceM(straightLineM: number, config: EtaConfig = DEFAULT_ETA_CONFIG): number {
  if (!Number.isFinite(straightLineM) || straightLineM < 0) throw new RangeError(`distance must be ≥ 0, got ${straightLineM}`);
  return Math.round(straightLineM * config.roadFactor);
}

/**
 * Travel minutes (unrounded) over a straight-line distance, via the road factor and the vehicle's speed.
 * @example travelMinutes(3000, "scooter") // 13.5 (3 km × 1.35 at 18 km/h)
 */
export function travelMinutes(straightLineM: number, vehicle: VehicleType, config: EtaConfig = DEFAULT_ETA_CONFIG): number {
  const km = roadDistanceM(straightLineM, config) / 1000;
  return (km / config.speedKmh[vehicle]) * 60;
}

function clampRound(minutes: number, config: EtaConfig): number {
  // Round up: a promise of "25 min" that arrives at 25.4 is a broken promise.
  return Math.min(config.maxEtaMin, Math.max(config.minEtaMin, Math.ceil(minutes - 1e-9)));
}

export interface EtaInput {
  /** Minutes of cooking still ahead (0 once ready). */
  prepRemainingMin: number;
  /** Rider → restaurant straight line (m); null before a partner is assigned (then `assumedFirstMileM` + `assignMin`). */
  riderToRestaurantM: number | null;
  /** Restaurant → customer straight line (m). */
  restaurantToCustomerM: number;
  vehicle: VehicleType;
}

/**
 * Minutes until delivery for an order not yet picked up. The rider rides to the restaurant while the kitchen
 * cooks, so the first leg is max(prep, first mile + pick-up hand-over), not their sum (the sum overstates
 * every ETA by the first mile; Swiggy's published model uses the same max). Then the last mile and the drop
 * hand-over. Rounded up and clamped.
 * @example estimateEtaMin({ prepRemainingMin: 20, riderToRestaurantM: null, restaurantToCustomerM: 3000, vehicle: "scooter" }) // 37
 */
export function estimateEtaMin(input: EtaInput, config: EtaConfig = DEFAULT_ETA_CONFIG): number {
  const firstMile =
    input.riderToRestaurantM === null
      ? config.assignMin + travelMinutes(config.assumedFirstMileM, input.vehicle, config)
      : travelMinutes(input.riderToRestaurantM, input.vehicle, config);
  const atCounter = Math.max(Math.max(0, input.prepRemainingMin), firstMile + config.pickupHandoverMin);
  const lastMile = travelMinutes(input.restaurantToCustomerM, input.vehicle, config) + config.dropHandoverMin;
  return clampRound(atCounter + lastMile, config);
}

/**
 * Minutes until delivery once the rider has the food: from the rider's latest position to the customer.
 * Call on every location update to move the ETA as the rider moves.
 * @example etaAfterPickupMin(1500, "motorcycle") // 10 (clamped up to the 10-min floor)
 */
export function etaAfterPickupMin(riderToCustomerM: number, vehicle: VehicleType, config: EtaConfig = DEFAULT_ETA_CONFIG): number {
  return clampRound(travelMinutes(riderToCustomerM, vehicle, config) + config.dropHandoverMin, config);
}

// ---- delivery fee -------------------------------------------------------------------------------------------

export interface FeeBand {
  /** Inclusive upper bound of the band (road metres). */
  upToM: number;
  feePaise: number;
}

export interface DeliveryFeeConfig {
  /** Ascending by upToM. Beyond the last band the address is not serviceable. */
  bands: readonly FeeBand[];
  /** Cap on any surge multiplier (schema: zones.surge_multiplier_bps ≤ 30 000). */
  maxSurgeBps: number;
  /** Demand/supply tiers: when active orders per online partner exceed `ratioAbove`, apply `multiplierBps`. */
  surgeTiers: readonly { ratioAbove: number; multiplierBps: number }[];
}

export const DEFAULT_DELIVERY_FEE_CONFIG: DeliveryFeeConfig = {
  bands: [
    { upToM: 2_000, feePaise: 2_000 },
    { upToM: 5_000, feePaise: 3_500 },
    { upToM: 8_000, feePaise: 5_500 },
  ],
  maxSurgeBps: 30_000,
  surgeTiers: [
    { ratioAbove: 1.0, multiplierBps: 12_000 },
    { ratioAbove: 1.5, multiplierBps: 15_000 },
    { ratioAbove: 2.0, multiplierBps: 20_000 },
  ],
};

export type DeliveryFeeResult = { ok: true; feePaise: number; band: FeeBand } | { ok: false; reason: "beyond_max_distance" };

/**
 * Delivery fee for a road distance from the band table.
 * @example deliveryFeeFor(4200) // { ok: true, feePaise: 3500, band: { upToM: 5000, feePaise: 3500 } }
 */
export function deliveryFeeFor(roadM: number, config: DeliveryFeeConfig = DEFAULT_DELIVERY_FEE_CONFIG): DeliveryFeeResult {
  if (!Number.isFinite(roadM) || roadM < 0) throw new RangeError(`distance must be ≥ 0, got ${roadM}`);
  const band = config.bands.find((b) => roadM <= b.upToM);
  if (!band) return { ok: false, reason: "beyond_max_distance" };
  assertPaise(band.feePaise, "band fee");
  return { ok: true, feePaise: band.feePaise, band };
}

/**
 * Surge multiplier (bps, 10 000 = 1.0×) from the zone's configured value and live load: the higher of the two,
 * capped. `onlinePartners = 0` with waiting orders counts as the top tier.
 * @example surgeMultiplierBps({ zoneBps: 10_000, activeOrders: 30, onlinePartners: 20 }) // 12000 (ratio 1.5 is not above 1.5)
 */
export function surgeMultiplierBps(
  load: { zoneBps: number; activeOrders: number; onlinePartners: number },
  config: DeliveryFeeConfig = DEFAULT_DELIVERY_FEE_CONFIG,
): number {
  const ratio = load.onlinePartners > 0 ? load.activeOrders / load.onlinePartners : load.activeOrders > 0 ? Number.POSITIVE_INFINITY : 0;
  let fromLoad = BPS_ONE;
  for (const tier of config.surgeTiers) if (ratio > tier.ratioAbove) fromLoad = Math.max(fromLoad, tier.multiplierBps);
  return Math.min(config.maxSurgeBps, Math.max(BPS_ONE, load.zoneBps, fromLoad));
}

/**
 * The surge line: the extra over the base delivery fee, `fee × (multiplier − 1)`, rounded half up. Kept as its
 * own line (contracts Fees.surgePaise) so customers see why the fee is higher.
 * @example surgePaise(3500, 15_000) // 1750
 */
export function surgePaise(deliveryFeePaise: number, multiplierBps: number): number {
  if (multiplierBps <= BPS_ONE) return 0;
  return percentOfBps(deliveryFeePaise, multiplierBps - BPS_ONE);
}

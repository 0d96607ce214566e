import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_ETA_CONFIG, deliveryFeeFor, estimateEtaMin, etaAfterPickupMin, roadDistanceM, surgeMultiplierBps, surgePaise, travelMinutes } from "./eta";

describe("travel and ETA", () => {
  it("applies the road factor and vehicle speed", () => {
    expect(roadDistanceM(2_000)).toBe(2_700);
    expect(travelMinutes(3_000, "scooter")).toBeCloseTo(13.5, 9);
    expect(travelMinutes(3_000, "bicycle")).toBeGreaterThan(travelMinutes(3_000, "motorcycle"));
  });
  it("overlaps the first mile with cooking", () => {
    // Prep 20 min dominates the first mile (2 + 6.75 + 3); last mile 13.5 + 3 → 36.5 → 37.
    expect(estimateEtaMin({ prepRemainingMin: 20, riderToRestaurantM: null, restaurantToCustomerM: 3_000, vehicle: "scooter" })).toBe(37);
    // Food ready, rider 4 km away: 18 + 3 + 13.5 + 3 = 37.5 → 38.
    expect(estimateEtaMin({ prepRemainingMin: 0, riderToRestaurantM: 4_000, restaurantToCustomerM: 3_000, vehicle: "scooter" })).toBe(38);
  });
  it("clamps to the configured range", () => {
    expect(estimateEtaMin({ prepRemainingMin: 0, riderToRestaurantM: 0, restaurantToCustomerM: 0, vehicle: "car" })).toBe(DEFAULT_ETA_CONFIG.minEtaMin);
    expect(estimateEtaMin({ prepRemainingMin: 500, riderToRestaurantM: 0, restaurantToCustomerM: 0, vehicle: "car" })).toBe(DEFAULT_ETA_CONFIG.maxEtaMin);
    expect(etaAfterPickupMin(1_500, "motorcycle")).toBe(10);
    expect(etaAfterPickupMin(6_000, "scooter")).toBe(30); // 8.1 km road at 18 km/h = 27 min, + 3 at the door
  });
  it("never decreases when anything gets worse, and shrinks as the rider approaches", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 8_000 }), fc.integer({ min: 0, max: 8_000 }), fc.integer({ min: 0, max: 2_000 }), (prep, rider, last, extra) => {
        const base = estimateEtaMin({ prepRemainingMin: prep, riderToRestaurantM: rider, restaurantToCustomerM: last, vehicle: "scooter" });
        expect(estimateEtaMin({ prepRemainingMin: prep, riderToRestaurantM: rider + extra, restaurantToCustomerM: last, vehicle: "scooter" })).toBeGreaterThanOrEqual(base);
        expect(estimateEtaMin({ prepRemainingMin: prep, riderToRestaurantM: rider, restaurantToCustomerM: last + extra, vehicle: "scooter" })).toBeGreaterThanOrEqual(base);
        expect(etaAfterPickupMin(last, "scooter")).toBeLessThanOrEqual(etaAfterPickupMin(last + extra, "scooter"));
      }),
    );
  });
});

describe("delivery fee and surge", () => {
  it("picks the band, inclusive upper bounds, and refuses beyond the table", () => {
    expect(deliveryFeeFor(0)).toMatchObject({ ok: true, feePaise: 2_000 });
    expect(deliveryFeeFor(2_000)).toMatchObject({ ok: true, feePaise: 2_000 });
    expect(deliveryFeeFor(2_001)).toMatchObject({ ok: true, feePaise: 3_500 });
    expect(deliveryFeeFor(8_000)).toMatchObject({ ok: true, feePaise: 5_500 });
    expect(deliveryFeeFor(8_001)).toEqual({ ok: false, reason: "beyond_max_distance" });
  });
  it("takes the higher of zone and load surge, capped", () => {
    expect(surgeMultiplierBps({ zoneBps: 10_000, activeOrders: 10, onlinePartners: 10 })).toBe(10_000);
    expect(surgeMultiplierBps({ zoneBps: 10_000, activeOrders: 16, onlinePartners: 10 })).toBe(15_000);
    expect(surgeMultiplierBps({ zoneBps: 25_000, activeOrders: 0, onlinePartners: 10 })).toBe(25_000);
    expect(surgeMultiplierBps({ zoneBps: 10_000, activeOrders: 3, onlinePartners: 0 })).toBe(20_000);
    expect(surgeMultiplierBps({ zoneBps: 50_000, activeOrders: 0, onlinePartners: 0 })).toBe(30_000);
  });
  it("surge line is the extra over the base fee", () => {
    expect(surgePaise(3_500, 10_000)).toBe(0);
    expect(surgePaise(3_500, 15_000)).toBe(1_750);
    expect(surgePaise(3_333, 12_000)).toBe(667); // 666.6 → 667
  });
});

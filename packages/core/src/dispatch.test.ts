import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_DISPATCH_CONFIG, dispatchStartAt, offerExpiresAt, offerTimeoutSec, radiusForRound, rankCandidates, scoreCandidate, shouldEscalate } from "./dispatch";
import type { PartnerCandidate } from "./dispatch";

const now = new Date("2026-11-26T12:00:00Z");
const p = (over: Partial<PartnerCandidate> = {}): PartnerCandidate => ({
  partnerId: "dp_a",
  distanceToRestaurantM: 800,
  rating: 4.6,
  ratingCount: 120,
  acceptanceRateBps: 9_000,
  idleMinutes: 10,
  deliveriesToday: 5,
  vehicle: "scooter",
  lastSeenAt: new Date(now.getTime() - 5_000),
  isOnline: true,
  isActive: true,
  isOnDelivery: false,
  ...over,
});

describe("rounds, timeouts, escalation", () => {
  it("widens the radius per round up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((r) => radiusForRound(r))).toEqual([2_000, 3_500, 5_000, 6_500, 8_000, 8_000, 8_000]);
    expect(radiusForRound(0)).toBe(2_000);
  });
  it("clamps the offer timeout to 30–45 s", () => {
    expect(offerTimeoutSec()).toBe(35);
    expect(offerTimeoutSec({ ...DEFAULT_DISPATCH_CONFIG, offerTimeoutSec: 10 })).toBe(30);
    expect(offerTimeoutSec({ ...DEFAULT_DISPATCH_CONFIG, offerTimeoutSec: 90 })).toBe(45);
    expect(offerExpiresAt(now).toISOString()).toBe("2026-11-26T12:00:35.000Z");
    expect(shouldEscalate(7)).toBe(false);
    expect(shouldEscalate(8)).toBe(true);
  });
});

describe("rankCandidates", () => {
  it("filters with a reason for each exclusion", () => {
    const { ranked, excluded } = rankCandidates(
      [
        p({ partnerId: "ok" }),
        p({ partnerId: "off", isOnline: false }),
        p({ partnerId: "blk", isActive: false }),
        p({ partnerId: "old", lastSeenAt: new Date(now.getTime() - 61_000) }),
        p({ partnerId: "busy", isOnDelivery: true }),
        p({ partnerId: "car", vehicle: "car" }),
        p({ partnerId: "seen" }),
        p({ partnerId: "far", distanceToRestaurantM: 2_001 }),
      ],
      { round: 1, alreadyOffered: new Set(["seen"]), now },
      { ...DEFAULT_DISPATCH_CONFIG, allowedVehicles: ["bicycle", "scooter", "motorcycle"] },
    );
    expect(ranked.map((r) => r.partnerId)).toEqual(["ok"]);
    expect(excluded).toEqual([
      { partnerId: "off", reason: "offline" },
      { partnerId: "blk", reason: "blocked" },
      { partnerId: "old", reason: "stale_location" },
      { partnerId: "busy", reason: "on_delivery" },
      { partnerId: "car", reason: "vehicle_not_allowed" },
      { partnerId: "seen", reason: "already_offered" },
      { partnerId: "far", reason: "out_of_radius" },
    ]);
    // Round 2 reaches further.
    expect(rankCandidates([p({ partnerId: "far", distanceToRestaurantM: 2_001 })], { round: 2, alreadyOffered: new Set(), now }).ranked).toHaveLength(1);
  });

  it("prefers near, good, idle partners and breaks ties deterministically", () => {
    const { ranked } = rankCandidates(
      [p({ partnerId: "far", distanceToRestaurantM: 1_800 }), p({ partnerId: "near", distanceToRestaurantM: 300 }), p({ partnerId: "b_twin" }), p({ partnerId: "a_twin" })],
      { round: 1, alreadyOffered: new Set(), now },
    );
    expect(ranked.map((r) => r.partnerId)).toEqual(["near", "a_twin", "b_twin", "far"]);
    // An idle rider with a clean record beats a slightly nearer, busier one.
    const idle = scoreCandidate(p({ distanceToRestaurantM: 900, idleMinutes: 30, deliveriesToday: 0 }), 2_000);
    const busy = scoreCandidate(p({ distanceToRestaurantM: 700, idleMinutes: 0, deliveriesToday: 20 }), 2_000);
    expect(idle).toBeGreaterThan(busy);
    // New partners are scored at the neutral rating.
    expect(scoreCandidate(p({ rating: 1, ratingCount: 2 }), 2_000)).toBe(scoreCandidate(p({ rating: 4, ratingCount: 50 }), 2_000));
  });

  it("scores stay in 0..1000 and never rise with distance", () => {
    fc.assert(
      fc.property(
        fc.record({ d: fc.integer({ min: 0, max: 8_000 }), extra: fc.integer({ min: 0, max: 3_000 }), rating: fc.double({ min: 0, max: 5, noNaN: true }), acc: fc.integer({ min: 0, max: 10_000 }), idle: fc.integer({ min: 0, max: 600 }), today: fc.integer({ min: 0, max: 60 }) }),
        (x) => {
          const c = p({ distanceToRestaurantM: x.d, rating: x.rating, acceptanceRateBps: x.acc, idleMinutes: x.idle, deliveriesToday: x.today });
          const s = scoreCandidate(c, 8_000);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1_000);
          expect(scoreCandidate({ ...c, distanceToRestaurantM: x.d + x.extra }, 8_000)).toBeLessThanOrEqual(s);
        },
      ),
    );
  });
});

describe("dispatchStartAt", () => {
  const acceptedAt = new Date("2026-11-26T12:00:00Z");
  it("starts so the rider arrives as the food is ready", () => {
    // 2 km × 1.35 at 18 km/h = 9 min + 3 handover + 3 matching = 15 min before ready.
    const readyAt = new Date(acceptedAt.getTime() + 25 * 60_000);
    expect(dispatchStartAt({ acceptedAt, readyAt, typicalFirstMileM: 2_000, vehicle: "scooter" }).toISOString()).toBe("2026-11-26T12:10:00.000Z");
  });
  it("never before acceptance", () => {
    const readyAt = new Date(acceptedAt.getTime() + 8 * 60_000);
    expect(dispatchStartAt({ acceptedAt, readyAt, typicalFirstMileM: 2_000, vehicle: "scooter" })).toEqual(acceptedAt);
  });
});

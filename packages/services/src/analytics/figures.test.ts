import { describe, expect, it } from "vitest";
import { estimateEtaMin } from "@chizze/core";
import { dailyFigures, dispatchDueMs, percentile, promisedAtMs, sloFigures, type OrderFacts } from "./figures";
import { daysToRecompute, hoursToCompute, istDayRange, mergeRanges } from "./window";

const MIN = 60_000;
const T0 = Date.parse("2026-11-20T06:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

function order(p: Partial<OrderFacts> & { $id: string }): OrderFacts {
  return { restaurant_id: "rst_1", status: "delivered", payment_method: "cod", placed_at: iso(T0), item_total_paise: 10_000, distance_m: 2_400, ...p };
}

describe("percentile (nearest rank)", () => {
  it("is exact on small sets", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19);
    expect(percentile(Array.from({ length: 100 }, (_, i) => 100 - i), 95)).toBe(95);
  });
});

describe("daily figures", () => {
  it("count received orders per restaurant, revenue of delivered ones, prep time, reasons and ratings", () => {
    const orders = [
      order({ $id: "o1", accepted_at: iso(T0 + 2 * MIN), ready_at: iso(T0 + 22 * MIN), item_total_paise: 30_000 }),
      order({ $id: "o2", accepted_at: iso(T0 + 1 * MIN), ready_at: iso(T0 + 11 * MIN), item_total_paise: 20_000 }),
      order({ $id: "o3", status: "cancelled", cancel_reason: "changed_mind" }),
      order({ $id: "o4", status: "rejected", cancel_reason: "restaurant_rejected" }),
      order({ $id: "o5", status: "cancelled", cancel_reason: "changed_mind" }),
      // Online and never paid: not an order of the restaurant's.
      order({ $id: "o6", status: "payment_failed", payment_method: "online", paid_at: null }),
      order({ $id: "o7", restaurant_id: "rst_2", status: "accepted", payment_method: "online", paid_at: iso(T0 + MIN), accepted_at: iso(T0 + 3 * MIN) }),
    ];
    const f = dailyFigures(orders, new Map([["o1", 5], ["o2", 3]]));
    expect(f.get("rst_1")).toEqual({ orders_count: 5, delivered_count: 2, cancelled_count: 3, revenue_paise: 50_000, avg_prep_sec: 900, cancellations: { changed_mind: 2, restaurant_rejected: 1 }, rating_sum: 8, rating_count: 2 });
    expect(f.get("rst_2")).toMatchObject({ orders_count: 1, delivered_count: 0, avg_prep_sec: null, rating_count: 0 });
  });
});

describe("SLO figures", () => {
  it("measure each order in the hour its own event fell in", () => {
    const promisedMin = estimateEtaMin({ prepRemainingMin: 20, riderToRestaurantM: null, restaurantToCustomerM: 2_400, vehicle: "motorcycle" });
    expect(promisedMin).toBe(33);
    const placedBefore = T0 - 20 * MIN;
    const orders = [
      // Accepted 60 s after being received, delivered 5 minutes early.
      order({ $id: "a", placed_at: iso(placedBefore), accepted_at: iso(placedBefore + 60_000), prep_minutes: 20, partner_assigned_at: iso(T0 + 5 * MIN), delivered_at: iso(placedBefore + 60_000 + (promisedMin - 5) * MIN) }),
      // Accepted in the hour after 180 s, delivered in the hour 10 minutes late.
      order({ $id: "b", placed_at: iso(T0), accepted_at: iso(T0 + 180_000), prep_minutes: 20, delivered_at: iso(T0 + 180_000 + (promisedMin + 10) * MIN) }),
      order({ $id: "c", status: "cancelled", placed_at: iso(T0 + 10 * MIN), cancelled_at: iso(T0 + 12 * MIN), cancel_reason: "changed_mind" }),
    ];
    const b = orders[1]!;
    expect(promisedAtMs(b)).toBe(T0 + 180_000 + promisedMin * MIN);
    const s = sloFigures(T0, orders);
    expect(s).toMatchObject({ orders_count: 2, cancelled_count: 1, accept_latency_p50_ms: 180_000, accept_latency_p95_ms: 180_000 });
    // a: accepted before the hour (not in its accept latency), assigned and delivered (5 min early) in it;
    // b: delivered 10 min late in the hour.
    expect(s).toMatchObject({ delivered_count: 2, on_time_bps: 5_000, eta_abs_error_p50_sec: 300, eta_abs_error_p95_sec: 600 });
    const a = orders[0]!;
    expect(s.match_latency_p50_ms).toBe(T0 + 5 * MIN - dispatchDueMs(a)!);
    expect(s.match_latency_p50_ms).toBeGreaterThan(0);
    expect(s.match_latency_p95_ms).toBe(s.match_latency_p50_ms);
  });
  it("has no percentiles for an empty hour", () => {
    expect(sloFigures(T0, [])).toEqual({ orders_count: 0, delivered_count: 0, cancelled_count: 0, accept_latency_p50_ms: null, accept_latency_p95_ms: null, match_latency_p50_ms: null, match_latency_p95_ms: null, eta_abs_error_p50_sec: null, eta_abs_error_p95_sec: null, on_time_bps: null });
  });
});

describe("run window", () => {
  it("recomputes today and yesterday in IST plus touched days within the lookback", () => {
    const now = new Date("2026-04-01T02:00:00Z"); // 07:30 IST on 1 April
    expect(daysToRecompute(now, [], 7)).toEqual(["2026-03-31", "2026-04-01"]);
    expect(daysToRecompute(now, ["2026-03-27T10:00:00Z", "2026-01-01T10:00:00Z"], 7)).toEqual(["2026-03-27", "2026-03-31", "2026-04-01"]);
    expect(istDayRange("2026-04-01")).toEqual({ startMs: Date.parse("2026-03-31T18:30:00Z"), endMs: Date.parse("2026-04-01T18:30:00Z") });
  });
  it("computes the last completed hour, and catches up missed ones (bounded)", () => {
    const now = new Date("2026-11-20T09:07:00Z");
    expect(hoursToCompute(now, null, 6)).toEqual([Date.parse("2026-11-20T08:00:00Z")]);
    expect(hoursToCompute(now, "2026-11-20T07:07:00Z", 6)).toEqual([Date.parse("2026-11-20T06:00:00Z"), Date.parse("2026-11-20T07:00:00Z"), Date.parse("2026-11-20T08:00:00Z")]);
    expect(hoursToCompute(now, "2026-11-01T00:00:00Z", 6)).toHaveLength(6);
  });
  it("merges overlapping stretches", () => {
    expect(mergeRanges([{ startMs: 5, endMs: 9 }, { startMs: 0, endMs: 5 }, { startMs: 20, endMs: 30 }])).toEqual([{ startMs: 0, endMs: 9 }, { startMs: 20, endMs: 30 }]);
  });
});

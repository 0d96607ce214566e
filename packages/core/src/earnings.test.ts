import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_EARNINGS_CONFIG, deliveryEarnings } from "./earnings";

describe("deliveryEarnings", () => {
  it("adds base, distance beyond the first km, waiting beyond the grace, and the tip", () => {
    const e = deliveryEarnings({ tripM: 3_500, waitedMin: 14, surgePaise: 0, tipPaise: 2_000 });
    expect(e.lines).toEqual([
      { kind: "base", amountPaise: 2_500 },
      { kind: "distance", amountPaise: 1_500 },
      { kind: "waiting", amountPaise: 400 },
      { kind: "tip", amountPaise: 2_000 },
    ]);
    expect(e).toMatchObject({ feePaise: 4_400, tipPaise: 2_000, totalPaise: 6_400 });
  });
  it("pays only the base on short trips, caps waiting, passes surge on", () => {
    expect(deliveryEarnings({ tripM: 900, waitedMin: 5, surgePaise: 0, tipPaise: 0 })).toMatchObject({ totalPaise: 2_500, lines: [{ kind: "base" }] });
    expect(deliveryEarnings({ tripM: 1_000, waitedMin: 500, surgePaise: 0, tipPaise: 0 }).lines).toContainEqual({ kind: "waiting", amountPaise: 3_000 });
    expect(deliveryEarnings({ tripM: 1_001, waitedMin: 0, surgePaise: 1_750, tipPaise: 0 }).lines).toEqual([
      { kind: "base", amountPaise: 2_500 },
      { kind: "distance", amountPaise: 1 }, // 0.6 paise → 1
      { kind: "surge", amountPaise: 1_750 },
    ]);
    expect(() => deliveryEarnings({ tripM: 1, waitedMin: 0, surgePaise: 0, tipPaise: -1 })).toThrow(RangeError);
  });
  it("lines sum to the total, the tip passes through whole, and more distance never pays less", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), (trip, more, wait, surge, tip) => {
        const e = deliveryEarnings({ tripM: trip, waitedMin: wait, surgePaise: surge, tipPaise: tip });
        expect(e.lines.reduce((s, l) => s + l.amountPaise, 0)).toBe(e.totalPaise);
        expect(e.feePaise + e.tipPaise).toBe(e.totalPaise);
        expect(e.lines.find((l) => l.kind === "tip")?.amountPaise ?? 0).toBe(tip);
        expect(deliveryEarnings({ tripM: trip + more, waitedMin: wait, surgePaise: surge, tipPaise: tip }, DEFAULT_EARNINGS_CONFIG).totalPaise).toBeGreaterThanOrEqual(e.totalPaise);
      }),
    );
  });
});

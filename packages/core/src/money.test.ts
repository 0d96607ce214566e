import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_PAISE, allocate, assertPaise, formatInr, percentOfBps, sumPaise } from "./money";

describe("percentOfBps", () => {
  it("rounds half up to the paisa", () => {
    expect(percentOfBps(10_050, 500)).toBe(503); // 502.5 → 503
    expect(percentOfBps(10_030, 500)).toBe(502); // 501.5 → 502
    expect(percentOfBps(10_010, 500)).toBe(501); // 500.5 → 501
    expect(percentOfBps(10_009, 500)).toBe(500); // 500.45 → 500
    expect(percentOfBps(0, 1_800)).toBe(0);
    expect(percentOfBps(1, 5_000)).toBe(1); // 0.5 → 1
  });
  it("matches exact rational rounding for any input", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PAISE }), fc.integer({ min: 0, max: 30_000 }), (a, bps) => {
        const r = percentOfBps(a, bps);
        const exact = (BigInt(a) * BigInt(bps) * 2n + 10_000n) / 20_000n; // floor(x + 1/2)
        expect(BigInt(r)).toBe(exact);
      }),
    );
  });
  it("rejects floats and negatives", () => {
    expect(() => percentOfBps(1.5, 500)).toThrow(RangeError);
    expect(() => percentOfBps(-1, 500)).toThrow(RangeError);
    expect(() => percentOfBps(100, 1.2)).toThrow(RangeError);
  });
});

describe("allocate", () => {
  it("splits with the largest remainder, ties to earlier parts", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [3, 7])).toEqual([3, 7]);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
    expect(allocate(5, [0, 2])).toEqual([0, 5]);
  });
  it("parts sum exactly, stay within one paisa of proportional, and never exceed weights when amount ≤ Σweights", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }), (amount, weights) => {
        const total = weights.reduce((a, b) => a + b, 0);
        fc.pre(total > 0);
        const parts = allocate(amount, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
        parts.forEach((p, i) => {
          const ideal = (amount * (weights[i] ?? 0)) / total;
          expect(Math.abs(p - ideal)).toBeLessThan(1);
          if (amount <= total) expect(p).toBeLessThanOrEqual(weights[i] ?? 0);
        });
      }),
      { numRuns: 500 },
    );
  });
  it("refuses all-zero weights for a positive amount", () => {
    expect(() => allocate(1, [0, 0])).toThrow(RangeError);
    expect(() => allocate(1, [])).toThrow(RangeError);
  });
});

describe("sumPaise / assertPaise", () => {
  it("sums integers and refuses bad amounts", () => {
    expect(sumPaise([100, 250, 5])).toBe(355);
    expect(sumPaise([])).toBe(0);
    expect(() => sumPaise([1, 0.5])).toThrow(RangeError);
    expect(() => assertPaise(MAX_PAISE + 1)).toThrow(RangeError);
  });
});

describe("formatInr", () => {
  it("uses Indian grouping and two decimals", () => {
    expect(formatInr(123_450)).toBe("₹1,234.50");
    expect(formatInr(0)).toBe("₹0.00");
    expect(formatInr(5)).toBe("₹0.05");
    expect(formatInr(99_999)).toBe("₹999.99");
    expect(formatInr(100_000)).toBe("₹1,000.00");
    expect(formatInr(10_000_000)).toBe("₹1,00,000.00");
    expect(formatInr(123_456_789)).toBe("₹12,34,567.89");
    expect(formatInr(1_000_000_000_00)).toBe("₹1,00,00,00,000.00");
    expect(formatInr(-2_050)).toBe("-₹20.50");
  });
  it("agrees with Intl en-IN where the runtime has it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (p) => {
        const intl = new Intl.NumberFormat("en-IN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(p / 100);
        expect(formatInr(p)).toBe(`₹${intl}`);
      }),
      { numRuns: 300 },
    );
  });
});

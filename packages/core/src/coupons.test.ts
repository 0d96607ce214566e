import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateCoupon } from "./coupons";
import type { CouponContext, CouponRule } from "./coupons";

const now = new Date("2026-11-26T12:00:00Z");
const welcome: CouponRule = {
  id: "cpn_1",
  code: "WELCOME50",
  kind: "percent",
  value: 5_000,
  minOrderPaise: 19_900,
  maxDiscountPaise: 10_000,
  validFrom: "2026-11-01T00:00:00Z",
  validUntil: "2026-12-01T00:00:00Z",
  globalLimit: 1_000,
  usedCount: 10,
  perUserLimit: 1,
  firstOrderOnly: true,
  restaurantId: null,
  fundedBy: "platform",
  isActive: true,
};
const ctx: CouponContext = { subtotalPaise: 40_000, restaurantId: "rst_1", userOrderCount: 0, userRedemptions: 0, now };

describe("evaluateCoupon", () => {
  it("applies percent with a cap, and flat", () => {
    expect(evaluateCoupon(welcome, ctx)).toEqual({ ok: true, discountPaise: 10_000, fundedBy: "platform" });
    expect(evaluateCoupon(welcome, { ...ctx, subtotalPaise: 19_901 })).toMatchObject({ ok: true, discountPaise: 9_951 }); // 9950.5 → 9951
    expect(evaluateCoupon({ ...welcome, maxDiscountPaise: null }, { ...ctx, subtotalPaise: 100_000 })).toMatchObject({ discountPaise: 50_000 });
    const flat = { ...welcome, kind: "flat" as const, value: 7_500, minOrderPaise: 0, fundedBy: "restaurant" as const };
    expect(evaluateCoupon(flat, ctx)).toEqual({ ok: true, discountPaise: 7_500, fundedBy: "restaurant" });
    expect(evaluateCoupon(flat, { ...ctx, subtotalPaise: 5_000 })).toMatchObject({ discountPaise: 5_000 }); // never above the subtotal
  });
  it("names every rejection", () => {
    expect(evaluateCoupon({ ...welcome, isActive: false }, ctx)).toEqual({ ok: false, reason: "inactive" });
    expect(evaluateCoupon(welcome, { ...ctx, now: new Date("2026-10-31T23:59:59Z") })).toEqual({ ok: false, reason: "not_started" });
    expect(evaluateCoupon(welcome, { ...ctx, now: new Date("2026-12-01T00:00:00Z") })).toEqual({ ok: false, reason: "expired" });
    expect(evaluateCoupon({ ...welcome, restaurantId: "rst_2" }, ctx)).toEqual({ ok: false, reason: "wrong_restaurant" });
    expect(evaluateCoupon(welcome, { ...ctx, userOrderCount: 1 })).toEqual({ ok: false, reason: "first_order_only" });
    expect(evaluateCoupon(welcome, { ...ctx, userRedemptions: 1 })).toEqual({ ok: false, reason: "per_user_limit_reached" });
    expect(evaluateCoupon({ ...welcome, usedCount: 1_000 }, ctx)).toEqual({ ok: false, reason: "global_limit_reached" });
    expect(evaluateCoupon(welcome, { ...ctx, subtotalPaise: 15_000 })).toEqual({ ok: false, reason: "min_order_not_met", shortByPaise: 4_900 });
  });
  it("accepts the coupon's own restaurant and unlimited global limits", () => {
    expect(evaluateCoupon({ ...welcome, restaurantId: "rst_1", globalLimit: null, usedCount: 1e6 }, ctx)).toMatchObject({ ok: true });
  });
  it("never discounts more than the subtotal, the cap, or the flat value", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("percent" as const, "flat" as const),
        fc.integer({ min: 1, max: 10_000 }),
        fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: null }),
        fc.integer({ min: 0, max: 500_000 }),
        (kind, value, cap, subtotal) => {
          const r = evaluateCoupon({ ...welcome, kind, value, maxDiscountPaise: cap, minOrderPaise: 0 }, { ...ctx, subtotalPaise: subtotal });
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.discountPaise).toBeLessThanOrEqual(subtotal);
          if (kind === "flat") expect(r.discountPaise).toBeLessThanOrEqual(value);
          if (kind === "percent" && cap !== null) expect(r.discountPaise).toBeLessThanOrEqual(cap);
          expect(Number.isInteger(r.discountPaise)).toBe(true);
        },
      ),
    );
  });
});

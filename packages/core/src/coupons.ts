// Coupon eligibility and discount. This is the pre-check the quote runs; the hard limits hold under
// concurrency in the database (I10): used_count is raised with incrementRowColumn(max = global_limit) and the
// per-user slot is a unique redemption row, both inside the order transaction.
import type { CouponFunder, CouponKind } from "@chizze/schema/enums";
import { assertPaise, percentOfBps } from "./money";

/** The coupon row fields that decide eligibility (camelCase of schema `coupons`). */
export interface CouponRule {
  id: string;
  code: string;
  kind: CouponKind;
  /** percent: basis points (1000 = 10 %); flat: paise. */
  value: number;
  minOrderPaise: number;
  /** Cap for percent coupons; null = no cap. */
  maxDiscountPaise: number | null;
  validFrom: string;
  validUntil: string;
  /** null = unlimited. */
  globalLimit: number | null;
  usedCount: number;
  perUserLimit: number;
  firstOrderOnly: boolean;
  /** null = every restaurant. */
  restaurantId: string | null;
  fundedBy: CouponFunder;
  isActive: boolean;
}

export interface CouponContext {
  /** Item total of the cart (paise), before fees and taxes: what the discount applies to. */
  subtotalPaise: number;
  restaurantId: string;
  /** The user's orders that count as "placed" (not failed, expired or rejected) — decides first-order coupons. */
  userOrderCount: number;
  /** This user's reserved or redeemed (not released) uses of this coupon. */
  userRedemptions: number;
  now: Date;
}

export const COUPON_REJECTIONS = [
  "inactive",
  "not_started",
  "expired",
  "wrong_restaurant",
  "first_order_only",
  "per_user_limit_reached",
  "global_limit_reached",
  "min_order_not_met",
] as const;
export type CouponRejection = (typeof COUPON_REJECTIONS)[number];

export type CouponResult =
  | { ok: true; discountPaise: number; fundedBy: CouponFunder }
  | { ok: false; reason: CouponRejection; /** For min_order_not_met: how much more to add. */ shortByPaise?: number };

/**
 * Evaluate a coupon. Validity is [validFrom, validUntil) in UTC instants. The discount never exceeds the
 * subtotal, so a total can never go negative; percent discounts round half up to the paisa, then the cap.
 * Checks run from the reasons a user can't change to the one they can (min order last, with the shortfall).
 * @example
 * evaluateCoupon(welcome50, { subtotalPaise: 40_000, restaurantId: "rst_1", userOrderCount: 0, userRedemptions: 0, now })
 * // { ok: true, discountPaise: 10_000, fundedBy: "platform" } for 50 % capped at ₹100
 */
export function evaluateCoupon(coupon: CouponRule, ctx: CouponContext): CouponResult {
  assertPaise(ctx.subtotalPaise, "subtotal");
  const now = ctx.now.getTime();
  if (!coupon.isActive) return { ok: false, reason: "inactive" };
  if (now < Date.parse(coupon.validFrom)) return { ok: false, reason: "not_started" };
  if (now >= Date.parse(coupon.validUntil)) return { ok: false, reason: "expired" };
  if (coupon.restaurantId !== null && coupon.restaurantId !== ctx.restaurantId) return { ok: false, reason: "wrong_restaurant" };
  if (coupon.firstOrderOnly && ctx.userOrderCount > 0) return { ok: false, reason: "first_order_only" };
  if (ctx.userRedemptions >= coupon.perUserLimit) return { ok: false, reason: "per_user_limit_reached" };
  if (coupon.globalLimit !== null && coupon.usedCount >= coupon.globalLimit) return { ok: false, reason: "global_limit_reached" };
  if (ctx.subtotalPaise < coupon.minOrderPaise) return { ok: false, reason: "min_order_not_met", shortByPaise: coupon.minOrderPaise - ctx.subtotalPaise };
  const raw = coupon.kind === "percent" ? percentOfBps(ctx.subtotalPaise, coupon.value) : coupon.value;
  const capped = coupon.kind === "percent" && coupon.maxDiscountPaise !== null ? Math.min(raw, coupon.maxDiscountPaise) : raw;
  return { ok: true, discountPaise: Math.min(capped, ctx.subtotalPaise), fundedBy: coupon.fundedBy };
}

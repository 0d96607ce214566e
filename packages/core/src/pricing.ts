// The heart of POST /cart/quote: price a cart from the live menu. The cart carries ids and quantities only —
// never a price (I8) — so every paisa here comes from menu rows, restaurant fees and config. Problems come back
// as values naming the line and item, for the caller to map to ApiError (item_unavailable / unprocessable /
// not_serviceable / coupon_invalid). Invariant, property-tested: Σ lines = items, and
// total = items + packaging + delivery + surge + platform + GST food + GST fees + tip − discount, exactly.
import type { AddonGroups, PricedLines, Variants } from "@chizze/schema/documents";
import type { CouponFunder } from "@chizze/schema/enums";
import { evaluateCoupon } from "./coupons";
import type { CouponContext, CouponRejection, CouponRule } from "./coupons";
import { DEFAULT_DELIVERY_FEE_CONFIG, deliveryFeeFor, surgePaise } from "./eta";
import type { DeliveryFeeConfig } from "./eta";
import { allocate, assertPaise, percentOfBps } from "./money";

/** The menu_items fields pricing needs (variants/add-ons parsed from their JSON columns). */
export interface PricingMenuItem {
  id: string;
  restaurantId: string;
  name: string;
  pricePaise: number;
  /** menu_items.gst_rate_bps (restaurant food: 500). */
  gstRateBps: number;
  isVeg: boolean;
  isAvailable: boolean;
  /** null = unlimited. */
  stock: number | null;
  variants: Variants | null;
  addonGroups: AddonGroups | null;
}

/** One cart line as the client asked for it (QuoteItemInput). No price fields, on purpose. */
export interface CartLine {
  itemId: string;
  variantId?: string | null;
  addonIds?: readonly string[];
  quantity: number;
  notes?: string | null;
}

export interface PricingRestaurant {
  id: string;
  minOrderPaise: number;
  packagingFeePaise: number;
}

export interface PricingConfig {
  /** Chizze's platform fee per order (GST added on top at gstFeesBps). */
  platformFeePaise: number;
  /** restaurants.packaging_fee_paise is charged once per order, or per unit ordered. */
  packagingMode: "per_order" | "per_item";
  /**
   * Packaging supplied with restaurant food is part of one composite supply taxed like the food (5 %), which is
   * the default. `fees` taxes it at 18 % with delivery and platform fees (as contracts' Taxes description says);
   * CA to confirm — see README.
   */
  packagingTaxedAs: "food" | "fees";
  /** GST on food when not taken from the item (packaging): 5 % under CGST s.9(5). */
  gstFoodBps: number;
  /** GST on delivery, surge and platform fees. */
  gstFeesBps: number;
  maxLines: number;
  maxQuantityPerLine: number;
  maxTotalQuantity: number;
  maxTipPaise: number;
  deliveryFee: DeliveryFeeConfig;
}

export const DEFAULT_PRICING_CONFIG: PricingConfig = {
  platformFeePaise: 1_000,
  packagingMode: "per_order",
  packagingTaxedAs: "food",
  gstFoodBps: 500,
  gstFeesBps: 1_800,
  maxLines: 50,
  maxQuantityPerLine: 20,
  maxTotalQuantity: 100,
  maxTipPaise: 100_000,
  deliveryFee: DEFAULT_DELIVERY_FEE_CONFIG,
};

export interface PricingInput {
  restaurant: PricingRestaurant;
  menu: readonly PricingMenuItem[];
  cart: readonly CartLine[];
  /** Road distance restaurant → address (eta.roadDistanceM). */
  distanceM: number;
  /** 10 000 = no surge (eta.surgeMultiplierBps). */
  surgeMultiplierBps: number;
  coupon: { rule: CouponRule; context: Omit<CouponContext, "subtotalPaise" | "restaurantId"> } | null;
  tipPaise: number;
}

export type PricingIssue =
  | { kind: "unknown_item"; lineIndex: number; itemId: string }
  | { kind: "item_unavailable"; lineIndex: number; itemId: string; name: string }
  | { kind: "out_of_stock"; itemId: string; name: string; requested: number; available: number }
  | { kind: "variant_required"; lineIndex: number; itemId: string }
  | { kind: "invalid_variant"; lineIndex: number; itemId: string; variantId: string }
  | { kind: "variant_unavailable"; lineIndex: number; itemId: string; variantId: string }
  | { kind: "invalid_addon"; lineIndex: number; itemId: string; addonId: string }
  | { kind: "addon_unavailable"; lineIndex: number; itemId: string; addonId: string }
  | { kind: "addon_selection"; lineIndex: number; itemId: string; groupId: string; min: number; max: number; selected: number }
  | { kind: "invalid_quantity"; lineIndex: number; itemId: string; quantity: number; max: number }
  | { kind: "too_many_lines"; max: number }
  | { kind: "too_many_items"; max: number; quantity: number }
  | { kind: "invalid_tip"; max: number }
  | { kind: "min_order_not_met"; minOrderPaise: number; itemsPaise: number; shortByPaise: number }
  | { kind: "not_serviceable"; distanceM: number }
  | { kind: "coupon_invalid"; code: string; reason: CouponRejection; shortByPaise?: number };

/** The ApiError codes (contracts ERROR_CODES) pricing problems map to. */
export type PricingErrorCode = "item_unavailable" | "unprocessable" | "not_serviceable" | "coupon_invalid";

/**
 * Which ApiError code a pricing issue maps to: things the restaurant changed under the customer are
 * item_unavailable (the app refreshes the menu); a malformed cart is unprocessable.
 * @example pricingErrorCode({ kind: "out_of_stock", itemId: "itm_1", name: "Biryani", requested: 3, available: 1 }) // "item_unavailable"
 */
export function pricingErrorCode(issue: PricingIssue): PricingErrorCode {
  switch (issue.kind) {
    case "unknown_item":
    case "item_unavailable":
    case "out_of_stock":
    case "variant_unavailable":
    case "addon_unavailable":
      return "item_unavailable";
    case "not_serviceable":
      return "not_serviceable";
    case "coupon_invalid":
      return "coupon_invalid";
    default:
      return "unprocessable";
  }
}

const CODE_PRIORITY: readonly PricingErrorCode[] = ["item_unavailable", "unprocessable", "not_serviceable", "coupon_invalid"];

export interface Amounts {
  itemsPaise: number;
  fees: { packagingPaise: number; deliveryPaise: number; surgePaise: number; platformPaise: number };
  taxes: { gstFoodPaise: number; gstFeesPaise: number };
  discountPaise: number;
  tipPaise: number;
  totalPaise: number;
}

export interface GstBreakdown {
  /** Food (and packaging when taxed as food) by rate, after the discount share. */
  food: { rateBps: number; taxablePaise: number; gstPaise: number }[];
  feesTaxablePaise: number;
}

export interface PricedCart {
  ok: true;
  lines: PricedLines;
  amounts: Amounts;
  discount: { couponId: string; couponCode: string; amountPaise: number; fundedBy: CouponFunder } | null;
  gst: GstBreakdown;
  /** What the order transaction decrements (bounded at 0, I9): one entry per item with finite stock. */
  stockDecrements: { itemId: string; quantity: number }[];
}

export type PricingResult = PricedCart | { ok: false; code: PricingErrorCode; issues: PricingIssue[] };

/**
 * The total implied by the parts (contracts Amounts invariant).
 * @example amountsTotal(quote.amounts) === quote.amounts.totalPaise // always true for priceCart output
 */
export function amountsTotal(a: Omit<Amounts, "totalPaise">): number {
  const { packagingPaise, deliveryPaise, surgePaise: surge, platformPaise } = a.fees;
  return a.itemsPaise + packagingPaise + deliveryPaise + surge + platformPaise + a.taxes.gstFoodPaise + a.taxes.gstFeesPaise + a.tipPaise - a.discountPaise;
}

/**
 * The amount columns of quotes/orders (schema amountColumns) from Amounts.
 * @example toAmountColumns(priced.amounts).total_paise
 */
export function toAmountColumns(a: Amounts) {
  return {
    item_total_paise: a.itemsPaise,
    packaging_paise: a.fees.packagingPaise,
    delivery_fee_paise: a.fees.deliveryPaise,
    surge_paise: a.fees.surgePaise,
    platform_fee_paise: a.fees.platformPaise,
    gst_food_paise: a.taxes.gstFoodPaise,
    gst_fees_paise: a.taxes.gstFeesPaise,
    discount_paise: a.discountPaise,
    tip_paise: a.tipPaise,
    total_paise: a.totalPaise,
  };
}

interface LineDraft {
  line: PricedLines[number];
  gstRateBps: number;
}

function priceLine(cart: CartLine, index: number, item: PricingMenuItem, config: PricingConfig, issues: PricingIssue[]): LineDraft | null {
  const before = issues.length;
  if (!item.isAvailable) issues.push({ kind: "item_unavailable", lineIndex: index, itemId: item.id, name: item.name });

  let unitBase = item.pricePaise;
  let variantName: string | null = null;
  const variants = item.variants ?? [];
  const variantId = cart.variantId ?? null;
  if (variants.length > 0) {
    const v = variantId === null ? undefined : variants.find((x) => x.id === variantId);
    if (variantId === null) issues.push({ kind: "variant_required", lineIndex: index, itemId: item.id });
    else if (!v) issues.push({ kind: "invalid_variant", lineIndex: index, itemId: item.id, variantId });
    else if (!v.isAvailable) issues.push({ kind: "variant_unavailable", lineIndex: index, itemId: item.id, variantId });
    else {
      unitBase = v.pricePaise;
      variantName = v.name;
    }
  } else if (variantId !== null) {
    issues.push({ kind: "invalid_variant", lineIndex: index, itemId: item.id, variantId });
  }

  const groups = item.addonGroups ?? [];
  const picked = new Map<string, number>();
  const addons: { id: string; name: string; pricePaise: number }[] = [];
  let isVeg = item.isVeg;
  const seen = new Set<string>();
  for (const addonId of cart.addonIds ?? []) {
    const group = groups.find((g) => g.options.some((o) => o.id === addonId));
    const option = group?.options.find((o) => o.id === addonId);
    if (seen.has(addonId) || !group || !option) {
      issues.push({ kind: "invalid_addon", lineIndex: index, itemId: item.id, addonId });
      continue;
    }
    seen.add(addonId);
    if (!option.isAvailable) {
      issues.push({ kind: "addon_unavailable", lineIndex: index, itemId: item.id, addonId });
      continue;
    }
    picked.set(group.id, (picked.get(group.id) ?? 0) + 1);
    addons.push({ id: option.id, name: option.name, pricePaise: option.pricePaise });
    isVeg = isVeg && option.isVeg;
  }
  for (const g of groups) {
    const n = picked.get(g.id) ?? 0;
    if (n < g.minSelect || n > g.maxSelect) {
      issues.push({ kind: "addon_selection", lineIndex: index, itemId: item.id, groupId: g.id, min: g.minSelect, max: g.maxSelect, selected: n });
    }
  }
  if (!Number.isSafeInteger(cart.quantity) || cart.quantity < 1 || cart.quantity > config.maxQuantityPerLine) {
    issues.push({ kind: "invalid_quantity", lineIndex: index, itemId: item.id, quantity: cart.quantity, max: config.maxQuantityPerLine });
  }
  if (issues.length > before) return null;

  const unitPaise = unitBase + addons.reduce((s, a) => s + a.pricePaise, 0);
  const totalPaise = unitPaise * cart.quantity;
  assertPaise(totalPaise, `line ${index} total`);
  return {
    gstRateBps: item.gstRateBps,
    line: {
      itemId: item.id,
      variantId: variants.length > 0 ? variantId : null,
      name: item.name,
      variantName,
      isVeg,
      quantity: cart.quantity,
      unitPaise,
      addons,
      notes: cart.notes ?? null,
      totalPaise,
    },
  };
}

/**
 * Price a cart. Collects every line problem at once (the app can mark all bad lines), then applies minimum
 * order, distance band and coupon, which need a valid item total.
 * Discount is taken off the food's taxable value before GST (a discount shown on the invoice at the time of
 * supply reduces the taxable value); fees are taxed at 18 % on their full value.
 * @example
 * const r = priceCart({ restaurant, menu, cart: [{ itemId: "itm_biryani", quantity: 2 }], distanceM: 2700,
 *   surgeMultiplierBps: 10_000, coupon: null, tipPaise: 2_000 });
 * if (r.ok) r.amounts.totalPaise; else r.code; // "item_unavailable" | "unprocessable" | …
 */
export function priceCart(input: PricingInput, config: PricingConfig = DEFAULT_PRICING_CONFIG): PricingResult {
  const issues: PricingIssue[] = [];
  const menu = new Map(input.menu.filter((m) => m.restaurantId === input.restaurant.id).map((m) => [m.id, m] as const));

  if (input.cart.length > config.maxLines) issues.push({ kind: "too_many_lines", max: config.maxLines });
  const drafts: LineDraft[] = [];
  input.cart.forEach((cartLine, index) => {
    const item = menu.get(cartLine.itemId);
    if (!item) {
      issues.push({ kind: "unknown_item", lineIndex: index, itemId: cartLine.itemId });
      return;
    }
    const d = priceLine(cartLine, index, item, config, issues);
    if (d) drafts.push(d);
  });

  // Stock is per item across lines (two sizes of one dish share its stock).
  const qtyByItem = new Map<string, number>();
  for (const c of input.cart) if (Number.isSafeInteger(c.quantity) && c.quantity > 0) qtyByItem.set(c.itemId, (qtyByItem.get(c.itemId) ?? 0) + c.quantity);
  const stockDecrements: { itemId: string; quantity: number }[] = [];
  for (const [itemId, quantity] of qtyByItem) {
    const item = menu.get(itemId);
    if (!item || item.stock === null) continue;
    if (quantity > item.stock) issues.push({ kind: "out_of_stock", itemId, name: item.name, requested: quantity, available: item.stock });
    else stockDecrements.push({ itemId, quantity });
  }
  const totalQuantity = [...qtyByItem.values()].reduce((a, b) => a + b, 0);
  if (totalQuantity > config.maxTotalQuantity) issues.push({ kind: "too_many_items", max: config.maxTotalQuantity, quantity: totalQuantity });
  if (!Number.isSafeInteger(input.tipPaise) || input.tipPaise < 0 || input.tipPaise > config.maxTipPaise) issues.push({ kind: "invalid_tip", max: config.maxTipPaise });

  const fee = deliveryFeeFor(input.distanceM, config.deliveryFee);
  if (!fee.ok) issues.push({ kind: "not_serviceable", distanceM: input.distanceM });

  const itemsPaise = drafts.reduce((s, d) => s + d.line.totalPaise, 0);
  const linesValid = issues.every((i) => pricingErrorCode(i) !== "item_unavailable" && pricingErrorCode(i) !== "unprocessable");
  if (linesValid && itemsPaise < input.restaurant.minOrderPaise) {
    issues.push({ kind: "min_order_not_met", minOrderPaise: input.restaurant.minOrderPaise, itemsPaise, shortByPaise: input.restaurant.minOrderPaise - itemsPaise });
  }

  let discount: PricedCart["discount"] = null;
  if (input.coupon && issues.length === 0) {
    const c = evaluateCoupon(input.coupon.rule, { ...input.coupon.context, subtotalPaise: itemsPaise, restaurantId: input.restaurant.id });
    if (c.ok) discount = { couponId: input.coupon.rule.id, couponCode: input.coupon.rule.code, amountPaise: c.discountPaise, fundedBy: c.fundedBy };
    else issues.push({ kind: "coupon_invalid", code: input.coupon.rule.code, reason: c.reason, ...(c.shortByPaise === undefined ? {} : { shortByPaise: c.shortByPaise }) });
  }

  if (issues.length > 0 || !fee.ok) {
    const codes = new Set(issues.map(pricingErrorCode));
    const code = CODE_PRIORITY.find((c) => codes.has(c)) ?? "unprocessable";
    return { ok: false, code, issues };
  }

  const packagingPaise = config.packagingMode === "per_item" ? input.restaurant.packagingFeePaise * totalQuantity : input.restaurant.packagingFeePaise;
  const deliveryPaise = fee.feePaise;
  const surge = surgePaise(deliveryPaise, input.surgeMultiplierBps);
  const platformPaise = config.platformFeePaise;
  const discountPaise = discount?.amountPaise ?? 0;

  // Food GST per rate group; the discount is spread over groups by value (allocate never gives a group more
  // than its value, so taxable amounts stay ≥ 0).
  const byRate = new Map<number, number>();
  for (const d of drafts) byRate.set(d.gstRateBps, (byRate.get(d.gstRateBps) ?? 0) + d.line.totalPaise);
  const rates = [...byRate.keys()].sort((a, b) => a - b);
  const shares = rates.length > 0 ? allocate(discountPaise, rates.map((r) => byRate.get(r) ?? 0)) : [];
  const taxable = new Map<number, number>();
  rates.forEach((r, i) => taxable.set(r, (byRate.get(r) ?? 0) - (shares[i] ?? 0)));
  if (config.packagingTaxedAs === "food" && packagingPaise > 0) taxable.set(config.gstFoodBps, (taxable.get(config.gstFoodBps) ?? 0) + packagingPaise);
  const food = [...taxable.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBps, taxablePaise]) => ({ rateBps, taxablePaise, gstPaise: percentOfBps(taxablePaise, rateBps) }));
  const gstFoodPaise = food.reduce((s, f) => s + f.gstPaise, 0);
  const feesTaxablePaise = deliveryPaise + surge + platformPaise + (config.packagingTaxedAs === "fees" ? packagingPaise : 0);
  const gstFeesPaise = percentOfBps(feesTaxablePaise, config.gstFeesBps);

  const partial = {
    itemsPaise,
    fees: { packagingPaise, deliveryPaise, surgePaise: surge, platformPaise },
    taxes: { gstFoodPaise, gstFeesPaise },
    discountPaise,
    tipPaise: input.tipPaise,
  };
  const totalPaise = amountsTotal(partial);
  assertPaise(totalPaise, "total");
  return {
    ok: true,
    lines: drafts.map((d) => d.line),
    amounts: { ...partial, totalPaise },
    discount,
    gst: { food, feesTaxablePaise },
    stockDecrements,
  };
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CouponRule } from "./coupons";
import { DEFAULT_PRICING_CONFIG, amountsTotal, priceCart, pricingErrorCode, toAmountColumns } from "./pricing";
import type { CartLine, PricingInput, PricingMenuItem } from "./pricing";

const biryani: PricingMenuItem = {
  id: "itm_biryani",
  restaurantId: "rst_1",
  name: "Chicken Biryani",
  pricePaise: 25_000,
  gstRateBps: 500,
  isVeg: false,
  isAvailable: true,
  stock: 5,
  variants: [
    { id: "var_half", name: "Half", pricePaise: 18_000, isDefault: false, isAvailable: true },
    { id: "var_full", name: "Full", pricePaise: 30_000, isDefault: true, isAvailable: true },
    { id: "var_family", name: "Family", pricePaise: 60_000, isDefault: false, isAvailable: false },
  ],
  addonGroups: [
    {
      id: "grp_extras",
      name: "Extras",
      minSelect: 0,
      maxSelect: 2,
      options: [
        { id: "add_raita", name: "Raita", pricePaise: 3_000, isVeg: true, isAvailable: true },
        { id: "add_egg", name: "Egg", pricePaise: 2_000, isVeg: false, isAvailable: true },
        { id: "add_leg", name: "Extra leg", pricePaise: 9_000, isVeg: false, isAvailable: false },
      ],
    },
  ],
};
const paneer: PricingMenuItem = {
  id: "itm_paneer",
  restaurantId: "rst_1",
  name: "Paneer Tikka",
  pricePaise: 22_000,
  gstRateBps: 500,
  isVeg: true,
  isAvailable: true,
  stock: null,
  variants: null,
  addonGroups: [
    {
      id: "grp_bread",
      name: "Choose a bread",
      minSelect: 1,
      maxSelect: 1,
      options: [
        { id: "add_naan", name: "Naan", pricePaise: 4_000, isVeg: true, isAvailable: true },
        { id: "add_roti", name: "Roti", pricePaise: 2_000, isVeg: true, isAvailable: true },
      ],
    },
  ],
};
const soda: PricingMenuItem = { id: "itm_soda", restaurantId: "rst_1", name: "Soda", pricePaise: 4_000, gstRateBps: 1_200, isVeg: true, isAvailable: true, stock: null, variants: null, addonGroups: null };
const sold: PricingMenuItem = { ...soda, id: "itm_sold", name: "Kulfi", isAvailable: false };
const foreign: PricingMenuItem = { ...soda, id: "itm_other", restaurantId: "rst_2" };

const coupon: CouponRule = {
  id: "cpn_1",
  code: "WELCOME50",
  kind: "percent",
  value: 5_000,
  minOrderPaise: 0,
  maxDiscountPaise: 10_000,
  validFrom: "2026-01-01T00:00:00Z",
  validUntil: "2027-01-01T00:00:00Z",
  globalLimit: null,
  usedCount: 0,
  perUserLimit: 1,
  firstOrderOnly: false,
  restaurantId: null,
  fundedBy: "platform",
  isActive: true,
};
const now = new Date("2026-11-26T12:00:00Z");

const base = (over: Partial<PricingInput> = {}): PricingInput => ({
  restaurant: { id: "rst_1", minOrderPaise: 10_000, packagingFeePaise: 2_000 },
  menu: [biryani, paneer, soda, sold, foreign],
  cart: [{ itemId: "itm_biryani", variantId: "var_full", addonIds: ["add_raita"], quantity: 2 }],
  distanceM: 2_700,
  surgeMultiplierBps: 10_000,
  coupon: null,
  tipPaise: 2_000,
  ...over,
});

describe("priceCart", () => {
  it("prices a line from the menu and builds the totals", () => {
    const r = priceCart(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.lines).toEqual([
      {
        itemId: "itm_biryani",
        variantId: "var_full",
        name: "Chicken Biryani",
        variantName: "Full",
        isVeg: false,
        quantity: 2,
        unitPaise: 33_000,
        addons: [{ id: "add_raita", name: "Raita", pricePaise: 3_000 }],
        notes: null,
        totalPaise: 66_000,
      },
    ]);
    // items 660.00; packaging 20.00 (taxed as food); delivery 35.00 (2.7 km band); platform 10.00;
    // GST food 5 % of 680.00 = 34.00; GST fees 18 % of 45.00 = 8.10; tip 20.00.
    expect(r.amounts).toEqual({
      itemsPaise: 66_000,
      fees: { packagingPaise: 2_000, deliveryPaise: 3_500, surgePaise: 0, platformPaise: 1_000 },
      taxes: { gstFoodPaise: 3_400, gstFeesPaise: 810 },
      discountPaise: 0,
      tipPaise: 2_000,
      totalPaise: 78_710,
    });
    expect(r.stockDecrements).toEqual([{ itemId: "itm_biryani", quantity: 2 }]);
    expect(toAmountColumns(r.amounts)).toMatchObject({ item_total_paise: 66_000, gst_fees_paise: 810, total_paise: 78_710 });
  });

  it("applies surge, coupon (before GST on food) and per-item packaging", () => {
    const r = priceCart(
      base({ surgeMultiplierBps: 15_000, coupon: { rule: coupon, context: { userOrderCount: 3, userRedemptions: 0, now } } }),
      { ...DEFAULT_PRICING_CONFIG, packagingMode: "per_item" },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.amounts.fees).toEqual({ packagingPaise: 4_000, deliveryPaise: 3_500, surgePaise: 1_750, platformPaise: 1_000 });
    expect(r.amounts.discountPaise).toBe(10_000);
    expect(r.discount).toEqual({ couponId: "cpn_1", couponCode: "WELCOME50", amountPaise: 10_000, fundedBy: "platform" });
    // Food taxable = 660 − 100 + 40 packaging = 600 → 30.00; fees taxable 62.50 → 11.25.
    expect(r.amounts.taxes).toEqual({ gstFoodPaise: 3_000, gstFeesPaise: 1_125 });
    expect(r.amounts.totalPaise).toBe(amountsTotal(r.amounts));
  });

  it("taxes packaging with the fees when configured", () => {
    const r = priceCart(base(), { ...DEFAULT_PRICING_CONFIG, packagingTaxedAs: "fees" });
    expect(r.ok && r.amounts.taxes).toEqual({ gstFoodPaise: 3_300, gstFeesPaise: 1_170 });
  });

  it("groups food GST by item rate", () => {
    const r = priceCart(base({ cart: [{ itemId: "itm_soda", quantity: 3 }, { itemId: "itm_paneer", addonIds: ["add_roti"], quantity: 1 }] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.gst.food).toEqual([
      { rateBps: 500, taxablePaise: 26_000, gstPaise: 1_300 }, // paneer 240 + packaging 20
      { rateBps: 1_200, taxablePaise: 12_000, gstPaise: 1_440 },
    ]);
    expect(r.lines[1]?.isVeg).toBe(true);
    expect(r.stockDecrements).toEqual([]); // unlimited stock
  });

  it("names every bad line", () => {
    const cart: CartLine[] = [
      { itemId: "itm_nope", quantity: 1 },
      { itemId: "itm_sold", quantity: 1 },
      { itemId: "itm_biryani", quantity: 1 }, // variant required
      { itemId: "itm_biryani", variantId: "var_xl", quantity: 1 },
      { itemId: "itm_biryani", variantId: "var_family", quantity: 1 },
      { itemId: "itm_soda", variantId: "var_full", quantity: 1 },
      { itemId: "itm_biryani", variantId: "var_half", addonIds: ["add_naan"], quantity: 1 },
      { itemId: "itm_biryani", variantId: "var_half", addonIds: ["add_leg"], quantity: 1 },
      { itemId: "itm_biryani", variantId: "var_half", addonIds: ["add_raita", "add_raita"], quantity: 1 },
      { itemId: "itm_paneer", quantity: 1 }, // bread required
      { itemId: "itm_paneer", addonIds: ["add_naan", "add_roti"], quantity: 1 },
      { itemId: "itm_soda", quantity: 21 },
      { itemId: "itm_other", quantity: 1 }, // another restaurant's item
    ];
    const r = priceCart(base({ cart }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("item_unavailable");
    const kinds = r.issues.map((i) => ("lineIndex" in i ? `${i.lineIndex}:${i.kind}` : i.kind));
    expect(kinds).toEqual([
      "0:unknown_item",
      "1:item_unavailable",
      "2:variant_required",
      "3:invalid_variant",
      "4:variant_unavailable",
      "5:invalid_variant",
      "6:invalid_addon",
      "7:addon_unavailable",
      "8:invalid_addon",
      "9:addon_selection",
      "10:addon_selection",
      "11:invalid_quantity",
      "12:unknown_item",
      "out_of_stock", // biryani: 6 units across lines 2–8 > stock 5
    ]);
  });

  it("reports stock, minimum order, distance, tip and coupon problems", () => {
    const stock = priceCart(base({ cart: [{ itemId: "itm_biryani", variantId: "var_half", quantity: 3 }, { itemId: "itm_biryani", variantId: "var_full", quantity: 3 }] }));
    expect(stock).toMatchObject({ ok: false, code: "item_unavailable", issues: [{ kind: "out_of_stock", requested: 6, available: 5 }] });
    const min = priceCart(base({ cart: [{ itemId: "itm_soda", quantity: 1 }] }));
    expect(min).toMatchObject({ ok: false, code: "unprocessable", issues: [{ kind: "min_order_not_met", shortByPaise: 6_000 }] });
    expect(priceCart(base({ distanceM: 9_000 }))).toMatchObject({ ok: false, code: "not_serviceable" });
    expect(priceCart(base({ tipPaise: 100_001 }))).toMatchObject({ ok: false, code: "unprocessable", issues: [{ kind: "invalid_tip" }] });
    const expired = priceCart(base({ coupon: { rule: { ...coupon, validUntil: "2026-02-01T00:00:00Z" }, context: { userOrderCount: 0, userRedemptions: 0, now } } }));
    expect(expired).toMatchObject({ ok: false, code: "coupon_invalid", issues: [{ kind: "coupon_invalid", code: "WELCOME50", reason: "expired" }] });
    expect(priceCart(base({ cart: Array.from({ length: 51 }, () => ({ itemId: "itm_soda", quantity: 1 })) }))).toMatchObject({ ok: false });
  });

  it("ignores any price a client sneaks into the cart", () => {
    const sneaky = { itemId: "itm_soda", quantity: 3, pricePaise: 1, totalPaise: 1 } as CartLine;
    const r = priceCart(base({ cart: [sneaky] }));
    expect(r.ok && r.lines[0]?.totalPaise).toBe(12_000);
  });

  it("maps issues to ApiError codes", () => {
    expect(pricingErrorCode({ kind: "addon_selection", lineIndex: 0, itemId: "i", groupId: "g", min: 1, max: 1, selected: 0 })).toBe("unprocessable");
    expect(pricingErrorCode({ kind: "variant_unavailable", lineIndex: 0, itemId: "i", variantId: "v" })).toBe("item_unavailable");
  });

  it("lines always sum to the items total and the parts to the total (property)", () => {
    const item = fc.record({
      price: fc.integer({ min: 0, max: 200_000 }),
      rate: fc.constantFrom(0, 500, 1_200, 1_800),
      variants: fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 3 }),
      addons: fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ pick: fc.nat(), variant: fc.nat(), addonMask: fc.nat(15), qty: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 8 }),
        fc.record({
          packaging: fc.integer({ min: 0, max: 5_000 }),
          perItem: fc.boolean(),
          pkgAs: fc.constantFrom("food" as const, "fees" as const),
          distance: fc.integer({ min: 0, max: 8_000 }),
          surge: fc.integer({ min: 10_000, max: 30_000 }),
          tip: fc.integer({ min: 0, max: 100_000 }),
          coupon: fc.option(fc.record({ kind: fc.constantFrom("percent" as const, "flat" as const), value: fc.integer({ min: 1, max: 10_000 }), cap: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: null }) }), { nil: null }),
        }),
        (items, picks, o) => {
          const menu: PricingMenuItem[] = items.map((it, i) => ({
            id: `itm_${i}`,
            restaurantId: "rst_1",
            name: `Item ${i}`,
            pricePaise: it.price,
            gstRateBps: it.rate,
            isVeg: true,
            isAvailable: true,
            stock: null,
            variants: it.variants.map((p, v) => ({ id: `v_${v}`, name: `V${v}`, pricePaise: p, isDefault: v === 0, isAvailable: true })),
            addonGroups:
              it.addons.length === 0
                ? null
                : [{ id: "g", name: "Extras", minSelect: 0, maxSelect: it.addons.length, options: it.addons.map((p, a) => ({ id: `a_${a}`, name: `A${a}`, pricePaise: p, isVeg: true, isAvailable: true })) }],
          }));
          const cart: CartLine[] = picks.map((p) => {
            const idx = p.pick % items.length;
            const it = items[idx]!;
            return {
              itemId: `itm_${idx}`,
              variantId: it.variants.length > 0 ? `v_${p.variant % it.variants.length}` : null,
              addonIds: it.addons.map((_, a) => `a_${a}`).filter((_, a) => (p.addonMask >> a) & 1),
              quantity: p.qty,
            };
          });
          const r = priceCart(
            {
              restaurant: { id: "rst_1", minOrderPaise: 0, packagingFeePaise: o.packaging },
              menu,
              cart,
              distanceM: o.distance,
              surgeMultiplierBps: o.surge,
              coupon: o.coupon ? { rule: { ...coupon, kind: o.coupon.kind, value: o.coupon.value, maxDiscountPaise: o.coupon.cap }, context: { userOrderCount: 0, userRedemptions: 0, now } } : null,
              tipPaise: o.tip,
            },
            { ...DEFAULT_PRICING_CONFIG, packagingMode: o.perItem ? "per_item" : "per_order", packagingTaxedAs: o.pkgAs },
          );
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          const a = r.amounts;
          expect(r.lines.reduce((s, l) => s + l.totalPaise, 0)).toBe(a.itemsPaise);
          r.lines.forEach((l) => expect(l.totalPaise).toBe(l.unitPaise * l.quantity));
          // The identity written out here (not via amountsTotal) so a bug in either side shows.
          const f = a.fees;
          expect(a.totalPaise).toBe(a.itemsPaise + f.packagingPaise + f.deliveryPaise + f.surgePaise + f.platformPaise + a.taxes.gstFoodPaise + a.taxes.gstFeesPaise + a.tipPaise - a.discountPaise);
          expect(amountsTotal(a)).toBe(a.totalPaise);
          expect(a.discountPaise).toBeLessThanOrEqual(a.itemsPaise);
          expect(r.gst.food.reduce((s, f) => s + f.gstPaise, 0)).toBe(a.taxes.gstFoodPaise);
          for (const v of [a.itemsPaise, a.fees.packagingPaise, a.fees.deliveryPaise, a.fees.surgePaise, a.fees.platformPaise, a.taxes.gstFoodPaise, a.taxes.gstFeesPaise, a.discountPaise, a.tipPaise, a.totalPaise]) {
            expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
          }
          // Food GST is each group's rate on its taxable value, within half a paisa per group.
          const taxable = r.gst.food.reduce((s, f) => s + f.taxablePaise, 0);
          const pkgFood = o.pkgAs === "food" ? a.fees.packagingPaise : 0;
          expect(taxable).toBe(a.itemsPaise - a.discountPaise + pkgFood);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PDFDocument } from "pdf-lib";
import { percentOfBps } from "@chizze/core";
import type { Row } from "@chizze/schema";
import { InvoiceDocumentDoc } from "@chizze/schema/tables/invoices";
import { buildInvoiceDocument, packagingSection } from "./document";
import { renderInvoicePdf, rupees } from "./pdf";

type OrderRow = Row<"orders">;

function order(a: { items: number; packaging: number; delivery: number; surge: number; platform: number; discount: number; tip: number; packagingAs: "food" | "fees"; state?: string }): OrderRow {
  const foodBase = a.items - a.discount + (a.packagingAs === "food" ? a.packaging : 0);
  const feesBase = a.delivery + a.surge + a.platform + (a.packagingAs === "fees" ? a.packaging : 0);
  const gstFood = percentOfBps(foodBase, 500);
  const gstFees = percentOfBps(feesBase, 1800);
  return {
    $id: "ord_1",
    order_number: "CHZ-260331-0001",
    customer_id: "usr_1",
    restaurant_id: "rst_1",
    restaurant_owner_id: "usr_own",
    restaurant_name: "Meghana Foods",
    items: JSON.stringify([{ itemId: "itm_1", variantId: null, name: "Chicken Biryani", variantName: "Full", isVeg: false, quantity: 1, unitPaise: a.items, addons: [], notes: null, totalPaise: a.items }]),
    item_total_paise: a.items,
    packaging_paise: a.packaging,
    delivery_fee_paise: a.delivery,
    surge_paise: a.surge,
    platform_fee_paise: a.platform,
    gst_food_paise: gstFood,
    gst_fees_paise: gstFees,
    discount_paise: a.discount,
    tip_paise: a.tip,
    total_paise: a.items + a.packaging + a.delivery + a.surge + a.platform + gstFood + gstFees + a.tip - a.discount,
    coupon_code: a.discount ? "WELCOME50" : null,
    delivery_address: JSON.stringify({ addressId: null, label: "home", line1: "Flat 4B", line2: null, landmark: null, locality: "HSR Layout", city: "Bengaluru", state: a.state ?? "Karnataka", pincode: "560102", lat: 12.9, lng: 77.6, contactName: "Asha", contactPhone: null }),
    delivered_at: "2026-03-31T17:00:00.000Z",
  } as OrderRow;
}

const operator = { name: "Chizze", address: "HSR Layout, Bengaluru", gstin: "29AAACC1234D1Z5" };
const build = (o: OrderRow) => buildInvoiceDocument({ order: o, restaurant: null, operator, customerName: null, number: "CHZ2526/00000001", financialYear: "2025-26", date: o.delivered_at! });

describe("invoice document", () => {
  it("adds up to the order's total to the paisa for any amounts, packaging on either side", () => {
    fc.assert(
      fc.property(
        fc.record({
          items: fc.integer({ min: 100, max: 5_000_000 }),
          packaging: fc.integer({ min: 0, max: 10_000 }),
          delivery: fc.integer({ min: 0, max: 20_000 }),
          surge: fc.integer({ min: 0, max: 5_000 }),
          platform: fc.integer({ min: 0, max: 2_000 }),
          discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
          tip: fc.integer({ min: 0, max: 50_000 }),
          packagingAs: fc.constantFrom("food" as const, "fees" as const),
        }),
        (a) => {
          const o = order({ ...a, discount: Math.floor(a.items * a.discountShare) });
          const doc = build(o);
          expect(InvoiceDocumentDoc.safeParse(doc).success).toBe(true);
          const t = doc.totals;
          expect(t.foodTaxablePaise + t.gstFoodPaise + t.feesTaxablePaise + t.gstFeesPaise + t.tipPaise).toBe(o.total_paise);
          expect(doc.lines.reduce((s, l) => s + l.amountPaise, 0) + t.gstFoodPaise + t.gstFeesPaise).toBe(o.total_paise);
          expect(doc.taxes.filter((x) => x.section === "food").reduce((s, x) => s + x.amountPaise, 0)).toBe(o.gst_food_paise);
          expect(doc.taxes.filter((x) => x.section === "fees").reduce((s, x) => s + x.amountPaise, 0)).toBe(o.gst_fees_paise);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("puts packaging where the stored GST says it was taxed, and splits intra-state GST into CGST + SGST", () => {
    const fees = order({ items: 60_000, packaging: 2_000, delivery: 3_000, surge: 0, platform: 500, discount: 0, tip: 0, packagingAs: "fees" });
    expect(packagingSection(fees)).toBe("fees");
    const food = order({ items: 60_000, packaging: 2_000, delivery: 3_000, surge: 0, platform: 500, discount: 0, tip: 0, packagingAs: "food" });
    expect(packagingSection(food)).toBe("food");
    const doc = build(fees);
    expect(doc.totals).toMatchObject({ foodTaxablePaise: 60_000, gstFoodPaise: 3_000, feesTaxablePaise: 5_500, gstFeesPaise: 990 });
    expect(doc.interState).toBe(false);
    expect(doc.taxes).toEqual([
      { section: "food", kind: "CGST", rateBps: 250, amountPaise: 1_500 },
      { section: "food", kind: "SGST", rateBps: 250, amountPaise: 1_500 },
      { section: "fees", kind: "CGST", rateBps: 900, amountPaise: 495 },
      { section: "fees", kind: "SGST", rateBps: 900, amountPaise: 495 },
    ]);
    expect(doc.placeOfSupply).toEqual({ stateCode: "29", stateName: "Karnataka" });
  });

  it("charges IGST when the place of supply is another state than the supplier's", () => {
    const doc = build(order({ items: 10_000, packaging: 0, delivery: 2_000, surge: 0, platform: 500, discount: 0, tip: 0, packagingAs: "food", state: "Tamil Nadu" }));
    expect(doc.interState).toBe(true);
    expect(doc.taxes.map((t) => t.kind)).toEqual(["IGST", "IGST"]);
  });

  it("refuses an order whose stored amounts do not add up", () => {
    const o = { ...order({ items: 10_000, packaging: 0, delivery: 0, surge: 0, platform: 0, discount: 0, tip: 0, packagingAs: "food" }), total_paise: 1 };
    expect(() => build(o)).toThrow(/add up/);
  });
});

describe("invoice PDF", () => {
  it("renders a readable PDF, the same bytes every time, even with characters Helvetica lacks", async () => {
    const o = order({ items: 60_000, packaging: 2_000, delivery: 3_000, surge: 500, platform: 500, discount: 5_000, tip: 2_000, packagingAs: "fees" });
    const doc = { ...build(o), restaurant: { name: "मेघना Foods ₹", address: null, gstin: null, stateCode: null } };
    const a = await renderInvoicePdf(doc);
    const b = await renderInvoicePdf(doc);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a.slice(0, 5)).toString()).toBe("%PDF-");
    const loaded = await PDFDocument.load(a);
    expect(loaded.getTitle()).toBe("Tax invoice CHZ2526/00000001");
    expect(loaded.getPageCount()).toBeGreaterThanOrEqual(1);
  });
  it("formats rupees with Indian grouping", () => {
    expect(rupees(12_345_678)).toBe("Rs. 1,23,456.78");
    expect(rupees(-5_000)).toBe("-Rs. 50.00");
    expect(rupees(5)).toBe("Rs. 0.05");
  });
});

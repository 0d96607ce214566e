// The tax invoice of a delivered order, as data (InvoiceDocumentDoc), from the amounts the order already stores:
// nothing is re-priced, so the invoice's total is the order's total to the paisa.
//
// Chizze is the electronic commerce operator (ECO) that pays GST on restaurant services supplied through it
// (CGST Act s.9(5), notification 17/2021-CT(Rate)): food and, with it, packaging are restaurant service at 5 %; the
// delivery, surge and platform fees are Chizze's own services at 18 %. One document carries both sections, each with
// its own taxable value and tax lines. The tip is passed to the partner: not a supply, no GST, shown apart.
//
// Which side packaging sits on was decided when the order was priced (core PricingConfig.packagingTaxedAs) and is
// not stored with the order; the stored GST tells it: when 18 % of (delivery + surge + platform + packaging) is the
// order's fee GST and 18 % without packaging is not, packaging was taxed as a fee.
import { allocate, percentOfBps, DEFAULT_PRICING_CONFIG } from "@chizze/core";
import { AddressSnapshotDoc, PricedLinesDoc, type Row } from "@chizze/schema";
import type { InvoiceDocument } from "@chizze/schema/tables/invoices";
import { readDoc } from "../json-doc";
import { gstStateCode } from "./state-codes";

type OrderRow = Row<"orders">;
type RestaurantRow = Row<"restaurants">;

/** SAC codes printed per line: restaurant service, local delivery, other support services (platform fee). */
export const SAC = { food: "996331", delivery: "996813", platform: "998599" } as const;
const FOOD_BPS = DEFAULT_PRICING_CONFIG.gstFoodBps;
const FEES_BPS = DEFAULT_PRICING_CONFIG.gstFeesBps;

/** Chizze's own details, from the function's variables (invoices/config.ts). */
export interface OperatorDetails {
  name: string;
  address: string | null;
  gstin: string | null;
}

export interface InvoiceFacts {
  order: OrderRow;
  /** Null when the restaurant row is gone: the order's snapshot of its name is used. */
  restaurant: RestaurantRow | null;
  operator: OperatorDetails;
  customerName: string | null;
  number: string;
  financialYear: string;
  /** Time of supply: when the order was delivered. */
  date: string;
}

type Line = InvoiceDocument["lines"][number];

/** Packaging taxed with the fees (18 %) or with the food (5 %), as the stored GST shows (see the file comment). */
export function packagingSection(order: Pick<OrderRow, "packaging_paise" | "delivery_fee_paise" | "surge_paise" | "platform_fee_paise" | "gst_fees_paise">): "food" | "fees" {
  if (order.packaging_paise === 0) return DEFAULT_PRICING_CONFIG.packagingTaxedAs;
  const base = order.delivery_fee_paise + order.surge_paise + order.platform_fee_paise;
  const withPackaging = percentOfBps(base + order.packaging_paise, FEES_BPS) === order.gst_fees_paise;
  const without = percentOfBps(base, FEES_BPS) === order.gst_fees_paise;
  if (withPackaging && !without) return "fees";
  if (without && !withPackaging) return "food";
  return DEFAULT_PRICING_CONFIG.packagingTaxedAs;
}

const oneLine = (...parts: (string | null | undefined)[]): string =>
  parts
    .filter((p): p is string => !!p && p.trim() !== "")
    .join(", ")
    .slice(0, 600);

function taxLines(section: "food" | "fees", rateBps: number, amountPaise: number, interState: boolean): InvoiceDocument["taxes"] {
  if (interState) return [{ section, kind: "IGST", rateBps, amountPaise }];
  // CGST and SGST are half each; an odd paisa goes to CGST (allocate sums exactly).
  const [cgst = 0, sgst = 0] = amountPaise > 0 ? allocate(amountPaise, [1, 1]) : [0, 0];
  return [
    { section, kind: "CGST", rateBps: rateBps / 2, amountPaise: cgst },
    { section, kind: "SGST", rateBps: rateBps / 2, amountPaise: sgst },
  ];
}

/**
 * The invoice document. Throws when the order's stored amounts do not add up to its total (a corrupt row must not
 * become a tax invoice).
 */
export function buildInvoiceDocument(f: InvoiceFacts): InvoiceDocument {
  const o = f.order;
  const address = readDoc(AddressSnapshotDoc, o.delivery_address);
  const items = readDoc(PricedLinesDoc, o.items);
  const packaging = packagingSection(o);

  const lines: Line[] = items.map((l) => ({
    section: "food",
    description: [l.name, l.variantName ? `(${l.variantName})` : null, l.addons.length ? `+ ${l.addons.map((a) => a.name).join(", ")}` : null].filter(Boolean).join(" ").slice(0, 300),
    sac: SAC.food,
    quantity: l.quantity,
    unitPaise: l.unitPaise,
    amountPaise: l.totalPaise,
  }));
  const fee = (section: Line["section"], description: string, sac: string | null, amountPaise: number) => {
    if (amountPaise > 0) lines.push({ section, description, sac, quantity: null, unitPaise: null, amountPaise });
  };
  if (o.discount_paise > 0) lines.push({ section: "food", description: o.coupon_code ? `Discount (coupon ${o.coupon_code})` : "Discount", sac: null, quantity: null, unitPaise: null, amountPaise: -o.discount_paise });
  fee(packaging, "Packaging", packaging === "food" ? SAC.food : SAC.delivery, o.packaging_paise);
  fee("fees", "Delivery fee", SAC.delivery, o.delivery_fee_paise);
  fee("fees", "Surge (peak-time delivery)", SAC.delivery, o.surge_paise);
  fee("fees", "Platform fee", SAC.platform, o.platform_fee_paise);
  fee("other", "Tip for the delivery partner (not a supply; no GST)", null, o.tip_paise);

  const sum = (section: Line["section"]) => lines.filter((l) => l.section === section).reduce((s, l) => s + l.amountPaise, 0);
  const totals = {
    foodTaxablePaise: sum("food"),
    gstFoodPaise: o.gst_food_paise,
    feesTaxablePaise: sum("fees"),
    gstFeesPaise: o.gst_fees_paise,
    tipPaise: sum("other"),
    totalPaise: o.total_paise,
  };
  const computed = totals.foodTaxablePaise + totals.gstFoodPaise + totals.feesTaxablePaise + totals.gstFeesPaise + totals.tipPaise;
  if (computed !== o.total_paise) throw new Error(`order ${o.$id}: amounts add up to ${computed} paise, total is ${o.total_paise}`);

  const restaurantGstin = f.restaurant?.gstin ?? null;
  const supplierState = restaurantGstin?.slice(0, 2) ?? f.operator.gstin?.slice(0, 2) ?? null;
  const posCode = gstStateCode(address.state);
  // Local food delivery is intra-state; a delivery across a state border (a restaurant near one) is IGST.
  const interState = posCode !== null && supplierState !== null && posCode !== supplierState;

  return {
    number: f.number,
    financialYear: f.financialYear,
    date: f.date,
    orderNumber: o.order_number,
    operator: { name: f.operator.name, address: f.operator.address, gstin: f.operator.gstin, stateCode: f.operator.gstin?.slice(0, 2) ?? null },
    restaurant: {
      name: f.restaurant?.name ?? o.restaurant_name,
      address: f.restaurant ? oneLine(f.restaurant.address, f.restaurant.locality, f.restaurant.city, f.restaurant.pincode) : null,
      gstin: restaurantGstin,
      stateCode: restaurantGstin?.slice(0, 2) ?? null,
    },
    customer: { name: f.customerName ?? address.contactName, address: oneLine(address.line1, address.line2, address.landmark, address.locality, address.city, address.state, address.pincode) },
    placeOfSupply: { stateCode: posCode, stateName: address.state },
    interState,
    lines,
    taxes: [...taxLines("food", FOOD_BPS, o.gst_food_paise, interState), ...taxLines("fees", FEES_BPS, o.gst_fees_paise, interState)],
    totals,
  };
}

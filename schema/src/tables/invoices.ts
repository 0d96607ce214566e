// Read by: the customer (row permission; the PDF in the `invoices` bucket carries the same grant) and admins.
// invoice_number comes from the `counters` row of the financial year inside the same transaction, so numbers
// are gapless and unique per year, as GST rules require (≤16 chars).
import { z } from "zod";
import { ADMIN_READ } from "../access";
import { FINANCIAL_YEAR_PATTERN, GSTIN_PATTERN } from "../documents";
import { datetime, defineTable, id, idx, integer, json, paise, string } from "../dsl";

const Paise = z.number().int();
const Party = z.object({ name: z.string().max(200), address: z.string().max(600).nullable(), gstin: z.string().regex(GSTIN_PATTERN).nullable(), stateCode: z.string().regex(/^\d{2}$/).nullable() });

/**
 * The invoice as issued, frozen on the row (a tax invoice never changes once issued): the PDF is rendered from it and
 * GET /orders/{id}/invoice answers from it, so neither depends on the order, restaurant or config staying the same.
 * Line amounts are paise; `amountPaise` of a discount line is negative.
 */
export const InvoiceDocumentDoc = z.object({
  number: z.string().max(16),
  financialYear: z.string().regex(FINANCIAL_YEAR_PATTERN),
  date: z.string(),
  orderNumber: z.string().max(20),
  /** Chizze, the electronic commerce operator that pays GST on restaurant services (CGST Act s.9(5)). */
  operator: Party,
  /** The restaurant that cooked the food. */
  restaurant: Party,
  customer: z.object({ name: z.string().max(200).nullable(), address: z.string().max(600) }),
  placeOfSupply: z.object({ stateCode: z.string().regex(/^\d{2}$/).nullable(), stateName: z.string().max(80).nullable() }),
  interState: z.boolean(),
  lines: z
    .array(
      z.object({
        section: z.enum(["food", "fees", "other"]),
        description: z.string().max(300),
        sac: z.string().max(8).nullable(),
        quantity: z.number().int().positive().nullable(),
        unitPaise: Paise.nullable(),
        amountPaise: Paise,
      }),
    )
    .max(120),
  taxes: z.array(z.object({ section: z.enum(["food", "fees"]), kind: z.enum(["CGST", "SGST", "IGST"]), rateBps: z.number().int().nonnegative(), amountPaise: Paise })).max(6),
  totals: z.object({
    foodTaxablePaise: Paise,
    gstFoodPaise: Paise,
    feesTaxablePaise: Paise,
    gstFeesPaise: Paise,
    tipPaise: Paise,
    totalPaise: Paise,
  }),
});
export type InvoiceDocument = z.infer<typeof InvoiceDocumentDoc>;

export const invoices = defineTable({
  id: "invoices",
  name: "Invoices",
  description: "GST tax invoices per delivered order.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    order_id: id({ required: true }),
    customer_id: id({ required: true }),
    restaurant_id: id({ required: true }),
    invoice_number: string(16, { required: true, pattern: /^[A-Z0-9/-]{1,16}$/ }),
    financial_year: string(7, { required: true, pattern: FINANCIAL_YEAR_PATTERN }),
    seq: integer({ required: true, min: 1 }),
    supplier_gstin: string(15, { pattern: GSTIN_PATTERN }),
    place_of_supply: string(2, { pattern: /^\d{2}$/, description: "GST state code" }),
    food_taxable_paise: paise({ required: true }),
    gst_food_paise: paise({ required: true }),
    fees_taxable_paise: paise({ required: true }),
    gst_fees_paise: paise({ required: true }),
    total_paise: paise({ required: true }),
    file_id: id({ description: "PDF in the invoices bucket" }),
    document: json(30_000, { required: true, shape: InvoiceDocumentDoc, description: "The invoice as issued (InvoiceDocumentDoc); the PDF is rendered from it" }),
    issued_at: datetime({ required: true }),
  },
  indexes: [
    idx.unique("uniq_order", ["order_id"]),
    idx.unique("uniq_invoice_number", ["invoice_number"]),
    idx.unique("uniq_year_seq", ["financial_year", "seq"]),
    idx.key("idx_customer", ["customer_id"]),
  ],
});

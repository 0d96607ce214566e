// Read by: the customer (row permission; the PDF in the `invoices` bucket carries the same grant) and admins.
// invoice_number comes from the `counters` row of the financial year inside the same transaction, so numbers
// are gapless and unique per year, as GST rules require (≤16 chars).
import { ADMIN_READ } from "../access";
import { FINANCIAL_YEAR_PATTERN, GSTIN_PATTERN } from "../documents";
import { datetime, defineTable, id, idx, integer, paise, string } from "../dsl";

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
    issued_at: datetime({ required: true }),
  },
  indexes: [
    idx.unique("uniq_order", ["order_id"]),
    idx.unique("uniq_invoice_number", ["invoice_number"]),
    idx.unique("uniq_year_seq", ["financial_year", "seq"]),
    idx.key("idx_customer", ["customer_id"]),
  ],
});

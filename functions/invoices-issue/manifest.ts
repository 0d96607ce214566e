import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "invoices-issue",
  name: "Issue the GST invoice (row + PDF) of a delivered order, numbered without gaps per financial year",
  trigger: "event",
  // Every order update arrives; anything not delivered is answered from the payload without a read.
  events: ["databases.chizze.tables.orders.rows.*.update"],
  // Numbering retries under a burst of deliveries (one counter row per year), then a PDF render and upload.
  timeout: 60,
  scopes: [...ROW_SCOPES, "files.read", "files.write"],
  variables: [...PLATFORM_VARIABLES, "INVOICE_OPERATOR_NAME", "INVOICE_OPERATOR_GSTIN", "INVOICE_OPERATOR_ADDRESS", "INVOICES_FAULT"],
});

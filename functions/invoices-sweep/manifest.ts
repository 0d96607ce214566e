import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "invoices-sweep",
  name: "Issue invoices (or their PDFs) that a lost event or a crashed issuer left undone",
  trigger: "schedule",
  // Hourly, off the top of the hour when other jobs start.
  schedule: "41 * * * *",
  timeout: 600,
  scopes: [...ROW_SCOPES, "files.read", "files.write"],
  variables: [...PLATFORM_VARIABLES, "INVOICE_OPERATOR_NAME", "INVOICE_OPERATOR_GSTIN", "INVOICE_OPERATOR_ADDRESS", "INVOICE_SWEEP_HOURS"],
});

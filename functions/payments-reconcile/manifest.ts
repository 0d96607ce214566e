import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "payments-reconcile",
  name: "Reconcile payments with Razorpay (missed webhooks, expiries, late captures, pending refunds)",
  trigger: "schedule",
  schedule: "*/5 * * * *",
  // The verb stops starting new work after 240 s.
  timeout: 300,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

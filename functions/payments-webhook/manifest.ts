import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "payments-webhook",
  name: "Razorpay webhook",
  trigger: "http",
  // Razorpay waits 5 s; the verb acknowledges within its own budget and may finish applying after that.
  timeout: 15,
  scopes: [...ROW_SCOPES],
  // RAZORPAY_WEBHOOK_SECRETS: old and new secret during a rotation (wins over RAZORPAY_WEBHOOK_SECRET).
  variables: [...PLATFORM_VARIABLES, "RAZORPAY_WEBHOOK_SECRETS"],
});

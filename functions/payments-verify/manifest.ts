import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "payments-verify",
  name: "Verify a Checkout payment",
  trigger: "http",
  timeout: 15,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "admin-orders-refund",
  name: "Refund an order (admin)",
  trigger: "http",
  timeout: 15,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

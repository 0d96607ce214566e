import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "orders-cancel",
  name: "Cancel an order",
  trigger: "http",
  timeout: 15,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "delivery-picked-up",
  name: "Partner confirms the pickup with the order's code",
  trigger: "http",
  timeout: 10,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

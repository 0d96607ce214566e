import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "orders-review",
  name: "Review a delivered order",
  trigger: "http",
  timeout: 15,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "restaurant-list",
  name: "My restaurants",
  trigger: "http",
  timeout: 10,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

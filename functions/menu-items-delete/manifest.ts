import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "menu-items-delete",
  name: "Remove a menu item",
  trigger: "http",
  timeout: 10,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

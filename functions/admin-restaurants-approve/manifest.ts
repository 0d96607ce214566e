import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "admin-restaurants-approve",
  name: "Approve a restaurant",
  trigger: "http",
  timeout: 10,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

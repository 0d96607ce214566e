import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "me-update",
  name: "Update my profile",
  trigger: "http",
  timeout: 10,
  scopes: ["users.read", "users.write", ...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

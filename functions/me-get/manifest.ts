import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "me-get",
  name: "My profile",
  trigger: "http",
  timeout: 10,
  scopes: ["users.read", ...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

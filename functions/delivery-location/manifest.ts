import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "delivery-location",
  name: "Partner reports a location fix",
  trigger: "http",
  timeout: 10,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

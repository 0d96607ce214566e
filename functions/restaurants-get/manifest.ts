import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "restaurants-get",
  name: "Restaurant details",
  trigger: "http",
  timeout: 10,
  // Browse functions only read.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

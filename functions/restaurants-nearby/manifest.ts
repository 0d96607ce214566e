import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "restaurants-nearby",
  name: "Nearby restaurants",
  trigger: "http",
  timeout: 10,
  // Browse functions only read.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

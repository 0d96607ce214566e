import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "search-query",
  name: "Search restaurants and dishes",
  trigger: "http",
  timeout: 10,
  // Browse functions only read.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "restaurant-orders-list",
  name: "Restaurant order queue",
  trigger: "http",
  timeout: 10,
  // Reads orders and what they refer to; writes nothing.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

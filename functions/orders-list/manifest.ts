import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "orders-list",
  name: "List my orders",
  trigger: "http",
  timeout: 10,
  // Reads orders and what they refer to; writes nothing.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

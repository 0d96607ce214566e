import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "delivery-offers-list",
  name: "Partner's open dispatch offers",
  trigger: "http",
  timeout: 10,
  // Reads the partner row, offers, orders and restaurants only.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

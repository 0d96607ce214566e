import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "restaurant-payouts-list",
  name: "Restaurant payout report",
  trigger: "http",
  timeout: 15,
  // Reads the restaurant, its payouts and their ledger entries; writes nothing.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

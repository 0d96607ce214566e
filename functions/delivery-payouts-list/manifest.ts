import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "delivery-payouts-list",
  name: "Partner payout report",
  trigger: "http",
  timeout: 15,
  // Reads the partner row, their payouts and the ledger entries; writes nothing.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "delivery-earnings",
  name: "Partner earnings from the ledger",
  trigger: "http",
  timeout: 15,
  // Reads the partner row and the ledger only.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

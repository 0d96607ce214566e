import { defineManifest, PLATFORM_VARIABLES } from "@chizze/function-kit";

export default defineManifest({
  id: "orders-invoice",
  name: "Get the GST invoice of an order",
  trigger: "http",
  timeout: 10,
  // Reads the invoice row; the PDF is downloaded from Storage by the customer directly.
  scopes: ["rows.read"],
  variables: [...PLATFORM_VARIABLES],
});

import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "cart-quote",
  name: "Price a cart",
  trigger: "http",
  timeout: 10,
  // Reads the catalog, the caller's address and coupon history; writes the quote row.
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

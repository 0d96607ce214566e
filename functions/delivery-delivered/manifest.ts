import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "delivery-delivered",
  name: "Partner confirms the drop-off with the customer's OTP",
  trigger: "http",
  timeout: 15,
  scopes: [...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES],
});

import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "delivery-offers-reject",
  name: "Decline a dispatch offer; the order goes to the next partner",
  trigger: "http",
  timeout: 15,
  scopes: [...ROW_SCOPES, "messages.write"],
  variables: [...PLATFORM_VARIABLES, "DISPATCH_OFFER_TIMEOUT_SEC", "DISPATCH_ESCALATION_USER_IDS"],
});

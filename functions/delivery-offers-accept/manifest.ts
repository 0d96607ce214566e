import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "delivery-offers-accept",
  name: "Accept a dispatch offer (conditional assignment)",
  trigger: "http",
  timeout: 15,
  // messages.write: offers withdrawn by the accept are re-offered (and pushed) at once.
  scopes: [...ROW_SCOPES, "messages.write"],
  variables: [...PLATFORM_VARIABLES, "DISPATCH_OFFER_TIMEOUT_SEC", "DISPATCH_ESCALATION_USER_IDS"],
});

import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "dispatch-sweeper",
  name: "Expire lapsed offers, start due orders, retry and escalate matching, release cancelled ones",
  trigger: "schedule",
  schedule: "* * * * *",
  timeout: 60,
  scopes: [...ROW_SCOPES, "messages.write"],
  variables: [...PLATFORM_VARIABLES, "DISPATCH_OFFER_TIMEOUT_SEC", "DISPATCH_ESCALATION_USER_IDS"],
});

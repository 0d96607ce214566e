import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "dispatch-start",
  name: "Start matching a partner when an order is due; release dispatch when it is cancelled",
  trigger: "event",
  events: ["databases.chizze.tables.orders.rows.*.update"],
  timeout: 30,
  scopes: [...ROW_SCOPES, "messages.write"],
  variables: [...PLATFORM_VARIABLES, "DISPATCH_OFFER_TIMEOUT_SEC", "DISPATCH_ESCALATION_USER_IDS"],
});

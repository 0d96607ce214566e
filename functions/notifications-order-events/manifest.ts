import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "notifications-order-events",
  name: "Tell customer, restaurant, partner and ops about an order transition, once per recipient",
  trigger: "event",
  events: ["databases.chizze.tables.order_events.rows.*.create"],
  timeout: 30,
  // users.read: a recipient without a device or phone target is skipped instead of sent into the void.
  scopes: [...ROW_SCOPES, "messages.write", "targets.read", "users.read"],
  variables: [...PLATFORM_VARIABLES, "NOTIFY_OPS_USER_IDS"],
});

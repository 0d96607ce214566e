import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "orders-accept-deadline",
  name: "Remind restaurants, then auto-reject orders not accepted in time",
  trigger: "schedule",
  schedule: "* * * * *",
  timeout: 60,
  // targets.read, users.read: the reminder skips an owner without a device or phone target (notifications/deliver.ts).
  scopes: [...ROW_SCOPES, "messages.write", "targets.read", "users.read"],
  variables: [...PLATFORM_VARIABLES],
});

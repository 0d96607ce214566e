import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "orders-accept-deadline",
  name: "Remind restaurants, then auto-reject orders not accepted in time",
  trigger: "schedule",
  schedule: "* * * * *",
  timeout: 60,
  scopes: [...ROW_SCOPES, "messages.write"],
  variables: [...PLATFORM_VARIABLES],
});

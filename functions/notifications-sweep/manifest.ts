import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "notifications-sweep",
  name: "Finish notifications a crashed or missed run left undone",
  trigger: "schedule",
  schedule: "* * * * *",
  timeout: 120,
  scopes: [...ROW_SCOPES, "messages.write", "targets.read", "users.read"],
  variables: [...PLATFORM_VARIABLES, "NOTIFY_OPS_USER_IDS"],
});

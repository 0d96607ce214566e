import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "me-delete",
  name: "Delete my account (scheduled after a grace period; sessions end now)",
  trigger: "http",
  timeout: 15,
  // users.write: every session of the caller is deleted.
  scopes: ["users.read", "users.write", ...ROW_SCOPES],
  variables: [...PLATFORM_VARIABLES, "ACCOUNT_DELETION_GRACE_DAYS"],
});

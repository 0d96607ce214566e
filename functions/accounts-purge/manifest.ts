import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "accounts-purge",
  name: "Erase accounts whose deletion grace period has passed",
  trigger: "schedule",
  // Daily 22:15 UTC = 03:45 IST: after payouts (21:00 UTC) and archival (Sundays 21:45 UTC), in the quietest hour.
  schedule: "15 22 * * *",
  // Appwrite's maximum; a run stops starting pages PURGE_TIME_BUDGET_SEC in and the next run resumes the checkpoint.
  timeout: 900,
  // Rows of every table; users.write to block and delete the Appwrite user; files to re-render erased invoice PDFs.
  scopes: [...ROW_SCOPES, "users.read", "users.write", "files.read", "files.write"],
  variables: [...PLATFORM_VARIABLES, "PURGE_MAX_ACCOUNTS", "PURGE_TIME_BUDGET_SEC", "PURGE_FAULT"],
});

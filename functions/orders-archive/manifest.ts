import { defineManifest, PLATFORM_VARIABLES, ROW_SCOPES } from "@chizze/function-kit";

export default defineManifest({
  id: "orders-archive",
  name: "Weekly archival: orders older than 90 days to gzip JSON in Storage, then out of the hot feeds",
  trigger: "schedule",
  // Sundays 21:45 UTC = Monday 03:15 IST: the quietest hour of the week, clear of the daily payout run (21:00 UTC).
  schedule: "45 21 * * 0",
  // Appwrite's maximum. The run stops starting batches ARCHIVE_TIME_BUDGET_SEC in and continues in a new execution.
  timeout: 900,
  // Rows (orders, order_events, payments, refunds, archives, job_runs), files in the archives bucket, and one
  // async execution of itself to continue a backlog.
  scopes: [...ROW_SCOPES, "files.read", "files.write", "execution.write"],
  variables: [
    ...PLATFORM_VARIABLES,
    "ARCHIVE_AFTER_DAYS",
    "ARCHIVE_RETENTION_DAYS",
    "ARCHIVE_BATCH_SIZE",
    "ARCHIVE_MARK_CHUNK",
    "ARCHIVE_TIME_BUDGET_SEC",
    "ARCHIVE_BATCHES_PER_RUN",
    "ARCHIVE_FAULT",
  ],
});

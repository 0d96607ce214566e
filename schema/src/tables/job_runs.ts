// Read by: admins only. Scheduled functions (sweeper, archival, payouts, reconciliation) record a run per
// run_key (job + window) so an overlapping or repeated trigger resumes from `checkpoint` instead of redoing work.
import { ADMIN_READ } from "../access";
import { datetime, defineTable, desc, enumeration, idx, integer, string } from "../dsl";
import { JOB_RUN_STATUSES } from "../enums";

export const jobRuns = defineTable({
  id: "job_runs",
  name: "Job runs",
  description: "Checkpoints of scheduled jobs.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    job: string(64, { required: true }),
    run_key: string(128, { required: true, description: "job + window, e.g. archival:2025-W48" }),
    status: enumeration(JOB_RUN_STATUSES, { required: true }),
    checkpoint: string(2_000, { description: "Resume cursor (`cursor` is an SQL keyword)" }),
    processed: integer({ min: 0, default: 0 }),
    lease_until: datetime({ description: "Another runner may take over after this" }),
    started_at: datetime({ required: true }),
    finished_at: datetime(),
    error: string(1_000),
  },
  indexes: [idx.unique("uniq_run_key", ["run_key"]), idx.key("idx_job_started", ["job", desc("started_at")])],
});

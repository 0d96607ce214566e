// The job_runs lease every long scheduled job takes (payouts per IST day, archival per ISO week, account purge per
// account): one row per run key, whose `running` status with a future lease_until says another runner is at work.
// Taken inside the caller's transaction, so two runners racing both read the row, the second commit fails and,
// retried, sees the first one's lease. A runner that died keeps the lease until it expires; the next one takes over
// and says so in `error`. Each job adds its own guards and checkpoint shape around these pieces.
import { deterministicId } from "@chizze/core";
import { T, type Row } from "@chizze/schema";
import type { Tx } from "@chizze/platform/appwrite/transaction";

export type JobRunRow = Row<"job_runs">;

/** The job_runs row id of a run key (deterministic: every runner of the same window meets on one row). */
export const jobRunIdFor = (runKey: string): string => deterministicId("job", ["job_run", runKey]);

/** lease_until of a live lease on `row`, or null when nobody holds it (never taken, finished, or expired). */
export function heldUntil(row: JobRunRow | null, now: Date): string | null {
  return row?.status === "running" && row.lease_until && Date.parse(row.lease_until) > now.getTime() ? row.lease_until : null;
}

/** Stages the write that takes the lease: the row created, or taken over with a new lease and checkpoint. */
export function stageLease(
  tx: Tx,
  row: JobRunRow | null,
  lease: { id: string; job: string; runKey: string; now: Date; leaseMs: number; checkpoint: string | null; processed: number; startedAt?: string; error: string | null },
): void {
  const data = {
    job: lease.job,
    run_key: lease.runKey,
    status: "running" as const,
    checkpoint: lease.checkpoint,
    processed: lease.processed,
    lease_until: new Date(lease.now.getTime() + lease.leaseMs).toISOString(),
    started_at: lease.startedAt ?? lease.now.toISOString(),
    finished_at: null,
    error: lease.error,
  };
  if (row) tx.update(T.job_runs, lease.id, data);
  else tx.create(T.job_runs, lease.id, data);
}

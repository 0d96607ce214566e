// One archival run at a time, recorded in job_runs (run_key `archival:<ISO week>`): the row is the lease (renewed
// after every batch, so a killed run blocks the next for at most ARCHIVE_LEASE_MS) and the checkpoint operators read
// (batch in flight, totals). Correctness does not hang on it — archive rows, file ids and order versions make every
// step repeatable — but two runs at once would upload and verify the same batch twice for nothing, and a run that
// found another's half-written batch could mistake it for a crashed one.
import { T, type Row } from "@chizze/schema";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import { heldUntil, jobRunIdFor, stageLease } from "../job-lease";
import { ARCHIVAL_JOB } from "./keys";

export interface ArchivalCheckpoint {
  /** The batch being written or marked, null between batches. */
  batchKey: string | null;
  /** Batches and orders completed by the runs of this window. */
  batches: number;
  archived: number;
  purged: number;
  /** True when the last run stopped with archivable orders left. */
  more: boolean;
}

export type ArchivalLease =
  | { acquired: true; id: string; runKey: string; leaseMs: number; checkpoint: ArchivalCheckpoint }
  | { acquired: false; runKey: string; heldUntil: string };

const EMPTY: ArchivalCheckpoint = { batchKey: null, batches: 0, archived: 0, purged: 0, more: false };

function checkpointOf(row: Row<"job_runs"> | null): ArchivalCheckpoint {
  if (!row?.checkpoint) return { ...EMPTY };
  try {
    return { ...EMPTY, ...(JSON.parse(row.checkpoint) as Partial<ArchivalCheckpoint>) };
  } catch {
    return { ...EMPTY };
  }
}

/**
 * Takes the lease for `runKey` unless a live one is held. Two runners racing both read the row inside a transaction,
 * so the second commit fails and, retried, sees the first one's lease. The window's totals carry over.
 */
export async function acquireArchivalLease(deps: Deps, runKey: string, leaseMs: number): Promise<ArchivalLease> {
  const id = jobRunIdFor(runKey);
  return withTransaction(deps.tablesDB, async (tx) => {
    const now = deps.now();
    const row = await tx.get(T.job_runs, id);
    const held = heldUntil(row, now);
    if (held) return { acquired: false as const, runKey, heldUntil: held };
    const checkpoint = checkpointOf(row);
    // A run that died holding the lease leaves it "running": say so, the next batch resumes its work.
    const error = row?.status === "running" ? `took over an expired lease (${row.lease_until ?? "none"}; batch ${checkpoint.batchKey ?? "none"})` : null;
    stageLease(tx, row, { id, job: ARCHIVAL_JOB, runKey, now, leaseMs, checkpoint: JSON.stringify(checkpoint), processed: checkpoint.archived, error });
    return { acquired: true as const, id, runKey, leaseMs, checkpoint };
  });
}

/** Saves the checkpoint and extends the lease (after every step that took time). */
export async function heartbeat(deps: Deps, lease: Extract<ArchivalLease, { acquired: true }>): Promise<void> {
  await deps.db.job_runs.update(lease.id, {
    checkpoint: JSON.stringify(lease.checkpoint),
    processed: lease.checkpoint.archived,
    lease_until: new Date(deps.now().getTime() + lease.leaseMs).toISOString(),
  });
}

/** Ends the run: the lease is given back and the outcome recorded. */
export async function releaseArchivalLease(deps: Deps, lease: Extract<ArchivalLease, { acquired: true }>, error?: string): Promise<void> {
  await deps.db.job_runs.update(lease.id, {
    status: error ? "failed" : "succeeded",
    checkpoint: JSON.stringify(lease.checkpoint),
    processed: lease.checkpoint.archived,
    lease_until: null,
    finished_at: deps.now().toISOString(),
    error: error?.slice(0, 1_000) ?? null,
  });
}

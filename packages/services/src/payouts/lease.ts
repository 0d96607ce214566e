// One payout run at a time (job_runs row per IST day, run_key `payouts:<date>`). Razorpay has no idempotency key
// for transfers, so "look for the transfer, create it if missing" is only safe while nobody else does the same:
// the lease makes the lookup and the create one critical section. A crashed run keeps its lease until it expires
// (the function timeout plus a margin) — only then can another runner be sure the first is gone; a run that finds
// the lease held reports it and does nothing (nothing lost: the holder, or the run after expiry, finishes the work).
import { T } from "@chizze/schema";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import { heldUntil, jobRunIdFor, stageLease } from "../job-lease";

export const PAYOUTS_JOB = "payouts";

export type Lease = { acquired: true; runKey: string; id: string } | { acquired: false; runKey: string; heldUntil: string };

/**
 * Takes the lease for `runKey` unless a live one is held. Two runners racing both read the row inside a transaction,
 * so the second commit fails and, retried, sees the first one's lease.
 */
export async function acquireLease(deps: Deps, runKey: string, leaseMs: number): Promise<Lease> {
  const id = jobRunIdFor(runKey);
  return withTransaction(deps.tablesDB, async (tx) => {
    const now = deps.now();
    const row = await tx.get(T.job_runs, id);
    const held = heldUntil(row, now);
    if (held) return { acquired: false as const, runKey, heldUntil: held };
    const error = row?.status === "running" ? `took over an expired lease (${row.lease_until ?? "none"})` : null;
    stageLease(tx, row, { id, job: PAYOUTS_JOB, runKey, now, leaseMs, checkpoint: null, processed: 0, error });
    return { acquired: true as const, runKey, id };
  });
}

/** Ends the run: the lease is given back and the outcome recorded. */
export async function releaseLease(deps: Deps, lease: Extract<Lease, { acquired: true }>, outcome: { processed: number; error?: string }): Promise<void> {
  await deps.db.job_runs.update(lease.id, {
    status: outcome.error ? "failed" : "succeeded",
    processed: outcome.processed,
    lease_until: null,
    finished_at: deps.now().toISOString(),
    error: outcome.error?.slice(0, 1_000) ?? null,
  });
}

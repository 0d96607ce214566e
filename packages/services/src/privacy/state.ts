// Per-account purge state: one job_runs row per account (run_key `accounts-purge:<userId>`) holding which step the
// erasure reached and the page cursor inside it, plus a lease so two overlapping runs never work on one account at
// once. The claim also stamps profiles.erasure_started_at in the same transaction that re-reads the profile: from
// that commit on, logging in can no longer cancel (privacy/cancel.ts reads the same row).
import { T, type Row } from "@chizze/schema";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import { heldUntil, jobRunIdFor, stageLease } from "../job-lease";

export const PURGE_JOB = "accounts-purge";
export const purgeRunKey = (userId: string): string => `${PURGE_JOB}:${userId}`;
export const purgeRunIdFor = (userId: string): string => jobRunIdFor(purgeRunKey(userId));

export interface PurgeCheckpoint {
  /** Index into STEPS of the step in progress (STEPS.length = all done). */
  step: number;
  /** The step's page cursor (a row id), null at the step's start. */
  cursor: string | null;
  /** Rows erased or deleted so far, per step name (for the report and operators). */
  counts: Record<string, number>;
}

export type Claim =
  | { outcome: "claimed"; runId: string; checkpoint: PurgeCheckpoint; resumed: boolean }
  | { outcome: "not_due" | "erased" | "gone" }
  | { outcome: "busy"; heldUntil: string };

const FRESH: PurgeCheckpoint = { step: 0, cursor: null, counts: {} };

function checkpointOf(row: Row<"job_runs"> | null): PurgeCheckpoint {
  if (!row?.checkpoint) return { ...FRESH, counts: {} };
  try {
    const c = JSON.parse(row.checkpoint) as Partial<PurgeCheckpoint>;
    return { step: typeof c.step === "number" ? c.step : 0, cursor: typeof c.cursor === "string" ? c.cursor : null, counts: c.counts ?? {} };
  } catch {
    // An unreadable checkpoint costs a redo from the first step, which every step tolerates.
    return { ...FRESH, counts: {} };
  }
}

/**
 * Takes the account for erasure when its deadline has passed, it is not erased yet, and no live lease holds it.
 * An account already claimed by a run that died resumes from its checkpoint.
 */
export async function claimAccount(deps: Deps, userId: string, leaseMs: number): Promise<Claim> {
  const runId = purgeRunIdFor(userId);
  return withTransaction(deps.tablesDB, async (tx): Promise<Claim> => {
    const now = deps.now();
    const profile = await tx.get(T.profiles, userId);
    if (!profile) return { outcome: "gone" };
    if (profile.erased_at) return { outcome: "erased" };
    // A login cancelled it (deletion_due_at cleared) or moved nothing yet: not this run's business.
    if (!profile.erasure_started_at && (!profile.deletion_due_at || Date.parse(profile.deletion_due_at) > now.getTime())) return { outcome: "not_due" };
    const row = await tx.get(T.job_runs, runId);
    const held = heldUntil(row, now);
    if (held) return { outcome: "busy", heldUntil: held };
    const checkpoint = checkpointOf(row);
    const error = row?.status === "running" && row.lease_until ? `took over an expired lease at step ${checkpoint.step}` : null;
    stageLease(tx, row, { id: runId, job: PURGE_JOB, runKey: purgeRunKey(userId), now, leaseMs, checkpoint: JSON.stringify(checkpoint), processed: total(checkpoint), startedAt: row?.started_at ?? now.toISOString(), error });
    if (!profile.erasure_started_at) tx.update(T.profiles, userId, { erasure_started_at: now.toISOString() });
    return { outcome: "claimed", runId, checkpoint, resumed: row !== null };
  });
}

const total = (c: PurgeCheckpoint): number => Object.values(c.counts).reduce((s, n) => s + n, 0);

/** Saves progress and extends the lease (after every page of work). */
export async function saveCheckpoint(deps: Deps, runId: string, c: PurgeCheckpoint, leaseMs: number): Promise<void> {
  await deps.db.job_runs.update(runId, { checkpoint: JSON.stringify(c), processed: total(c), lease_until: new Date(deps.now().getTime() + leaseMs).toISOString() });
}

/** Ends this run's hold on the account: finished, or stopped by the time budget with the checkpoint kept. */
export async function releaseAccount(deps: Deps, runId: string, c: PurgeCheckpoint, outcome: { finished: boolean; error?: string }): Promise<void> {
  await deps.db.job_runs.update(runId, {
    status: outcome.error ? "failed" : outcome.finished ? "succeeded" : "running",
    checkpoint: JSON.stringify(c),
    processed: total(c),
    lease_until: null,
    finished_at: outcome.finished || outcome.error ? deps.now().toISOString() : null,
    error: outcome.error?.slice(0, 1_000) ?? null,
  });
}

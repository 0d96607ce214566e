// The archival job's knobs (functions/orders-archive variables), parsed at the function's boundary, and the limits
// that are facts of the platform rather than choices.
import { z } from "zod";

/** Empty variables (Appwrite keeps a variable once created) mean "not set". */
const unset = z.literal("").transform(() => undefined);

export const archiveEnv = z.object({
  /** Orders placed more than this many days ago are archived (production-architecture §4.4: 90). */
  ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(30).max(3_650).default(90),
  /** Archive files are deleted this many days after they were written (§4.4: 1 year). */
  ARCHIVE_RETENTION_DAYS: z.coerce.number().int().min(30).max(3_650).default(365),
  /** Orders per archive file. */
  ARCHIVE_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(1_000),
  /** Orders marked per transaction (2 operations each; Appwrite allows 100 per transaction). */
  ARCHIVE_MARK_CHUNK: z.coerce.number().int().min(1).max(50).default(50),
  /** Seconds of work per execution before the run checkpoints and hands over (the manifest's timeout is 900). */
  ARCHIVE_TIME_BUDGET_SEC: z.coerce.number().int().min(10).max(870).default(780),
  /** Batches per execution at most (operations: spread a backlog over several executions); unset = time only. */
  ARCHIVE_BATCHES_PER_RUN: z.coerce.number().int().min(1).max(100_000).optional().or(unset),
  /**
   * Reliability tests only (ignored in production): `exit_after_upload` kills the runtime after the first batch's
   * file is uploaded and verified, before any order is marked; `exit_mid_mark` after its first marking transaction.
   */
  ARCHIVE_FAULT: z.enum(["exit_after_upload", "exit_mid_mark"]).optional().or(unset),
});
export type ArchiveEnv = z.output<typeof archiveEnv>;

export const DAY_MS = 86_400_000;

/** The manifest's timeout: after it plus a margin a run is certainly gone (its lease may be taken over). */
export const ARCHIVE_FUNCTION_TIMEOUT_SEC = 900;

/**
 * A run's lease on `job_runs`, renewed after every batch: long enough for one batch plus the margin, short enough
 * that a killed run blocks the next one for minutes, not for the whole function timeout.
 */
export const ARCHIVE_LEASE_MS = 5 * 60_000;

/** Archive files the retention step deletes per run (each a delete and a row update). */
export const PURGE_PER_RUN = 500;

// The privacy functions' own variables, parsed once per warm runtime at the function's boundary (style rule 6).
import { z } from "zod";

/** functions/me-delete. */
export const deletionEnv = z.object({
  /**
   * Days between DELETE /me and the erasure (default 7). Long enough to undo a mistake or a stolen-phone deletion by
   * logging in again, and for every short-lived copy to expire on its own (edge session cache 60 s, idempotency
   * replays 24 h, rider trail 24 h); short enough that "delete my account" is honoured within a week. At least one
   * day, so a deletion is never executed before the 24-hour caches that still hold the user's data are gone.
   */
  ACCOUNT_DELETION_GRACE_DAYS: z.coerce.number().int().min(1).max(30).default(7),
});
export type DeletionEnv = z.output<typeof deletionEnv>;

/** Reliability tests only (ignored in production): `exit_after_step:<n>` kills the runtime after n purge steps. */
const FAULT = /^exit_after_step:(\d{1,4})$/;

/** functions/accounts-purge. */
export const purgeEnv = z.object({
  /** Accounts erased per run at most (the daily run takes the oldest deadlines first; the rest wait a day). */
  PURGE_MAX_ACCOUNTS: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Stop starting work after this many seconds (the function's timeout is 900 s). */
  PURGE_TIME_BUDGET_SEC: z.coerce.number().int().min(10).max(880).default(780),
  PURGE_FAULT: z
    .string()
    .regex(FAULT)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type PurgeEnv = z.output<typeof purgeEnv>;

/** The step after which a test fault kills the runtime, or null. */
export function faultStep(env: PurgeEnv): number | null {
  const m = env.PURGE_FAULT ? FAULT.exec(env.PURGE_FAULT) : null;
  return m?.[1] ? Number(m[1]) : null;
}

// accounts-purge (daily): erases every account whose deletion grace period has passed. Oldest deadline first, one
// account at a time, each through STEPS (steps.ts) with its checkpoint and lease in job_runs (state.ts), so a run
// that dies, times out or is cut short resumes exactly where it stopped and never does a step's work twice in a way
// that shows (every page is idempotent). An account with an order still moving is deferred to the next run.
import { Query } from "node-appwrite";
import type { Deps } from "../deps";
import { deletionBlocker } from "./active";
import { claimAccount, releaseAccount, saveCheckpoint, type PurgeCheckpoint } from "./state";
import { STEPS } from "./steps";

export interface PurgeOptions {
  maxAccounts: number;
  /** Stop starting pages after this long; the account in progress keeps its checkpoint. */
  timeBudgetMs: number;
  /** How long a claimed account is held if the run dies (the function timeout plus a margin). */
  leaseMs: number;
  /** Stop after this many pages in all (tests: a run cut short on purpose). */
  maxPages?: number;
  /** Called after each page's checkpoint is saved (tests: a fault that kills the runtime there). */
  afterPage?: (pagesDone: number) => void;
}

export interface AccountReport {
  userId: string;
  outcome: "erased" | "partial" | "deferred" | "busy" | "skipped";
  detail?: string;
  resumed?: boolean;
  counts?: Record<string, number>;
}

export interface PurgeReport {
  now: string;
  due: number;
  erased: number;
  accounts: AccountReport[];
  pages: number;
  /** True when the run stopped with work left (time, page cap, or more due accounts than maxAccounts). */
  more: boolean;
}

interface Budget {
  started: number;
  pages: number;
}

export async function purgeDueAccounts(deps: Deps, opts: PurgeOptions): Promise<PurgeReport> {
  const now = deps.now();
  const budget: Budget = { started: Date.now(), pages: 0 };
  const { ids, more } = await dueAccounts(deps, now.toISOString(), opts.maxAccounts);
  const report: PurgeReport = { now: now.toISOString(), due: ids.length, erased: 0, accounts: [], pages: 0, more };

  for (const userId of ids) {
    if (outOfBudget(budget, opts)) {
      report.more = true;
      break;
    }
    const r = await purgeAccount(deps, userId, opts, budget);
    report.accounts.push(r);
    if (r.outcome === "erased") report.erased++;
    if (r.outcome === "partial") report.more = true;
  }
  report.pages = budget.pages;
  deps.log.info("accounts purge finished", { report });
  return report;
}

/** Accounts past their deadline and not erased (idx_erased_deletion_due), oldest deadline first, at most `max`. */
async function dueAccounts(deps: Deps, nowIso: string, max: number): Promise<{ ids: string[]; more: boolean }> {
  const queries = [Query.isNull("erased_at"), Query.lessThanEqual("deletion_due_at", nowIso), Query.orderAsc("deletion_due_at")];
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.db.profiles.list(queries, { limit: Math.min(100, max - ids.length), cursor });
    ids.push(...page.rows.map((p) => p.$id));
    cursor = page.nextCursor;
  } while (cursor && ids.length < max);
  return { ids, more: cursor !== null };
}

function outOfBudget(b: Budget, opts: PurgeOptions): boolean {
  return Date.now() - b.started >= opts.timeBudgetMs || (opts.maxPages !== undefined && b.pages >= opts.maxPages);
}

/** Erases one account (or continues its erasure); safe to call for any account, any number of times. */
export async function purgeAccount(deps: Deps, userId: string, opts: PurgeOptions, budget: Budget = { started: Date.now(), pages: 0 }): Promise<AccountReport> {
  const before = await deps.db.profiles.get(userId);
  // Only a first claim checks for moving orders: once erasure has begun the login is blocked and nothing new can start.
  if (before && !before.erasure_started_at && !before.erased_at) {
    const blocker = await deletionBlocker(deps, userId);
    if (blocker) return { userId, outcome: "deferred", detail: blocker.kind === "active_order" ? `order ${blocker.orderId} is still in progress` : `owns restaurant ${blocker.restaurantId}` };
  }
  const claim = await claimAccount(deps, userId, opts.leaseMs);
  if (claim.outcome === "busy") return { userId, outcome: "busy", detail: `held by another run until ${claim.heldUntil}` };
  if (claim.outcome !== "claimed") return { userId, outcome: "skipped", detail: claim.outcome };

  const c: PurgeCheckpoint = claim.checkpoint;
  try {
    while (c.step < STEPS.length) {
      if (outOfBudget(budget, opts)) {
        await releaseAccount(deps, claim.runId, c, { finished: false });
        return { userId, outcome: "partial", resumed: claim.resumed, counts: c.counts };
      }
      const step = STEPS[c.step]!;
      const r = await step.page({ deps, userId }, c.cursor);
      c.counts[step.name] = (c.counts[step.name] ?? 0) + r.n;
      if (r.done) {
        c.step++;
        c.cursor = null;
      } else c.cursor = r.cursor;
      budget.pages++;
      await saveCheckpoint(deps, claim.runId, c, opts.leaseMs);
      opts.afterPage?.(budget.pages);
    }
    // Released first: a crash before the stamp leaves a finished checkpoint, and the next claim only stamps.
    await releaseAccount(deps, claim.runId, c, { finished: true });
    await deps.db.profiles.update(userId, { erased_at: deps.now().toISOString() });
  } catch (err) {
    // The checkpoint holds; the next run (after this lease is released) resumes from the failed page.
    await releaseAccount(deps, claim.runId, c, { finished: false, error: String(err) }).catch(() => undefined);
    deps.log.error("account erasure failed; the next run resumes it", { userId, step: STEPS[c.step]?.name, error: String(err) });
    return { userId, outcome: "partial", detail: String(err).slice(0, 200), resumed: claim.resumed, counts: c.counts };
  }
  deps.log.info("account erased", { userId, counts: c.counts });
  return { userId, outcome: "erased", resumed: claim.resumed, counts: c.counts };
}

/** accounts-purge's timeout (manifest) plus a margin: a claimed account is held this long if its run dies. */
export const PURGE_LEASE_MS = (900 + 120) * 1_000;

/** Options from the function's variables; the test fault kills the runtime after n pages (never in production). */
export function purgeOptions(env: { PURGE_MAX_ACCOUNTS: number; PURGE_TIME_BUDGET_SEC: number }, faultAfterPages: number | null): PurgeOptions {
  return {
    maxAccounts: env.PURGE_MAX_ACCOUNTS,
    timeBudgetMs: env.PURGE_TIME_BUDGET_SEC * 1_000,
    leaseMs: PURGE_LEASE_MS,
    ...(faultAfterPages !== null ? { afterPage: (n: number) => (n >= faultAfterPages ? process.exit(1) : undefined) } : {}),
  };
}

// One execution of functions/orders-archive: the run with the function's variables, then — when it stopped for
// time or its batch cap with orders left — an async execution of the same function, so a backlog larger than one
// execution's budget is worked off in a chain of executions instead of a week later. A chain ends when a run
// finishes, makes no progress, or finds another run holding the lease.
import { ExecutionMethod } from "node-appwrite";
import { appwriteClients } from "@chizze/platform/appwrite/client";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import { depsFor, platformConfig } from "../runtime";
import type { Logger } from "../deps";
import type { MetricsSink } from "@chizze/platform/observability/metrics";
import type { ArchiveEnv } from "./config";
import { runArchival, type ArchivalOptions, type ArchivalReport } from "./run";

export const ARCHIVE_FUNCTION_ID = "orders-archive";

export interface ArchiveExecutionContext {
  apiKey: string | undefined;
  log: Logger;
  metrics?: MetricsSink;
  env: { CHIZZE_ENV: string };
}

export function archivalOptions(env: ArchiveEnv, faultsAllowed: boolean): ArchivalOptions {
  const fault = faultsAllowed ? env.ARCHIVE_FAULT : undefined;
  return {
    afterDays: env.ARCHIVE_AFTER_DAYS,
    retentionDays: env.ARCHIVE_RETENTION_DAYS,
    batchSize: env.ARCHIVE_BATCH_SIZE,
    markChunk: env.ARCHIVE_MARK_CHUNK,
    timeBudgetMs: env.ARCHIVE_TIME_BUDGET_SEC * 1000,
    maxBatches: env.ARCHIVE_BATCHES_PER_RUN,
    // Reliability tests kill the runtime at the two points a crash hurts most; never in production.
    ...(fault === "exit_after_upload" ? { faults: { afterVerified: () => process.exit(1) } } : {}),
    ...(fault === "exit_mid_mark" ? { faults: { afterMarkChunk: (_key: string, n: number) => (n === 0 ? process.exit(1) : undefined) } } : {}),
  };
}

export async function runArchivalExecution(ctx: ArchiveExecutionContext, env: ArchiveEnv): Promise<ArchivalReport & { continued: boolean }> {
  const deps = depsFor(ctx);
  const report = await runArchival(deps, archivalOptions(env, ctx.env.CHIZZE_ENV !== "production"));
  const continued = !report.skipped && report.more && report.batches > 0 && (report.stoppedBy === "time" || report.stoppedBy === "max_batches");
  if (continued) {
    const config = platformConfig();
    const key = ctx.apiKey ?? config.appwrite.key;
    if (!key) throw new Error("no Appwrite key to continue the archival run");
    const { functions } = appwriteClients({ endpoint: config.appwrite.endpoint, projectId: config.appwrite.projectId, key, timeoutMs: config.appwrite.timeoutMs });
    const e = await appwriteCall("continue archival", () => functions.createExecution({ functionId: ARCHIVE_FUNCTION_ID, async: true, method: ExecutionMethod.POST, xpath: "/" }));
    deps.log.info("archival continues in another execution", { executionId: e.$id, archivedThisRun: report.archived });
  }
  return { ...report, continued };
}

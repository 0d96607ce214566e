// The weekly archival run (functions/orders-archive; production-architecture §4.4). README.md explains the choices.
//
// Per batch of finished orders placed more than 90 days ago, oldest first:
//   1. read the orders with their order_events, payments and refunds rows; encode one canonical gzip JSON file;
//   2. archive row `writing` (id and batch_key from the content: the same orders give the same row and file);
//   3. upload the file — or, if this batch's file is already there (a re-run), reuse it;
//   4. verify: download, gunzip, sha256 = archives.checksum, count, every order id present;
//   5. mark the orders archived through the order machine (status, archived_at, version + 1, an order_events row);
//   6. archive row `complete`.
// A run first finishes batches an earlier run left `writing` (from their files: the file is the list of what
// belongs to the batch), and deletes files past their retention (row → `purged`). Work per execution is bounded by
// time; the job_runs checkpoint says where it stopped, and the next execution carries on.
import { Query } from "node-appwrite";
import type { Row } from "@chizze/schema";
import { Conflict } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import { decodeArchive, encodeArchive, sha256Of, type ArchiveDoc, type ArchivedRecord } from "./codec";
import { ARCHIVE_LEASE_MS, DAY_MS } from "./config";
import { deleteArchiveFile, downloadArchiveFile, uploadArchiveFile } from "./files";
import { archivalRunKey, archiveFileName, batchIdentity, type BatchIdentity } from "./keys";
import { acquireArchivalLease, heartbeat, releaseArchivalLease, type ArchivalLease } from "./lease";
import { countEligible, loadRecords, orderHeads, selectBatch } from "./load";
import { markArchived } from "./mark";
import { purgeExpired } from "./purge";

export type ArchiveRow = Row<"archives">;

export interface ArchivalOptions {
  afterDays: number;
  retentionDays: number;
  batchSize: number;
  /** Orders per marking transaction (≤ 50). */
  markChunk: number;
  /** Stop starting batches once this much time has gone (the function timeout minus a margin). */
  timeBudgetMs: number;
  /** Batches per run at most (undefined: time only). */
  maxBatches?: number | undefined;
  leaseMs?: number;
  /** Fault injection for reliability tests. */
  faults?: {
    /** After a batch's file is uploaded and verified, before any of its orders is marked. */
    afterVerified?: (batchKey: string) => void | Promise<void>;
    /** After each committed marking transaction. */
    afterMarkChunk?: (batchKey: string, chunkIndex: number) => void | Promise<void>;
  };
}

export type StopReason = "done" | "time" | "max_batches" | "unstable";

export interface ArchivalReport {
  runKey: string;
  /** Set when another run holds the lease: this run did nothing. */
  skipped: { heldUntil: string } | null;
  cutoff: string;
  /** Archivable orders when the run started (the progress log counts against it). */
  eligibleAtStart: number;
  /** Batches completed by this run, resumed ones included. */
  batches: number;
  /** Orders this run marked archived. */
  archived: number;
  /** Batches an earlier run left half-done that this run finished. */
  resumed: number;
  /** Batch files thrown away before any order was marked (content changed since the export, or a broken file). */
  discarded: number;
  /** Orders left hot because they changed between the export and the mark (a later batch archives them). */
  leftHot: number;
  purged: number;
  /** Archivable orders remain (the next execution continues). */
  more: boolean;
  stoppedBy: StopReason;
  elapsedMs: number;
  /** Wall time of each batch of this run, in order. */
  batchMs: number[];
}

interface Run {
  deps: Deps;
  opts: ArchivalOptions;
  lease: Extract<ArchivalLease, { acquired: true }>;
  report: ArchivalReport;
  startedMs: number;
}

/** Wall time of a batch and of its phases (read, encode, store, check, mark), for the progress log. */
class BatchClock {
  readonly t0 = Date.now();
  private last = this.t0;
  readonly phasesMs: Record<string, number> = {};
  lap(phase: string): void {
    const now = Date.now();
    this.phasesMs[phase] = (this.phasesMs[phase] ?? 0) + now - this.last;
    this.last = now;
  }
  get totalMs(): number {
    return Date.now() - this.t0;
  }
}

/** Batches in a row whose content changed under them before the run gives up for now (someone keeps writing). */
const MAX_DISCARDS = 5;

export async function runArchival(deps: Deps, opts: ArchivalOptions): Promise<ArchivalReport> {
  const startedMs = Date.now();
  const now = deps.now();
  const report: ArchivalReport = {
    runKey: archivalRunKey(now),
    skipped: null,
    cutoff: new Date(now.getTime() - opts.afterDays * DAY_MS).toISOString(),
    eligibleAtStart: 0,
    batches: 0,
    archived: 0,
    resumed: 0,
    discarded: 0,
    leftHot: 0,
    purged: 0,
    more: false,
    stoppedBy: "done",
    elapsedMs: 0,
    batchMs: [],
  };
  const lease = await acquireArchivalLease(deps, report.runKey, opts.leaseMs ?? ARCHIVE_LEASE_MS);
  if (!lease.acquired) {
    report.skipped = { heldUntil: lease.heldUntil };
    deps.log.warn("archival run skipped: another run holds the lease", { report });
    return report;
  }
  const run: Run = { deps, opts, lease, report, startedMs };
  try {
    report.purged = await purgeExpired(deps);
    lease.checkpoint.purged += report.purged;
    await resumeUnfinished(run);
    report.eligibleAtStart = await countEligible(deps, report.cutoff);
    deps.log.info("archival run started", { runKey: report.runKey, cutoff: report.cutoff, eligible: report.eligibleAtStart, resumed: report.resumed, purged: report.purged });
    await archiveNewBatches(run);
  } catch (err) {
    report.elapsedMs = Date.now() - startedMs;
    await releaseArchivalLease(deps, lease, err instanceof Error ? err.message : String(err));
    throw err;
  }
  report.elapsedMs = Date.now() - startedMs;
  lease.checkpoint.batchKey = null;
  lease.checkpoint.more = report.more;
  await releaseArchivalLease(deps, lease);
  // The whole report on one line: a scheduled execution keeps no response body; the log is what operators read.
  deps.log.info("archival run finished", { report });
  return report;
}

// ---- batches an earlier run left half-done --------------------------------------------------------------------

async function resumeUnfinished(run: Run): Promise<void> {
  const { deps } = run;
  for (;;) {
    const page = await deps.db.archives.list([Query.equal("status", "writing"), Query.orderAsc("created_at")], { limit: 25 });
    if (page.rows.length === 0) return;
    for (const row of page.rows) {
      const clock = new BatchClock();
      const gz = await downloadArchiveFile(deps, row.file_id ?? row.$id);
      const doc = gz && row.checksum && sha256Of(gz) === row.checksum ? await decodeArchive(gz).catch(() => null) : null;
      if (!doc || doc.orderCount !== row.order_count) {
        // No whole file: the crash came before the upload finished, so no order was marked (marking starts only
        // after verification). Forget the row; the orders are still archivable and get a fresh batch.
        await discard(run, row, "no verified file");
        continue;
      }
      clock.lap("store");
      if (await finishBatch(run, row, doc, clock)) run.report.resumed++;
    }
  }
}

// ---- new batches ----------------------------------------------------------------------------------------------

async function archiveNewBatches(run: Run): Promise<void> {
  const { deps, opts, report } = run;
  let discardsInARow = 0;
  for (;;) {
    const stop = stopReason(run);
    if (stop) {
      report.stoppedBy = stop;
      report.more = (await selectBatch(deps, report.cutoff, 1)).length > 0;
      return;
    }
    const clock = new BatchClock();
    const orders = await selectBatch(deps, report.cutoff, opts.batchSize);
    if (orders.length === 0) return;
    const records = await loadRecords(deps, orders);
    clock.lap("read");
    const encoded = await encodeArchive(records);
    clock.lap("encode");
    const first = records[0]!.order;
    const last = records[records.length - 1]!.order;
    const ident = batchIdentity({ firstId: first.$id, firstPlacedAt: String(first.placed_at), lastId: last.$id, lastPlacedAt: String(last.placed_at), count: records.length, checksum: encoded.checksum });
    const row = await openBatch(run, ident, records, encoded.gz.length, encoded.checksum);
    const doc = await ensureVerifiedFile(run, row, ident, encoded.gz, records);
    clock.lap("store");
    if (!(await finishBatch(run, row, doc, clock))) {
      if (++discardsInARow >= MAX_DISCARDS) {
        report.stoppedBy = "unstable";
        report.more = true;
        deps.log.warn("archival stopped: batches keep changing under the export", { discards: discardsInARow });
        return;
      }
    } else discardsInARow = 0;
  }
}

function stopReason(run: Run): StopReason | null {
  const { opts, report } = run;
  if (opts.maxBatches !== undefined && report.batches >= opts.maxBatches) return "max_batches";
  // Room for one more batch as long as the slowest so far, with half of it again to spare.
  const slowest = Math.max(0, ...report.batchMs);
  if (Date.now() - run.startedMs + slowest * 1.5 > opts.timeBudgetMs) return "time";
  return null;
}

/** The batch's archive row in state `writing` (created, or taken over from an earlier run of the same content). */
async function openBatch(run: Run, ident: BatchIdentity, records: readonly ArchivedRecord[], sizeBytes: number, checksum: string): Promise<ArchiveRow> {
  const { deps, opts, lease } = run;
  const now = deps.now();
  const data = {
    batch_key: ident.batchKey,
    file_id: ident.id,
    from_at: String(records[0]!.order.placed_at),
    to_at: String(records[records.length - 1]!.order.placed_at),
    order_count: records.length,
    size_bytes: sizeBytes,
    checksum,
    status: "writing" as const,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + opts.retentionDays * DAY_MS).toISOString(),
  };
  lease.checkpoint.batchKey = ident.batchKey;
  await heartbeat(deps, lease);
  try {
    return await deps.db.archives.create(ident.id, data);
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
  }
  // Same key = same orders, same bytes: an earlier run got this far. A complete or writing row is carried on as it
  // is (its file is reused); a purged one (these orders were restored and archived again) starts a new year.
  const existing = await deps.db.archives.get(ident.id);
  if (!existing) throw new Error(`archive row ${ident.id} conflicted but cannot be read`);
  if (existing.status === "complete" || existing.status === "writing") return existing;
  return deps.db.archives.update(ident.id, data);
}

/** Uploads the batch's file unless a good copy is already stored; returns the verified content. */
async function ensureVerifiedFile(run: Run, row: ArchiveRow, ident: BatchIdentity, gz: Buffer, records: readonly ArchivedRecord[]): Promise<ArchiveDoc> {
  const { deps } = run;
  const fileId = row.file_id ?? ident.id;
  let stored = await downloadArchiveFile(deps, fileId);
  if (stored && sha256Of(stored) !== row.checksum) {
    // Not this batch's bytes (a broken earlier upload): replace it.
    await deleteArchiveFile(deps, fileId);
    stored = null;
  }
  if (!stored) {
    try {
      await uploadArchiveFile(deps, fileId, archiveFileName(ident.batchKey), gz);
    } catch (err) {
      if (!(err instanceof Conflict)) throw err;
    }
    stored = await downloadArchiveFile(deps, fileId);
  }
  return verify(stored, row, records.map((r) => r.order.$id));
}

/** The checks a file must pass before any order is marked: bytes, count, and every order of the batch in it. */
async function verify(stored: Buffer | null, row: ArchiveRow, orderIds: readonly string[]): Promise<ArchiveDoc> {
  if (!stored) throw new Error(`archive ${row.batch_key}: file missing right after upload`);
  const sum = sha256Of(stored);
  if (sum !== row.checksum) throw new Error(`archive ${row.batch_key}: stored file sha256 ${sum} ≠ ${row.checksum ?? "none"}`);
  const doc = await decodeArchive(stored);
  if (doc.orderCount !== row.order_count) throw new Error(`archive ${row.batch_key}: ${doc.orderCount} orders in the file, ${row.order_count} expected`);
  const inFile = new Set(doc.records.map((r) => r.order.$id));
  const missing = orderIds.filter((id) => !inFile.has(id));
  if (missing.length > 0 || inFile.size !== doc.records.length) throw new Error(`archive ${row.batch_key}: orders missing from the file (${missing.slice(0, 5).join(", ")})`);
  return doc;
}

/**
 * Marks the file's orders archived and completes the row (true). If orders changed since the export and none is
 * marked yet, the file is stale: it is discarded (false) and the orders go into a fresh batch with their new state.
 */
async function finishBatch(run: Run, row: ArchiveRow, doc: ArchiveDoc, clock: BatchClock): Promise<boolean> {
  const { deps, opts, report, lease } = run;
  await run.opts.faults?.afterVerified?.(row.batch_key);
  const targets = doc.records.map((r) => ({ orderId: r.order.$id, version: Number(r.order.version) }));
  const heads = await orderHeads(deps, targets.map((t) => t.orderId));
  const changed = targets.filter((t) => {
    const h = heads.get(t.orderId);
    return !h || (h.status !== "archived" && h.version !== t.version);
  });
  const anyArchived = targets.some((t) => heads.get(t.orderId)?.status === "archived");
  clock.lap("check");
  if (changed.length > 0 && !anyArchived) {
    await discard(run, row, `${changed.length} orders changed since the export`);
    return false;
  }
  lease.checkpoint.batchKey = row.batch_key;
  await heartbeat(deps, lease);
  const todo = targets.filter((t) => heads.get(t.orderId)?.status !== "archived");
  const marked = await markArchived(deps, todo, {
    batchKey: row.batch_key,
    fileId: row.file_id ?? row.$id,
    chunk: opts.markChunk,
    ...(opts.faults?.afterMarkChunk ? { afterChunk: (n: number) => opts.faults?.afterMarkChunk?.(row.batch_key, n) } : {}),
  });
  if (marked.skipped.length > 0) {
    // Their pre-change copy stays in this file; restore takes the newest copy of an order (README).
    deps.log.warn("orders changed during archival were left hot", { batchKey: row.batch_key, orders: marked.skipped.slice(0, 20), count: marked.skipped.length });
  }
  clock.lap("mark");
  if (row.status !== "complete") await deps.db.archives.update(row.$id, { status: "complete" });
  const ms = clock.totalMs;
  report.batches++;
  report.archived += marked.marked;
  report.leftHot += marked.skipped.length;
  report.batchMs.push(ms);
  lease.checkpoint.batches++;
  lease.checkpoint.archived += marked.marked;
  lease.checkpoint.batchKey = null;
  await heartbeat(deps, lease);
  deps.log.info("archive batch complete", {
    batchKey: row.batch_key,
    orders: doc.orderCount,
    marked: marked.marked,
    alreadyArchived: marked.already,
    done: report.archived,
    total: report.eligibleAtStart,
    batchMs: ms,
    phasesMs: clock.phasesMs,
    fileBytes: row.size_bytes,
  });
  return true;
}

/** Drops a batch no order of which is marked: its file (if any) and its row, so nothing is left orphaned. */
async function discard(run: Run, row: ArchiveRow, why: string): Promise<void> {
  const { deps, report } = run;
  await deleteArchiveFile(deps, row.file_id ?? row.$id);
  await deps.db.archives.delete(row.$id);
  report.discarded++;
  deps.log.warn("archive batch discarded before marking", { batchKey: row.batch_key, why });
}

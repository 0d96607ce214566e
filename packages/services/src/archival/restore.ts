// Reading an archive back, and rebuilding orders from it: each restored order gets its row, its order_events,
// payments and refunds rows exactly as they were exported (same ids, permissions, $createdAt/$updatedAt, columns).
// Orders whose row still exists are left alone — archival keeps the hot row (status archived), so a restore is for
// rows that were lost or removed, and never overwrites live data.
//
// Crash-safe and repeatable: children are upserted first and the order row is created last, so an order row that
// exists means its children are there; a re-run skips it, and an interrupted one redoes the upserts harmlessly.
import { DATABASE_ID, T } from "@chizze/schema";
import { ApiError } from "@chizze/contracts/errors";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import type { Deps } from "../deps";
import { notFound } from "../caller";
import { decodeArchive, sha256Of, type ArchivedRecord, type ArchivedRow } from "./codec";
import { downloadArchiveFile } from "./files";
import { archiveIdFor } from "./keys";
import { orderHeads } from "./load";
import type { ArchiveRow } from "./run";

/** Rows per bulk write. */
const WRITE_CHUNK = 100;

export interface ArchiveContents {
  archive: ArchiveRow;
  records: ArchivedRecord[];
}

/** The archive of `batchKey`, read from Storage and checked against its row (sha256, count). */
export async function readArchive(deps: Deps, batchKey: string): Promise<ArchiveContents> {
  const archive = await deps.db.archives.get(archiveIdFor(batchKey));
  if (!archive || archive.batch_key !== batchKey) throw notFound("Archive");
  if (archive.status === "purged") throw new ApiError("conflict", `Archive ${batchKey} was deleted after its retention period`);
  if (archive.status !== "complete") throw new ApiError("conflict", `Archive ${batchKey} is still being written`);
  const gz = await downloadArchiveFile(deps, archive.file_id ?? archive.$id);
  if (!gz) throw new ApiError("internal", `Archive ${batchKey}: file ${archive.file_id ?? archive.$id} is missing`);
  const sum = sha256Of(gz);
  if (sum !== archive.checksum) throw new ApiError("internal", `Archive ${batchKey}: file sha256 ${sum} does not match the recorded ${archive.checksum ?? "none"}`);
  const doc = await decodeArchive(gz);
  if (doc.orderCount !== archive.order_count) throw new ApiError("internal", `Archive ${batchKey}: ${doc.orderCount} orders in the file, ${archive.order_count} recorded`);
  return { archive, records: doc.records };
}

export interface RestoreReport {
  batchKey: string;
  /** Orders rebuilt from the archive. */
  restored: string[];
  /** Orders whose row exists: not touched. */
  present: string[];
}

/**
 * Rebuilds the orders of one archive (all, or `orderIds`) whose rows are gone. Unknown ids are a 422: the caller
 * asked for orders this archive does not hold.
 */
export async function restoreArchive(deps: Deps, batchKey: string, opts: { orderIds?: readonly string[] } = {}): Promise<RestoreReport> {
  const { records } = await readArchive(deps, batchKey);
  const wanted = opts.orderIds ? new Set(opts.orderIds) : null;
  if (wanted) {
    const held = new Set(records.map((r) => r.order.$id));
    const unknown = [...wanted].filter((id) => !held.has(id));
    if (unknown.length > 0) throw new ApiError("unprocessable", `Archive ${batchKey} holds no order ${unknown.slice(0, 5).join(", ")}`);
  }
  const picked = wanted ? records.filter((r) => wanted.has(r.order.$id)) : records;
  const heads = await orderHeads(deps, picked.map((r) => r.order.$id));
  const missing = picked.filter((r) => !heads.has(r.order.$id));
  const report: RestoreReport = { batchKey, restored: [], present: picked.filter((r) => heads.has(r.order.$id)).map((r) => r.order.$id) };
  for (let i = 0; i < missing.length; i += WRITE_CHUNK) {
    const chunk = missing.slice(i, i + WRITE_CHUNK);
    await writeRows(deps, T.order_events.id, chunk.flatMap((r) => r.events), "upsert");
    await writeRows(deps, T.payments.id, chunk.flatMap((r) => r.payments), "upsert");
    await writeRows(deps, T.refunds.id, chunk.flatMap((r) => r.refunds), "upsert");
    await writeRows(deps, T.orders.id, chunk.map((r) => r.order), "create");
    report.restored.push(...chunk.map((r) => r.order.$id));
  }
  deps.log.info("archive restored", { batchKey, restored: report.restored.length, present: report.present.length });
  return report;
}

/** Bulk writes of archived rows as they were: `$id`, `$permissions` and (API key) `$createdAt`/`$updatedAt` included. */
async function writeRows(deps: Deps, tableId: string, rows: readonly ArchivedRow[], how: "create" | "upsert"): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    const chunk = rows.slice(i, i + WRITE_CHUNK) as Record<string, unknown>[];
    if (chunk.length === 0) continue;
    await appwriteCall(`${how} ${tableId} from archive`, () =>
      how === "create" ? deps.tablesDB.createRows({ databaseId: DATABASE_ID, tableId, rows: chunk }) : deps.tablesDB.upsertRows({ databaseId: DATABASE_ID, tableId, rows: chunk }),
    );
  }
}

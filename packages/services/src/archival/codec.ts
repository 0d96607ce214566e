// The archive file: gzip of one canonical JSON document per batch. Canonical (keys sorted, rows in a fixed order,
// no timestamps of the export itself) so the same orders always give the same bytes — a re-run after a crash
// reproduces the file, its sha256 and therefore its batch key exactly.
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { z } from "zod";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const ARCHIVE_FORMAT = "chizze.orders-archive/1";

/** gzip level: a fixed level is part of the byte-for-byte reproducibility (6 = zlib's default, ~8× on these rows). */
const GZIP_LEVEL = 6;
/** An archive of 5,000 orders is ~40 MB of JSON; anything far beyond that is not one of ours. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

/**
 * A row as Appwrite returned it: `$id`, `$createdAt`, `$updatedAt`, `$permissions` and every column, without the
 * fields a restore cannot (`$sequence`) or need not (`$tableId`, `$databaseId`) write back.
 */
export type ArchivedRow = { $id: string } & Record<string, unknown>;

/** One order with what a restore needs to rebuild it. */
export interface ArchivedRecord {
  order: ArchivedRow;
  /** order_events, by seq. */
  events: ArchivedRow[];
  /** payments rows (one per online order). */
  payments: ArchivedRow[];
  refunds: ArchivedRow[];
}

const Row = z.looseObject({ $id: z.string().min(1).max(36) });
const Record_ = z.object({ order: Row, events: z.array(Row), payments: z.array(Row), refunds: z.array(Row) });
const ArchiveDoc = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  orderCount: z.number().int().min(0),
  records: z.array(Record_),
});
export type ArchiveDoc = z.infer<typeof ArchiveDoc>;

const NOT_ARCHIVED = new Set(["$sequence", "$tableId", "$databaseId", "$collectionId"]);

/** The row as it goes into the file (see ArchivedRow). */
export function archivedRow(raw: Record<string, unknown>): ArchivedRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!NOT_ARCHIVED.has(k)) out[k] = v;
  if (typeof out.$id !== "string") throw new Error("row without $id");
  return out as ArchivedRow;
}

/** JSON with object keys sorted at every level, so equal data always serialises to equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

export const sha256Of = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

export interface EncodedArchive {
  gz: Buffer;
  /** sha256 of the gzip bytes (archives.checksum): what is stored is what is checked. */
  checksum: string;
  jsonBytes: number;
}

export async function encodeArchive(records: readonly ArchivedRecord[]): Promise<EncodedArchive> {
  const doc: ArchiveDoc = { format: ARCHIVE_FORMAT, orderCount: records.length, records: [...records] };
  const json = Buffer.from(canonicalJson(doc), "utf8");
  const gz = await gzipAsync(json, { level: GZIP_LEVEL });
  return { gz, checksum: sha256Of(gz), jsonBytes: json.length };
}

/** Gunzips and validates an archive file; throws (CorruptArchive) when it is not a whole archive of ours. */
export async function decodeArchive(gz: Uint8Array): Promise<ArchiveDoc> {
  let json: Buffer;
  try {
    json = await gunzipAsync(gz, { maxOutputLength: MAX_JSON_BYTES });
  } catch (err) {
    throw new CorruptArchive(`not a gzip archive: ${err instanceof Error ? err.message : String(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString("utf8"));
  } catch {
    throw new CorruptArchive("archive is not JSON");
  }
  const doc = ArchiveDoc.safeParse(parsed);
  if (!doc.success) throw new CorruptArchive(`archive shape: ${doc.error.issues[0]?.message ?? "invalid"}`);
  if (doc.data.orderCount !== doc.data.records.length) throw new CorruptArchive(`archive says ${doc.data.orderCount} orders, holds ${doc.data.records.length}`);
  return doc.data;
}

export class CorruptArchive extends Error {
  override readonly name = "CorruptArchive";
}

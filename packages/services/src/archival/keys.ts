// Names that make every step repeatable: a batch's key (and from it the archive row id and the file id) is derived
// from what the batch holds, so a re-run that selects the same orders lands on the same row and file instead of
// writing a second copy. Pure.
import { deterministicId, sha256Hex } from "@chizze/core";

export interface BatchIdentity {
  /** archives.batch_key, e.g. `orders:20250301-20250303:4f1c…` (≤ 64 chars). */
  batchKey: string;
  /** archives row id and the file id in the archives bucket (the same id in two namespaces). */
  id: string;
}

const day = (iso: string): string => new Date(iso).toISOString().slice(0, 10).replaceAll("-", "");

/**
 * The batch key of orders [first … last] (in selection order, `count` of them) whose archive file has `checksum`.
 * The placed_at days make keys readable and sortable; the hash covers the boundaries, the count and the content, so
 * two different batches never share a key, and an unchanged batch always gets the same one.
 * @example batchIdentity({ firstId: "ord_a", firstPlacedAt: "2025-03-01T…", lastId: "ord_z", lastPlacedAt: "2025-03-03T…", count: 1000, checksum: "9c…" })
 * // { batchKey: "orders:20250301-20250303:<20 hex>", id: "arc_<32 hex>" }
 */
export function batchIdentity(b: { firstId: string; firstPlacedAt: string; lastId: string; lastPlacedAt: string; count: number; checksum: string }): BatchIdentity {
  const hash = sha256Hex([b.firstId, b.lastId, String(b.count), b.checksum].join("|")).slice(0, 20);
  const batchKey = `orders:${day(b.firstPlacedAt)}-${day(b.lastPlacedAt)}:${hash}`;
  return { batchKey, id: archiveIdFor(batchKey) };
}

export const archiveIdFor = (batchKey: string): string => deterministicId("arc", ["archive", batchKey]);

/** The file's name in the bucket (the bucket allows `.gz` only). */
export const archiveFileName = (batchKey: string): string => `${batchKey.replaceAll(":", "_")}.json.gz`;

/**
 * ISO 8601 week of `at` (UTC), e.g. `2025-W48`: the weekly cron's window, so every execution of one week — the cron,
 * its continuations, a manual re-run — shares one job_runs row.
 */
export function isoWeekOf(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = d.getUTCDay() || 7; // Monday 1 … Sunday 7
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

export const ARCHIVAL_JOB = "archival";
export const archivalRunKey = (at: Date): string => `${ARCHIVAL_JOB}:${isoWeekOf(at)}`;

// Retention (production-architecture §4.4: archives are kept 1 year): files of complete archives whose expires_at
// has passed are deleted and their rows kept as `purged` — the row says what existed and when it went. File first,
// row second: a crash in between leaves a complete row without a file, which the next run purges again (the delete
// finds nothing and the row is marked).
import { Query } from "node-appwrite";
import type { Deps } from "../deps";
import { PURGE_PER_RUN } from "./config";
import { deleteArchiveFile } from "./files";

/** Purges up to PURGE_PER_RUN expired archives, oldest expiry first (idx_status_expires); returns how many. */
export async function purgeExpired(deps: Deps, max = PURGE_PER_RUN): Promise<number> {
  const nowIso = deps.now().toISOString();
  let purged = 0;
  while (purged < max) {
    const page = await deps.db.archives.list([Query.equal("status", "complete"), Query.lessThan("expires_at", nowIso), Query.orderAsc("expires_at")], { limit: Math.min(100, max - purged) });
    if (page.rows.length === 0) break;
    for (const row of page.rows) {
      const deleted = await deleteArchiveFile(deps, row.file_id ?? row.$id);
      await deps.db.archives.update(row.$id, { status: "purged" });
      purged++;
      deps.log.info("archive purged", { batchKey: row.batch_key, expiresAt: row.expires_at, fileDeleted: deleted, orders: row.order_count });
    }
  }
  return purged;
}

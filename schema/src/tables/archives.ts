// Read by: admins only. The weekly archival job exports orders older than 90 days to the `archives` bucket
// (gzip JSON), verifies the checksum, then marks the orders archived; files are kept 1 year (§4.4).
import { ADMIN_READ } from "../access";
import { SHA256_HEX_PATTERN } from "../documents";
import { datetime, defineTable, enumeration, id, idx, integer, string } from "../dsl";
import { ARCHIVE_STATUSES } from "../enums";

export const archives = defineTable({
  id: "archives",
  name: "Archives",
  description: "Order archive batches in Storage.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    batch_key: string(64, { required: true, description: "e.g. orders:2025-W35" }),
    file_id: id({ description: "File in the archives bucket once written" }),
    from_at: datetime({ required: true }),
    to_at: datetime({ required: true }),
    order_count: integer({ required: true, min: 0 }),
    size_bytes: integer({ min: 0 }),
    checksum: string(64, { pattern: SHA256_HEX_PATTERN, description: "sha256 of the gzip file" }),
    status: enumeration(ARCHIVE_STATUSES, { required: true }),
    created_at: datetime({ required: true }),
    expires_at: datetime({ required: true, description: "Delete the file after this (1 year)" }),
  },
  indexes: [idx.unique("uniq_batch_key", ["batch_key"]), idx.key("idx_status_expires", ["status", "expires_at"])],
});

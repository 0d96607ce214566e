// Buckets in SQLite and Appwrite's Bucket model (§9).
import type { AppwriteDeps } from "../context";
import { isoDate } from "../context";
import { AppwriteError } from "../errors";
import { ensureStorageSchema } from "./schema";

export interface BucketRow {
  id: string;
  name: string;
  permissions: string;
  file_security: number;
  enabled: number;
  maximum_file_size: number;
  allowed_file_extensions: string;
  compression: string;
  encryption: number;
  antivirus: number;
  transformations: number;
  created_at: number;
  updated_at: number;
}

/** _APP_STORAGE_LIMIT default (30 MB). */
export const DEFAULT_MAX_FILE_SIZE = 30_000_000;

export function getBucketRow(deps: AppwriteDeps, id: string): BucketRow | undefined {
  ensureStorageSchema(deps.db);
  return deps.db.prepare("SELECT * FROM _storage_buckets WHERE id = ?").get(id) as BucketRow | undefined;
}

export function requireBucketRow(deps: AppwriteDeps, id: string): BucketRow {
  const row = getBucketRow(deps, id);
  if (!row) throw new AppwriteError("storage_bucket_not_found");
  return row;
}

export function bucketPermissions(row: BucketRow): string[] {
  return JSON.parse(row.permissions) as string[];
}

export function bucketModel(deps: AppwriteDeps, row: BucketRow): Record<string, unknown> {
  const total = deps.db.prepare("SELECT COALESCE(SUM(size), 0) AS n FROM _storage_files WHERE bucket_id = ? AND chunks_uploaded = chunks_total").get(row.id) as { n: number };
  return {
    $id: row.id,
    $createdAt: isoDate(row.created_at),
    $updatedAt: isoDate(row.updated_at),
    $permissions: bucketPermissions(row),
    fileSecurity: row.file_security === 1,
    name: row.name,
    enabled: row.enabled === 1,
    maximumFileSize: row.maximum_file_size,
    allowedFileExtensions: JSON.parse(row.allowed_file_extensions) as string[],
    compression: row.compression,
    encryption: row.encryption === 1,
    antivirus: row.antivirus === 1,
    transformations: row.transformations === 1,
    totalSize: total.n,
  };
}

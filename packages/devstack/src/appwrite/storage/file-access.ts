// Who may see or change a file (Appwrite storage controllers): keys always; others through the bucket permission
// for the action, or — with fileSecurity — the file's own permission. An unreadable file is 404, never 401.
import type { AppwriteDeps, Caller } from "../context";
import { AppwriteError } from "../errors";
import { bucketPermissions, requireBucketRow, type BucketRow } from "./buckets-store";
import { filePermissions, getFileRow, type FileRow } from "./files-store";
import { allows, type Action } from "./permissions";

/** The bucket as a caller sees it: a disabled bucket is 404 to non-keys. */
export function bucketFor(deps: AppwriteDeps, caller: Caller, bucketId: string): BucketRow {
  const bucket = requireBucketRow(deps, bucketId);
  if (bucket.enabled !== 1 && caller.kind !== "key") throw new AppwriteError("storage_bucket_not_found");
  return bucket;
}

/** True when the bucket grants `action`; false when only file permissions may (fileSecurity). Else 401. */
export function bucketGrants(caller: Caller, bucket: BucketRow, action: Action): boolean {
  if (allows(caller, bucketPermissions(bucket), action)) return true;
  if (bucket.file_security !== 1) throw new AppwriteError("user_unauthorized");
  return false;
}

export function canRead(caller: Caller, bucket: BucketRow, file: FileRow): boolean {
  return allows(caller, bucketPermissions(bucket), "read") || (bucket.file_security === 1 && allows(caller, filePermissions(file), "read"));
}

/** A complete file the caller may perform `action` on: 404 if unreadable, 401 if readable but not permitted. */
export function fileFor(deps: AppwriteDeps, caller: Caller, bucket: BucketRow, fileId: string, action: Action): FileRow {
  const viaBucket = bucketGrants(caller, bucket, action);
  const file = getFileRow(deps, bucket.id, fileId);
  if (!file || file.chunks_uploaded < file.chunks_total || !canRead(caller, bucket, file)) throw new AppwriteError("storage_file_not_found");
  if (!viaBucket && !allows(caller, filePermissions(file), action)) throw new AppwriteError("user_unauthorized");
  return file;
}

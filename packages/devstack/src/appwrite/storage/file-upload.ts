// POST /v1/storage/buckets/{bucketId}/files: multipart upload, whole or in chunks. The SDKs send files over 5 MB
// as chunks with `content-range: bytes a-b/size` (later chunks also `x-appwrite-id`), several at a time and in any
// order after the first; each chunk request is handled synchronously against SQLite, so they cannot interleave.
import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { AppwriteDeps, Caller } from "../context";
import { AppwriteError } from "../errors";
import { resolveId } from "../ids";
import { requireScope } from "../auth/scopes";
import { bucketPermissions, type BucketRow } from "./buckets-store";
import { bucketFor } from "./file-access";
import { publishFileEvent } from "./file-events";
import { extensionOf, fileModel, getFileRow, guessMime, type FileRow } from "./files-store";
import { allows, checkGrantable, defaultFilePermissions, normalizePermissions } from "./permissions";

/** The SDKs' chunk size (Client.CHUNK_SIZE). */
const CHUNK_SIZE = 5 * 1024 * 1024;

interface Upload {
  fileId: string;
  file: File;
  permissions: string[] | undefined;
}

async function readUpload(c: Context, deps: AppwriteDeps): Promise<Upload> {
  if (!(c.req.header("content-type") ?? "").includes("multipart/form-data")) {
    throw new AppwriteError("general_argument_invalid", 'Param "file" is not optional.');
  }
  const form = await c.req.parseBody({ all: true });
  const file = form.file;
  if (!(file instanceof File)) throw new AppwriteError("general_argument_invalid", 'Param "file" is not optional.');
  const rawPerms = form["permissions[]"] ?? form.permissions;
  const permissions = rawPerms === undefined ? undefined : (Array.isArray(rawPerms) ? rawPerms : [rawPerms]).map(String);
  const headerId = c.req.header("x-appwrite-id");
  const fileId = headerId ?? resolveId("fileId", typeof form.fileId === "string" ? form.fileId : undefined, deps.now());
  return { fileId, file, permissions };
}

function parseRange(header: string): { start: number; end: number; size: number } {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  const [start, end, size] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (!m || end < start || end >= size) throw new AppwriteError("storage_invalid_content_range");
  return { start, end, size };
}

function checkLimits(bucket: BucketRow, name: string, size: number): void {
  const allowed = JSON.parse(bucket.allowed_file_extensions) as string[];
  if (allowed.length > 0 && !allowed.includes(extensionOf(name))) throw new AppwriteError("storage_file_type_unsupported");
  if (size > bucket.maximum_file_size) throw new AppwriteError("storage_invalid_file_size");
}

export async function createFile(c: Context, deps: AppwriteDeps): Promise<Response> {
  const caller = c.get("caller") as Caller;
  requireScope(caller, "files.write");
  const bucket = bucketFor(deps, caller, c.req.param("bucketId") ?? "");
  // Only the bucket can grant create; file permissions never do.
  if (!allows(caller, bucketPermissions(bucket), "create")) throw new AppwriteError("user_unauthorized");
  const { fileId, file, permissions } = await readUpload(c, deps);
  const perms = permissions === undefined ? defaultFilePermissions(caller) : normalizePermissions(permissions, ["read", "update", "delete"]);
  checkGrantable(caller, perms);
  const bytes = Buffer.from(await file.arrayBuffer());
  const rangeHeader = c.req.header("content-range");
  const range = rangeHeader ? parseRange(rangeHeader) : { start: 0, end: bytes.length - 1, size: bytes.length };
  if (rangeHeader && bytes.length !== range.end - range.start + 1) throw new AppwriteError("storage_invalid_content_range");
  checkLimits(bucket, file.name, range.size);

  const db = deps.db;
  const now = deps.now();
  const existing = getFileRow(deps, bucket.id, fileId);
  if (existing && (existing.chunks_uploaded >= existing.chunks_total || !rangeHeader)) throw new AppwriteError("storage_file_already_exists");
  const completed = db.transaction((): boolean => {
    if (!existing) {
      const chunkLen = range.end < range.size - 1 ? range.end - range.start + 1 : CHUNK_SIZE;
      db.prepare(
        `INSERT INTO _storage_files (bucket_id, id, name, permissions, mime_type, size, signature, chunks_total, chunks_uploaded, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, '', ?, 0, ?, ?)`,
      ).run(bucket.id, fileId, file.name, JSON.stringify(perms), guessMime(file.name, file.type), range.size, Math.max(1, Math.ceil(range.size / chunkLen)), now, now);
    }
    db.prepare("INSERT OR IGNORE INTO _storage_chunks (bucket_id, file_id, start, data) VALUES (?, ?, ?, ?)").run(bucket.id, fileId, range.start, bytes);
    const got = db.prepare("SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM _storage_chunks WHERE bucket_id = ? AND file_id = ?").get(bucket.id, fileId) as { n: number; bytes: number };
    const row = getFileRow(deps, bucket.id, fileId) as FileRow;
    if (got.bytes < row.size) {
      db.prepare("UPDATE _storage_files SET chunks_uploaded = ?, updated_at = ? WHERE bucket_id = ? AND id = ?").run(Math.min(got.n, row.chunks_total - 1), now, bucket.id, fileId);
      return false;
    }
    const parts = db.prepare("SELECT data FROM _storage_chunks WHERE bucket_id = ? AND file_id = ? ORDER BY start").all(bucket.id, fileId) as { data: Buffer }[];
    const data = Buffer.concat(parts.map((p) => p.data));
    db.prepare("UPDATE _storage_files SET data = ?, signature = ?, chunks_uploaded = chunks_total, updated_at = ? WHERE bucket_id = ? AND id = ?").run(
      data, createHash("md5").update(data).digest("hex"), now, bucket.id, fileId,
    );
    db.prepare("DELETE FROM _storage_chunks WHERE bucket_id = ? AND file_id = ?").run(bucket.id, fileId);
    return true;
  })();

  const row = getFileRow(deps, bucket.id, fileId) as FileRow;
  const model = fileModel(row, bucket);
  // One create event per file, when its last chunk lands (Appwrite also fires on partial chunk requests).
  if (completed) publishFileEvent(deps, bucket, row, "create", model, caller.kind === "user" ? caller.userId : undefined);
  return c.json(model, 201);
}


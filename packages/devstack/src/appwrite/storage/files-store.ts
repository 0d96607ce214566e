// Files in SQLite and Appwrite's File model (§9).
import type { AppwriteDeps } from "../context";
import { isoDate } from "../context";

export interface FileRow {
  bucket_id: string;
  id: string;
  name: string;
  permissions: string;
  mime_type: string;
  size: number;
  signature: string;
  chunks_total: number;
  chunks_uploaded: number;
  created_at: number;
  updated_at: number;
}

/** Every column except the bytes, so listing never loads BLOBs. */
export const FILE_COLUMNS = "bucket_id, id, name, permissions, mime_type, size, signature, chunks_total, chunks_uploaded, created_at, updated_at";

export function getFileRow(deps: AppwriteDeps, bucketId: string, fileId: string): FileRow | undefined {
  return deps.db.prepare(`SELECT ${FILE_COLUMNS} FROM _storage_files WHERE bucket_id = ? AND id = ?`).get(bucketId, fileId) as FileRow | undefined;
}

export function filePermissions(row: FileRow): string[] {
  return JSON.parse(row.permissions) as string[];
}

export function fileModel(row: FileRow, bucket: { encryption: number; compression: string }): Record<string, unknown> {
  return {
    $id: row.id,
    bucketId: row.bucket_id,
    $createdAt: isoDate(row.created_at),
    $updatedAt: isoDate(row.updated_at),
    $permissions: filePermissions(row),
    name: row.name,
    signature: row.signature,
    mimeType: row.mime_type,
    sizeOriginal: row.size,
    // Bytes are stored as uploaded (no compression or encryption at rest), so the actual size is the original.
    sizeActual: row.size,
    chunksTotal: row.chunks_total,
    chunksUploaded: row.chunks_uploaded,
    encryption: bucket.encryption === 1,
    compression: bucket.compression,
  };
}

const MIME: Record<string, string> = {
  json: "application/json", txt: "text/plain", csv: "text/csv", pdf: "application/pdf", png: "image/png", jpg: "image/jpeg",
  jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", svg: "image/svg+xml", html: "text/html", gz: "application/gzip",
  zip: "application/zip", bin: "application/octet-stream", mp4: "video/mp4",
};

/** Appwrite sniffs the content; the devstack goes by extension, then by what the client declared. */
export function guessMime(name: string, declared: string): string {
  const ext = extensionOf(name);
  return MIME[ext] ?? (declared && declared !== "application/octet-stream" ? declared : "application/octet-stream");
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

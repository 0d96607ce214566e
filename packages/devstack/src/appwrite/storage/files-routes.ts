// /v1/storage/buckets/{bucketId}/files: upload (file-upload.ts), list, get, update, delete, and the raw bytes.
import type { Context } from "hono";
import type { AppwriteDeps, Caller } from "../context";
import type { AppwriteApp } from "../server";
import { optBool, optString, optStringArray, readParams } from "../auth/http";
import { listModels } from "../auth/list-query";
import { requireScope } from "../auth/scopes";
import { bucketFor, bucketGrants, canRead, fileFor } from "./file-access";
import { publishFileEvent } from "./file-events";
import { createFile } from "./file-upload";
import { FILE_COLUMNS, fileModel, type FileRow } from "./files-store";
import { checkGrantable, normalizePermissions } from "./permissions";
import { ensureStorageSchema } from "./schema";

const FILES = "/v1/storage/buckets/:bucketId/files";

export function registerFileRoutes(app: AppwriteApp, deps: AppwriteDeps): void {
  ensureStorageSchema(deps.db);
  const caller = (c: Context) => c.get("caller") as Caller;
  const userIdOf = (who: Caller) => (who.kind === "user" ? who.userId : undefined);

  app.post(FILES, (c) => createFile(c, deps));

  app.get(FILES, async (c) => {
    const who = caller(c);
    requireScope(who, "files.read");
    const bucket = bucketFor(deps, who, c.req.param("bucketId"));
    const viaBucket = bucketGrants(who, bucket, "read");
    const p = await readParams(c);
    const rows = deps.db.prepare(`SELECT ${FILE_COLUMNS} FROM _storage_files WHERE bucket_id = ? AND chunks_uploaded = chunks_total ORDER BY rowid`).all(bucket.id) as FileRow[];
    // With fileSecurity and no bucket read, files are filtered silently by their own read permission.
    const visible = viaBucket ? rows : rows.filter((f) => canRead(who, bucket, f));
    const { total, items } = listModels(visible.map((f) => fileModel(f, bucket)), optStringArray(p, "queries") ?? [], {
      attributes: ["name", "signature", "mimeType", "sizeOriginal", "chunksTotal", "chunksUploaded"],
      search: optString(p, "search", 256),
      searchFields: ["$id", "name"],
      total: optBool(p, "total"),
    });
    return c.json({ total, files: items });
  });

  app.get(`${FILES}/:fileId`, (c) => {
    const who = caller(c);
    requireScope(who, "files.read");
    const bucket = bucketFor(deps, who, c.req.param("bucketId"));
    return c.json(fileModel(fileFor(deps, who, bucket, c.req.param("fileId"), "read"), bucket));
  });

  app.put(`${FILES}/:fileId`, async (c) => {
    const who = caller(c);
    requireScope(who, "files.write");
    const bucket = bucketFor(deps, who, c.req.param("bucketId"));
    const file = fileFor(deps, who, bucket, c.req.param("fileId"), "update");
    const p = await readParams(c);
    const raw = optStringArray(p, "permissions");
    const perms = raw === undefined ? undefined : normalizePermissions(raw, ["read", "update", "delete"]);
    if (perms) checkGrantable(who, perms);
    deps.db
      .prepare("UPDATE _storage_files SET name = ?, permissions = ?, updated_at = ? WHERE bucket_id = ? AND id = ?")
      .run(optString(p, "name", 255) ?? file.name, perms ? JSON.stringify(perms) : file.permissions, deps.now(), bucket.id, file.id);
    const row = deps.db.prepare(`SELECT ${FILE_COLUMNS} FROM _storage_files WHERE bucket_id = ? AND id = ?`).get(bucket.id, file.id) as FileRow;
    const model = fileModel(row, bucket);
    publishFileEvent(deps, bucket, row, "update", model, userIdOf(who));
    return c.json(model);
  });

  app.delete(`${FILES}/:fileId`, (c) => {
    const who = caller(c);
    requireScope(who, "files.write");
    const bucket = bucketFor(deps, who, c.req.param("bucketId"));
    const file = fileFor(deps, who, bucket, c.req.param("fileId"), "delete");
    deps.db.prepare("DELETE FROM _storage_files WHERE bucket_id = ? AND id = ?").run(bucket.id, file.id);
    publishFileEvent(deps, bucket, file, "delete", fileModel(file, bucket), userIdOf(who));
    return c.body(null, 204);
  });

  // download = attachment, view/preview = inline; preview applies no image transformations in the devstack.
  for (const [suffix, disposition] of [["download", "attachment"], ["view", "inline"], ["preview", "inline"]] as const) {
    app.get(`${FILES}/:fileId/${suffix}`, (c) => {
      const who = caller(c);
      requireScope(who, "files.read");
      const bucket = bucketFor(deps, who, c.req.param("bucketId"));
      const file = fileFor(deps, who, bucket, c.req.param("fileId"), "read");
      const { data } = deps.db.prepare("SELECT data FROM _storage_files WHERE bucket_id = ? AND id = ?").get(bucket.id, file.id) as { data: Buffer };
      return c.body(new Uint8Array(data), 200, {
        "content-type": file.mime_type,
        "content-disposition": `${disposition}; filename="${file.name.replace(/"/g, "")}"`,
        "content-length": String(data.length),
      });
    });
  }
}

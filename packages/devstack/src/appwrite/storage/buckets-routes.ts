// /v1/storage/buckets: bucket CRUD (API keys with buckets.read / buckets.write).
import type { Context } from "hono";
import type { AppwriteDeps, Caller } from "../context";
import { AppwriteError } from "../errors";
import type { AppwriteApp } from "../server";
import { optBool, optInt, optString, optStringArray, readParams, reqString, type Params } from "../auth/http";
import { resolveId } from "../ids";
import { listModels } from "../auth/list-query";
import { requireScope } from "../auth/scopes";
import { DEFAULT_MAX_FILE_SIZE, bucketModel, requireBucketRow, type BucketRow } from "./buckets-store";
import { normalizePermissions } from "./permissions";
import { ensureStorageSchema } from "./schema";

const COMPRESSIONS = new Set(["none", "gzip", "zstd"]);

function settings(p: Params, base?: BucketRow) {
  const compression = optString(p, "compression") ?? base?.compression ?? "none";
  if (!COMPRESSIONS.has(compression)) throw new AppwriteError("general_argument_invalid", "Invalid `compression` param: Value must be one of (none, gzip, zstd)");
  const bool = (name: string, current: number | undefined, dflt: boolean) => ((optBool(p, name) ?? (current === undefined ? dflt : current === 1)) ? 1 : 0);
  const perms = optStringArray(p, "permissions");
  return {
    name: reqString(p, "name", 128),
    permissions: perms ? JSON.stringify(normalizePermissions(perms, ["read", "create", "update", "delete"])) : (base?.permissions ?? "[]"),
    file_security: bool("fileSecurity", base?.file_security, false),
    enabled: bool("enabled", base?.enabled, true),
    maximum_file_size: optInt(p, "maximumFileSize", 1, Number.MAX_SAFE_INTEGER) ?? base?.maximum_file_size ?? DEFAULT_MAX_FILE_SIZE,
    allowed_file_extensions: JSON.stringify((optStringArray(p, "allowedFileExtensions", 100, 64) ?? (base ? (JSON.parse(base.allowed_file_extensions) as string[]) : [])).map((e) => e.toLowerCase())),
    compression,
    encryption: bool("encryption", base?.encryption, true),
    antivirus: bool("antivirus", base?.antivirus, true),
    transformations: bool("transformations", base?.transformations, true),
  };
}

export function registerBucketRoutes(app: AppwriteApp, deps: AppwriteDeps): void {
  ensureStorageSchema(deps.db);
  const caller = (c: Context) => c.get("caller") as Caller;

  app.post("/v1/storage/buckets", async (c) => {
    requireScope(caller(c), "buckets.write");
    const p = await readParams(c);
    const id = resolveId("bucketId", p.bucketId ?? reqString(p, "bucketId"), deps.now());
    if (deps.db.prepare("SELECT 1 FROM _storage_buckets WHERE id = ?").get(id)) throw new AppwriteError("storage_bucket_already_exists");
    const s = settings(p);
    const now = deps.now();
    deps.db
      .prepare(
        `INSERT INTO _storage_buckets (id, name, permissions, file_security, enabled, maximum_file_size, allowed_file_extensions, compression, encryption, antivirus, transformations, created_at, updated_at)
         VALUES (@id, @name, @permissions, @file_security, @enabled, @maximum_file_size, @allowed_file_extensions, @compression, @encryption, @antivirus, @transformations, @now, @now)`,
      )
      .run({ ...s, id, now });
    return c.json(bucketModel(deps, requireBucketRow(deps, id)), 201);
  });

  app.get("/v1/storage/buckets", async (c) => {
    requireScope(caller(c), "buckets.read");
    const p = await readParams(c);
    const all = (deps.db.prepare("SELECT * FROM _storage_buckets ORDER BY rowid").all() as BucketRow[]).map((b) => bucketModel(deps, b));
    const { total, items } = listModels(all, optStringArray(p, "queries") ?? [], {
      attributes: ["enabled", "name", "fileSecurity", "maximumFileSize", "encryption", "antivirus"],
      search: optString(p, "search", 256),
      searchFields: ["$id", "name"],
      total: optBool(p, "total"),
    });
    return c.json({ total, buckets: items });
  });

  app.get("/v1/storage/buckets/:bucketId", (c) => {
    requireScope(caller(c), "buckets.read");
    return c.json(bucketModel(deps, requireBucketRow(deps, c.req.param("bucketId"))));
  });

  app.put("/v1/storage/buckets/:bucketId", async (c) => {
    requireScope(caller(c), "buckets.write");
    const p = await readParams(c);
    const row = requireBucketRow(deps, c.req.param("bucketId"));
    const s = settings(p, row);
    deps.db
      .prepare(
        `UPDATE _storage_buckets SET name = @name, permissions = @permissions, file_security = @file_security, enabled = @enabled,
         maximum_file_size = @maximum_file_size, allowed_file_extensions = @allowed_file_extensions, compression = @compression,
         encryption = @encryption, antivirus = @antivirus, transformations = @transformations, updated_at = @now WHERE id = @id`,
      )
      .run({ ...s, id: row.id, now: deps.now() });
    return c.json(bucketModel(deps, requireBucketRow(deps, row.id)));
  });

  app.delete("/v1/storage/buckets/:bucketId", (c) => {
    requireScope(caller(c), "buckets.write");
    const row = requireBucketRow(deps, c.req.param("bucketId"));
    deps.db.transaction(() => {
      for (const t of ["_storage_chunks", "_storage_files"]) deps.db.prepare(`DELETE FROM ${t} WHERE bucket_id = ?`).run(row.id);
      deps.db.prepare("DELETE FROM _storage_buckets WHERE id = ?").run(row.id);
    })();
    return c.body(null, 204);
  });
}

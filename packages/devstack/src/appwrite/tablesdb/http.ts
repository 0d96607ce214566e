// Transport glue shared by the route files: the two dialects (TablesDB and legacy Databases) with their names,
// the request context (caller, response format), legacy error renaming, and list-param helpers.
import type { Context } from "hono";
import { AppwriteError, legacyType, type AppwriteErrorType } from "../errors";
import type { AppwriteEnv } from "../server";
import { readParams, type Params } from "./params";
import { parseQueries, type Filter } from "./queries";
import type { Ctx } from "./service";

/** The words of each dialect: paths, param names, response keys. */
export interface Dialect {
  legacy: boolean;
  base: string;
  tables: string;
  columns: string;
  rows: string;
  tableParam: string;
  rowParam: string;
  rowSecurity: string;
  tableIdKey: string;
  indexColumns: string;
}

export const TABLESDB: Dialect = {
  legacy: false,
  base: "/v1/tablesdb",
  tables: "tables",
  columns: "columns",
  rows: "rows",
  tableParam: "tableId",
  rowParam: "rowId",
  rowSecurity: "rowSecurity",
  tableIdKey: "$tableId",
  indexColumns: "columns",
};

export const LEGACY: Dialect = {
  legacy: true,
  base: "/v1/databases",
  tables: "collections",
  columns: "attributes",
  rows: "documents",
  tableParam: "collectionId",
  rowParam: "documentId",
  rowSecurity: "documentSecurity",
  tableIdKey: "$collectionId",
  indexColumns: "attributes",
};

/** Formats below 1.9.0 get `$sequence` as an int (Appwrite's V21 response filter). No header = latest. */
export function sequenceAsInt(header: string | undefined): boolean {
  if (!header) return false;
  const [major = 0, minor = 0] = header.split(".").map((n) => Number(n));
  return major < 1 || (major === 1 && minor < 9);
}

const LEGACY_EXTRA: Partial<Record<AppwriteErrorType, AppwriteErrorType>> = {
  column_index_already_exists: "index_already_exists",
  column_index_not_found: "index_not_found",
  row_missing_payload: "document_missing_payload",
};

/** The legacy routes answer with document_/collection_/attribute_ types and words. */
function toLegacy(e: AppwriteError): AppwriteError {
  const type = LEGACY_EXTRA[e.type] ?? legacyType(e.type);
  if (type === e.type) return e;
  const message = e.message.replace(/^Row /, "Document ").replace(/^Table /, "Collection ").replace(/^Column /, "Attribute ");
  return new AppwriteError(type, message);
}

export type Handler = (c: Context<AppwriteEnv>, ctx: Ctx, p: Params) => Response | Promise<Response>;

/** Wraps a route: parses params, builds the context, renames errors for the legacy dialect. */
export function route(d: Dialect, fn: Handler): (c: Context<AppwriteEnv>) => Promise<Response> {
  return async (c) => {
    const ctx: Ctx = { caller: c.get("caller"), api: { legacy: d.legacy, sequenceAsInt: sequenceAsInt(c.req.header("x-appwrite-response-format")) } };
    try {
      const p = await readParams(c);
      return await fn(c, ctx, p);
    } catch (e) {
      if (d.legacy && e instanceof AppwriteError) throw toLegacy(e);
      throw e;
    }
  };
}

/** `queries` as a list whatever way it arrived (array, single string, absent). */
export function queriesParam(p: Params): unknown[] {
  const q = p.raw("queries");
  if (q === undefined || q === null || q === "") return [];
  return Array.isArray(q) ? (q as unknown[]) : [q];
}

/** `total` defaults to true; `false` answers total 0 without counting. */
export function totalParam(p: Params): boolean {
  return p.optBool("total") ?? true;
}

/**
 * Lists of metadata (databases, tables, columns, indexes, transactions) are small: filtered in JS with
 * equal/notEqual, `search` on name/id, limit and offset.
 */
export function listMeta<T extends Record<string, unknown>>(items: T[], p: Params): { total: number; items: T[] } {
  const plan = parseQueries(queriesParam(p));
  const test = (item: T, f: Filter): boolean => {
    if ("queries" in f) return f.method === "and" ? f.queries.every((q) => test(item, q)) : f.queries.some((q) => test(item, q));
    const v = item[f.attribute];
    if (f.method === "equal") return f.values.includes(v);
    if (f.method === "notEqual") return !f.values.includes(v);
    throw new AppwriteError("general_query_invalid", `Invalid query: ${f.method} is not supported on this list`);
  };
  const search = p.optString("search")?.toLowerCase();
  const text = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : "");
  const matched = items.filter(
    (i) => plan.filters.every((f) => test(i, f)) && (!search || text(i.name).includes(search) || text(i.$id ?? i.key).includes(search)),
  );
  const limit = plan.limit ?? 25;
  return { total: totalParam(p) ? matched.length : 0, items: matched.slice(plan.offset, plan.offset + limit) };
}

/** A path parameter (the untyped route context types them as possibly undefined). */
export function arg(c: Context<AppwriteEnv>, name: string): string {
  return c.req.param(name) ?? "";
}

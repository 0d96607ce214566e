// A typed repository over one table of @chizze/schema: `repo(tablesDB, T.orders)`. Writes are validated with the
// table's zod schemas before anything is sent, so a bug never half-writes; rows come back parsed with `T.x.row`.
// Failures are the typed errors of ../errors.ts (NotFound from get() becomes null). Node only.
//
// Schema drift (a stored row that no longer matches `T.x.row`: a column renamed in code but not in the database, a
// value written by hand) is thrown as RowDrift when `strict` (every environment but production, so tests and staging
// fail loudly). In production it is reported through `onDrift` and the row is returned as Appwrite sent it: one odd
// row must not take an endpoint down, and the report says which row to fix.
import { Query, type TablesDB } from "node-appwrite";
import { DATABASE_ID, type DataOf, type PatchOf, type RowOf, type Table } from "@chizze/schema";
import type { z } from "zod";
import { InvalidRowData, NotFound, RowDrift } from "../errors";
import { appwriteCall } from "./errors";

export interface RepoOptions {
  databaseId?: string;
  /** Throw RowDrift on a row that fails its schema. Default true; pass config.strictRows. */
  strict?: boolean;
  /** Told about drift when not strict. */
  onDrift?: (drift: RowDrift) => void;
}

/** Columns of a table whose stored value is a number (what increment/decrement accept). */
export type NumericColumn<Tb extends Table> = {
  [K in keyof RowOf<Tb>]-?: K extends `$${string}` ? never : NonNullable<RowOf<Tb>[K]> extends number ? K : never;
}[keyof RowOf<Tb>] &
  string;

export interface Page<R> {
  rows: R[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
}

/** Validates a create payload (full row) against the table; throws InvalidRowData. */
export function checkData<Tb extends Table>(table: Tb, data: DataOf<Tb>): Record<string, unknown> {
  const parsed = table.data.safeParse(data);
  if (!parsed.success) throw new InvalidRowData(table.id, issuesOf(parsed.error));
  return parsed.data;
}

/** Validates an update payload (any subset of columns) against the table; throws InvalidRowData. */
export function checkPatch<Tb extends Table>(table: Tb, patch: PatchOf<Tb>): Record<string, unknown> {
  const parsed = table.patch.safeParse(patch);
  if (!parsed.success) throw new InvalidRowData(table.id, issuesOf(parsed.error));
  return parsed.data;
}

/** Checks that `column` is a numeric column of the table (the type system already does; this guards casts). */
export function checkNumericColumn(table: Table, column: string): void {
  const spec = table.columns[column]?.spec;
  if (!spec || (spec.type !== "integer" && spec.type !== "double")) throw new InvalidRowData(table.id, [{ path: column, message: "not a numeric column" }]);
}

/** Parses a row Appwrite returned; see the file comment for strict vs lenient. */
export function parseRow<Tb extends Table>(table: Tb, raw: unknown, opts: Pick<RepoOptions, "strict" | "onDrift"> = {}): RowOf<Tb> {
  const parsed = table.row.safeParse(raw);
  if (parsed.success) return parsed.data as RowOf<Tb>;
  const id = typeof raw === "object" && raw !== null && typeof (raw as { $id?: unknown }).$id === "string" ? (raw as { $id: string }).$id : "?";
  const drift = new RowDrift(table.id, id, issuesOf(parsed.error));
  if (opts.strict ?? true) throw drift;
  opts.onDrift?.(drift);
  return raw as RowOf<Tb>;
}

export interface Repo<Tb extends Table> {
  readonly table: Tb;
  /** The row, or null when it does not exist (or is not readable with this key). */
  get(id: string, opts?: { select?: string[] }): Promise<RowOf<Tb> | null>;
  /**
   * One page of rows matching `queries` (filters and orders; page size and cursor go in `page`, because Appwrite
   * honours only the first limit/cursor of a query list).
   */
  list(queries?: string[], page?: { limit?: number; cursor?: string | null }): Promise<Page<RowOf<Tb>>>;
  /** How many rows match `queries` (Appwrite's `total`; no row is read or parsed). For gauges and reports. */
  count(queries?: string[]): Promise<number>;
  /** Throws Conflict when a row with `id` exists (deterministic ids make creates idempotent). */
  create(id: string, data: DataOf<Tb>, permissions?: string[]): Promise<RowOf<Tb>>;
  /** Partial update; throws NotFound when the row does not exist. Omitted permissions keep the row's. */
  update(id: string, patch: PatchOf<Tb>, permissions?: string[]): Promise<RowOf<Tb>>;
  /** Create or replace with a full row. */
  upsert(id: string, data: DataOf<Tb>, permissions?: string[]): Promise<RowOf<Tb>>;
  /** True when a row was deleted, false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Atomic `column += by`; throws BoundExceeded when the result would pass `max`. */
  increment(id: string, column: NumericColumn<Tb>, by?: number, bounds?: { max?: number }): Promise<RowOf<Tb>>;
  /** Atomic `column -= by`; throws BoundExceeded when the result would fall below `min` (stock: min 0). */
  decrement(id: string, column: NumericColumn<Tb>, by?: number, bounds?: { min?: number }): Promise<RowOf<Tb>>;
}

export function repo<Tb extends Table>(tablesDB: TablesDB, table: Tb, opts: RepoOptions = {}): Repo<Tb> {
  const where = { databaseId: opts.databaseId ?? DATABASE_ID, tableId: table.id };
  const parse = (raw: unknown): RowOf<Tb> => parseRow(table, raw, opts);
  const label = (op: string, id?: string) => `${op} ${table.id}${id ? `/${id}` : ""}`;

  return {
    table,

    async get(id, o = {}) {
      try {
        const raw = await appwriteCall(label("get", id), () => tablesDB.getRow({ ...where, rowId: id, ...(o.select ? { queries: [Query.select(o.select)] } : {}) }));
        return parse(raw);
      } catch (err) {
        if (err instanceof NotFound) return null;
        throw err;
      }
    },

    async list(queries = [], page = {}) {
      const limit = Math.min(Math.max(1, page.limit ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
      // One extra row tells whether another page exists without asking Appwrite to count.
      const q = [...queries, Query.limit(limit + 1), ...(page.cursor ? [Query.cursorAfter(page.cursor)] : [])];
      const res = await appwriteCall(label("list"), () => tablesDB.listRows({ ...where, queries: q, total: false }));
      const rows = res.rows.slice(0, limit).map(parse);
      const last = rows[rows.length - 1];
      return { rows, nextCursor: res.rows.length > limit && last ? (last as { $id: string }).$id : null };
    },

    async count(queries = []) {
      const res = await appwriteCall(label("count"), () => tablesDB.listRows({ ...where, queries: [...queries, Query.limit(1), Query.select(["$id"])], total: true }));
      return res.total;
    },

    async create(id, data, permissions) {
      const body = checkData(table, data);
      return parse(await appwriteCall(label("create", id), () => tablesDB.createRow({ ...where, rowId: id, data: body, ...(permissions ? { permissions } : {}) })));
    },

    async update(id, patch, permissions) {
      const body = checkPatch(table, patch);
      return parse(await appwriteCall(label("update", id), () => tablesDB.updateRow({ ...where, rowId: id, data: body, ...(permissions ? { permissions } : {}) })));
    },

    async upsert(id, data, permissions) {
      const body = checkData(table, data);
      return parse(await appwriteCall(label("upsert", id), () => tablesDB.upsertRow({ ...where, rowId: id, data: body, ...(permissions ? { permissions } : {}) })));
    },

    async delete(id) {
      try {
        await appwriteCall(label("delete", id), () => tablesDB.deleteRow({ ...where, rowId: id }));
        return true;
      } catch (err) {
        if (err instanceof NotFound) return false;
        throw err;
      }
    },

    async increment(id, column, by = 1, bounds = {}) {
      checkNumericColumn(table, column);
      return parse(
        await appwriteCall(label("increment", id), () =>
          tablesDB.incrementRowColumn({ ...where, rowId: id, column, value: by, ...(bounds.max !== undefined ? { max: bounds.max } : {}) }),
        ),
      );
    },

    async decrement(id, column, by = 1, bounds = {}) {
      checkNumericColumn(table, column);
      return parse(
        await appwriteCall(label("decrement", id), () =>
          tablesDB.decrementRowColumn({ ...where, rowId: id, column, value: by, ...(bounds.min !== undefined ? { min: bounds.min } : {}) }),
        ),
      );
    },
  };
}

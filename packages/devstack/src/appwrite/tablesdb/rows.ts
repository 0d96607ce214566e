// Row storage primitives over one row table: read, insert, update, delete, increment — structure validation,
// defaults, operators and the permission side table included, permission *checks* excluded (service.ts does
// those). Synchronous, so a caller's db.transaction() makes any sequence of them atomic.
import type Database from "better-sqlite3";
import { AppwriteError } from "../errors";
import { applyOperator, asOperator } from "./operators";
import { permissionPairs } from "./permissions";
import { rowData, type StoredRow } from "./row-model";
import { columnName } from "./sqlnames";
import { stmt } from "./statements";
import type { TableMeta } from "./types";
import { encodeValue, normaliseDatetime, validateValue } from "./values";

/** Input keys that are never data: read-only `$` attributes are dropped as Appwrite does. */
const DROPPED = new Set(["$id", "$sequence", "$databaseId", "$tableId", "$collectionId", "$permissions"]);

export interface RowWrite {
  /** Column values (may hold operator strings); `$createdAt`/`$updatedAt` only honoured when `privileged`. */
  data: Record<string, unknown>;
  permissions?: string[];
  privileged: boolean;
}

export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

export const alreadyExists = (id: string): AppwriteError =>
  new AppwriteError(
    "row_already_exists",
    `Row with the requested ID '${id}' already exists. Try again with a different ID or use ID.unique() to generate a unique ID.`,
  );

const structure = (message: string): AppwriteError => new AppwriteError("row_invalid_structure", `Invalid document structure: ${message}`);

export class RowStore {
  constructor(
    private readonly db: Database.Database,
    private readonly isoNow: () => string,
    private readonly nowMs: () => number,
  ) {}

  get(t: TableMeta, id: string): StoredRow | undefined {
    return stmt(this.db, `SELECT * FROM ${t.rowsTable} WHERE _id = ?`).get(id) as StoredRow | undefined;
  }

  bySeq(t: TableMeta, seq: number): StoredRow {
    return stmt(this.db, `SELECT * FROM ${t.rowsTable} WHERE _seq = ?`).get(seq) as StoredRow;
  }

  /** Validated column values of a write: unknown keys rejected, operators applied to `current`. */
  private values(t: TableMeta, data: Record<string, unknown>, current: Record<string, unknown> | undefined): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const [key, value] of Object.entries(data)) {
      if (key.startsWith("$")) {
        if (DROPPED.has(key) || key === "$createdAt" || key === "$updatedAt") continue;
        throw structure(`Unknown attribute: "${key}"`);
      }
      const col = t.columns.find((c) => c.key === key);
      if (!col) throw structure(`Unknown attribute: "${key}"`);
      const op = asOperator(value);
      const v = op ? applyOperator(col, op, current?.[key] ?? null, this.nowMs()) : value;
      out.set(key, validateValue(col, v));
    }
    return out;
  }

  private timestamps(w: RowWrite): { createdAt?: string; updatedAt?: string } {
    if (!w.privileged) return {};
    const pick = (k: string): string | undefined => {
      const v = w.data[k];
      if (v === undefined || v === null) return undefined;
      const d = normaliseDatetime(v);
      if (d === undefined) throw structure(`Attribute "${k}" has invalid format. Value must be valid date.`);
      return d;
    };
    return { createdAt: pick("$createdAt"), updatedAt: pick("$updatedAt") };
  }

  private writePermissions(t: TableMeta, seq: number, perms: readonly string[], replace: boolean): void {
    if (replace) stmt(this.db, `DELETE FROM ${t.permsTable} WHERE row_seq = ?`).run(seq);
    const ins = stmt(this.db, `INSERT OR IGNORE INTO ${t.permsTable} (action, role, row_seq) VALUES (?, ?, ?)`);
    for (const [action, role] of permissionPairs(perms)) ins.run(action, role, seq);
  }

  /** Inserts a new row (defaults for absent columns, required checked). 409 row_already_exists on id/unique clash. */
  insert(t: TableMeta, id: string, w: RowWrite): StoredRow {
    const values = this.values(t, w.data, undefined);
    for (const col of t.columns) {
      if (!values.has(col.key)) values.set(col.key, validateValue(col, col.default ?? null));
    }
    const now = this.isoNow();
    const ts = this.timestamps(w);
    const cols = t.columns.map((c) => columnName(c.key));
    const sql = `INSERT INTO ${t.rowsTable} (_id, _createdAt, _updatedAt, _permissions${cols.map((c) => `, ${c}`).join("")}) VALUES (?, ?, ?, ?${cols.map(() => ", ?").join("")})`;
    const perms = w.permissions ?? [];
    let seq: number;
    try {
      const info = stmt(this.db, sql).run(
        id,
        ts.createdAt ?? now,
        ts.updatedAt ?? now,
        JSON.stringify(perms),
        ...t.columns.map((c) => encodeValue(c, values.get(c.key))),
      );
      seq = Number(info.lastInsertRowid);
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists(id);
      throw e;
    }
    this.writePermissions(t, seq, perms, false);
    return this.bySeq(t, seq);
  }

  /** Partial update: only given columns change; permissions kept when `w.permissions` is undefined. */
  update(t: TableMeta, row: StoredRow, w: RowWrite): StoredRow {
    const current = rowData(t, row);
    const values = this.values(t, w.data, current);
    const merged = t.columns.map((c) => encodeValue(c, values.has(c.key) ? values.get(c.key) : current[c.key]));
    const ts = this.timestamps(w);
    const perms = w.permissions ?? (JSON.parse(row._permissions) as string[]);
    const cols = t.columns.map((c) => `, ${columnName(c.key)} = ?`).join("");
    const sql = `UPDATE ${t.rowsTable} SET _createdAt = ?, _updatedAt = ?, _permissions = ?, _version = _version + 1${cols} WHERE _seq = ?`;
    try {
      stmt(this.db, sql).run(ts.createdAt ?? row._createdAt, ts.updatedAt ?? this.isoNow(), JSON.stringify(perms), ...merged, row._seq);
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists(row._id);
      throw e;
    }
    if (w.permissions) this.writePermissions(t, row._seq, perms, true);
    return this.bySeq(t, row._seq);
  }

  delete(t: TableMeta, row: StoredRow): void {
    stmt(this.db, `DELETE FROM ${t.rowsTable} WHERE _seq = ?`).run(row._seq);
    stmt(this.db, `DELETE FROM ${t.permsTable} WHERE row_seq = ?`).run(row._seq);
  }

  /**
   * increment/decrement endpoints: `bound` is `max` (increment) or `min` (decrement). A result that would cross the
   * bound is rejected (400 column_limit_exceeded), as utopia's increaseDocumentAttribute throws LimitException.
   */
  increment(t: TableMeta, row: StoredRow, key: string, delta: number, bound: number | undefined, legacy: boolean): StoredRow {
    const col = t.columns.find((c) => c.key === key);
    const noun = legacy ? "Attribute" : "Column";
    if (!col) throw new AppwriteError(legacy ? "attribute_not_found" : "column_not_found", `${noun} with the requested key '${key}' could not be found.`);
    if ((col.type !== "integer" && col.type !== "bigint" && col.type !== "double") || col.array) {
      throw new AppwriteError(legacy ? "attribute_type_invalid" : "column_type_invalid", `${noun} "${key}" is not a number`);
    }
    const current = rowData(t, row)[key];
    const next = (typeof current === "number" ? current : 0) + delta;
    if (bound !== undefined && (delta >= 0 ? next > bound : next < bound)) {
      throw new AppwriteError(
        legacy ? "attribute_limit_exceeded" : "column_limit_exceeded",
        `${noun} "${key}" has reached the ${delta >= 0 ? "maximum" : "minimum"} value of ${bound}`,
      );
    }
    return this.update(t, row, { data: { [key]: col.type === "double" ? next : Math.round(next) }, privileged: false });
  }
}

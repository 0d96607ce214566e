// The catalog: metadata of databases, tables, columns and indexes (tables `_tdb_*`) and the DDL that keeps each
// Appwrite table a real SQLite table (`r_<seq>`) with real indexes and a row-permission side table (`p_<seq>`).
import type Database from "better-sqlite3";
import { AppwriteError } from "../errors";
import { stmt } from "./statements";
import { columnName, indexName, permsTableName, quote, rowsTableName, SYSTEM_COLUMNS } from "./sqlnames";
import type { ColumnSpec, DatabaseMeta, IndexSpec, TableMeta } from "./types";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS _tdb_databases (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, enabled INTEGER NOT NULL,
  type TEXT NOT NULL, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS _tdb_tables (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, databaseId TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
  enabled INTEGER NOT NULL, rowSecurity INTEGER NOT NULL, permissions TEXT NOT NULL,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL, UNIQUE (databaseId, id));
CREATE TABLE IF NOT EXISTS _tdb_columns (
  tableSeq INTEGER NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (tableSeq, key));
CREATE TABLE IF NOT EXISTS _tdb_indexes (
  tableSeq INTEGER NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (tableSeq, key));
`;

interface DbRow { seq: number; id: string; name: string; enabled: number; type: string; createdAt: string; updatedAt: string }
interface TableRow extends Omit<DbRow, "type"> { databaseId: string; rowSecurity: number; permissions: string }

const toDb = (r: DbRow): DatabaseMeta => ({ ...r, enabled: r.enabled === 1 });

const SQL_TYPE: Record<string, string> = {
  integer: "INTEGER",
  bigint: "INTEGER",
  boolean: "INTEGER",
  double: "REAL",
};

export class Catalog {
  /** TableMeta by `${databaseId}/${tableId}`; dropped on every DDL touching the table. */
  private readonly tables = new Map<string, TableMeta>();

  /** DatabaseMeta by id (every API request reads its database); dropped on any change to that database. */
  private readonly databases = new Map<string, DatabaseMeta>();

  constructor(readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /** Runs several catalog changes atomically; on failure the cache is dropped so no rolled-back table lingers. */
  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (e) {
      this.tables.clear();
      this.databases.clear();
      throw e;
    }
  }

  // ---- databases -------------------------------------------------------------------------------------------

  getDatabase(id: string): DatabaseMeta | undefined {
    const cached = this.databases.get(id);
    if (cached) return cached;
    const r = stmt(this.db, "SELECT * FROM _tdb_databases WHERE id = ?").get(id) as DbRow | undefined;
    if (!r) return undefined;
    const meta = toDb(r);
    this.databases.set(id, meta);
    return meta;
  }

  requireDatabase(id: string): DatabaseMeta {
    const d = this.getDatabase(id);
    if (!d) throw new AppwriteError("database_not_found", `Database with the requested ID '${id}' could not be found.`);
    return d;
  }

  listDatabases(): DatabaseMeta[] {
    return (stmt(this.db, "SELECT * FROM _tdb_databases ORDER BY seq").all() as DbRow[]).map(toDb);
  }

  createDatabase(id: string, name: string, enabled: boolean, now: string): DatabaseMeta {
    if (this.getDatabase(id)) throw new AppwriteError("database_already_exists");
    stmt(this.db, "INSERT INTO _tdb_databases (id, name, enabled, type, createdAt, updatedAt) VALUES (?, ?, ?, 'tablesdb', ?, ?)").run(
      id,
      name,
      enabled ? 1 : 0,
      now,
      now,
    );
    return this.requireDatabase(id);
  }

  updateDatabase(id: string, name: string, enabled: boolean, now: string): DatabaseMeta {
    this.requireDatabase(id);
    stmt(this.db, "UPDATE _tdb_databases SET name = ?, enabled = ?, updatedAt = ? WHERE id = ?").run(name, enabled ? 1 : 0, now, id);
    this.forgetDatabase(id);
    return this.requireDatabase(id);
  }

  deleteDatabase(id: string): void {
    this.requireDatabase(id);
    this.db.transaction(() => {
      for (const t of this.listTables(id)) this.dropTableStorage(t);
      stmt(this.db, "DELETE FROM _tdb_databases WHERE id = ?").run(id);
    })();
    this.forgetDatabase(id);
  }

  private forgetDatabase(id: string): void {
    this.databases.delete(id);
    for (const k of [...this.tables.keys()]) if (k.startsWith(`${id}/`)) this.tables.delete(k);
  }

  // ---- tables ----------------------------------------------------------------------------------------------

  getTable(databaseId: string, tableId: string): TableMeta | undefined {
    const cacheKey = `${databaseId}/${tableId}`;
    const cached = this.tables.get(cacheKey);
    if (cached) return cached;
    const r = stmt(this.db, "SELECT * FROM _tdb_tables WHERE databaseId = ? AND id = ?").get(databaseId, tableId) as TableRow | undefined;
    if (!r) return undefined;
    const columns = (stmt(this.db, "SELECT spec FROM _tdb_columns WHERE tableSeq = ? ORDER BY position").all(r.seq) as { spec: string }[]).map(
      (c) => JSON.parse(c.spec) as ColumnSpec,
    );
    const indexes = (stmt(this.db, "SELECT spec FROM _tdb_indexes WHERE tableSeq = ? ORDER BY position").all(r.seq) as { spec: string }[]).map(
      (c) => JSON.parse(c.spec) as IndexSpec,
    );
    const meta: TableMeta = {
      seq: r.seq,
      databaseId: r.databaseId,
      id: r.id,
      name: r.name,
      enabled: r.enabled === 1,
      rowSecurity: r.rowSecurity === 1,
      permissions: JSON.parse(r.permissions) as string[],
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      columns,
      indexes,
      rowsTable: rowsTableName(r.seq),
      permsTable: permsTableName(r.seq),
    };
    this.tables.set(cacheKey, meta);
    return meta;
  }

  requireTable(databaseId: string, tableId: string): TableMeta {
    const t = this.getTable(databaseId, tableId);
    if (!t) throw new AppwriteError("table_not_found", `Table with the requested ID '${tableId}' could not be found.`);
    return t;
  }

  listTables(databaseId: string): TableMeta[] {
    const ids = stmt(this.db, "SELECT id FROM _tdb_tables WHERE databaseId = ? ORDER BY seq").all(databaseId) as { id: string }[];
    return ids.map((r) => this.requireTable(databaseId, r.id));
  }

  createTable(
    databaseId: string,
    tableId: string,
    props: { name: string; enabled: boolean; rowSecurity: boolean; permissions: string[] },
    now: string,
  ): TableMeta {
    if (this.getTable(databaseId, tableId)) {
      throw new AppwriteError("table_already_exists", `Table with the requested ID '${tableId}' already exists.`);
    }
    const info = stmt(
      this.db,
      "INSERT INTO _tdb_tables (databaseId, id, name, enabled, rowSecurity, permissions, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(databaseId, tableId, props.name, props.enabled ? 1 : 0, props.rowSecurity ? 1 : 0, JSON.stringify(props.permissions), now, now);
    const seq = Number(info.lastInsertRowid);
    const rows = rowsTableName(seq);
    const perms = permsTableName(seq);
    // _version counts writes to a row; transactions compare it at commit to detect conflicting writes.
    this.db.exec(`
      CREATE TABLE ${rows} (_seq INTEGER PRIMARY KEY AUTOINCREMENT, _id TEXT NOT NULL UNIQUE, _createdAt TEXT NOT NULL,
        _updatedAt TEXT NOT NULL, _permissions TEXT NOT NULL, _version INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX ${quote(`r_${seq}_createdAt`)} ON ${rows} (_createdAt);
      CREATE INDEX ${quote(`r_${seq}_updatedAt`)} ON ${rows} (_updatedAt);
      CREATE TABLE ${perms} (action TEXT NOT NULL, role TEXT NOT NULL, row_seq INTEGER NOT NULL, PRIMARY KEY (action, role, row_seq)) WITHOUT ROWID;
      CREATE INDEX ${quote(`p_${seq}_row`)} ON ${perms} (row_seq);
    `);
    return this.requireTable(databaseId, tableId);
  }

  updateTable(
    t: TableMeta,
    props: { name: string; enabled: boolean; rowSecurity: boolean; permissions: string[] },
    now: string,
  ): TableMeta {
    stmt(this.db, "UPDATE _tdb_tables SET name = ?, enabled = ?, rowSecurity = ?, permissions = ?, updatedAt = ? WHERE seq = ?").run(
      props.name,
      props.enabled ? 1 : 0,
      props.rowSecurity ? 1 : 0,
      JSON.stringify(props.permissions),
      now,
      t.seq,
    );
    this.forget(t);
    return this.requireTable(t.databaseId, t.id);
  }

  deleteTable(t: TableMeta): void {
    this.db.transaction(() => this.dropTableStorage(t))();
    this.forget(t);
  }

  private dropTableStorage(t: TableMeta): void {
    this.db.exec(`DROP TABLE IF EXISTS ${t.rowsTable}; DROP TABLE IF EXISTS ${t.permsTable};`);
    stmt(this.db, "DELETE FROM _tdb_columns WHERE tableSeq = ?").run(t.seq);
    stmt(this.db, "DELETE FROM _tdb_indexes WHERE tableSeq = ?").run(t.seq);
    stmt(this.db, "DELETE FROM _tdb_tables WHERE seq = ?").run(t.seq);
    this.forget(t);
  }

  private forget(t: TableMeta): void {
    this.tables.delete(`${t.databaseId}/${t.id}`);
  }

  // ---- columns ---------------------------------------------------------------------------------------------

  addColumn(t: TableMeta, col: ColumnSpec, legacy: boolean): TableMeta {
    if (t.columns.some((c) => c.key === col.key)) {
      throw new AppwriteError(legacy ? "attribute_already_exists" : "column_already_exists");
    }
    this.db.transaction(() => {
      const position = (stmt(this.db, "SELECT COALESCE(MAX(position), 0) + 1 AS p FROM _tdb_columns WHERE tableSeq = ?").get(t.seq) as { p: number }).p;
      stmt(this.db, "INSERT INTO _tdb_columns (tableSeq, key, position, spec) VALUES (?, ?, ?, ?)").run(t.seq, col.key, position, JSON.stringify(col));
      this.db.exec(`ALTER TABLE ${t.rowsTable} ADD COLUMN ${columnName(col.key)} ${col.array ? "TEXT" : (SQL_TYPE[col.type] ?? "TEXT")}`);
    })();
    this.forget(t);
    return this.requireTable(t.databaseId, t.id);
  }

  /** Replaces a column's spec; a changed key renames the SQLite column and the key in every index. */
  updateColumn(t: TableMeta, oldKey: string, col: ColumnSpec): TableMeta {
    this.db.transaction(() => {
      if (col.key !== oldKey) {
        if (t.columns.some((c) => c.key === col.key)) throw new AppwriteError("column_already_exists");
        this.db.exec(`ALTER TABLE ${t.rowsTable} RENAME COLUMN ${columnName(oldKey)} TO ${columnName(col.key)}`);
        for (const idx of t.indexes) {
          if (!idx.columns.includes(oldKey)) continue;
          const next = { ...idx, columns: idx.columns.map((c) => (c === oldKey ? col.key : c)) };
          stmt(this.db, "UPDATE _tdb_indexes SET spec = ? WHERE tableSeq = ? AND key = ?").run(JSON.stringify(next), t.seq, idx.key);
        }
      }
      stmt(this.db, "UPDATE _tdb_columns SET key = ?, spec = ? WHERE tableSeq = ? AND key = ?").run(col.key, JSON.stringify(col), t.seq, oldKey);
    })();
    this.forget(t);
    return this.requireTable(t.databaseId, t.id);
  }

  /** Drops the column and every index that uses it (SQLite cannot drop an indexed column). */
  deleteColumn(t: TableMeta, key: string): void {
    this.db.transaction(() => {
      for (const idx of t.indexes) if (idx.columns.includes(key)) this.dropIndexStorage(t, idx.key);
      this.db.exec(`ALTER TABLE ${t.rowsTable} DROP COLUMN ${columnName(key)}`);
      stmt(this.db, "DELETE FROM _tdb_columns WHERE tableSeq = ? AND key = ?").run(t.seq, key);
    })();
    this.forget(t);
  }

  // ---- indexes ---------------------------------------------------------------------------------------------

  addIndex(t: TableMeta, idx: IndexSpec): TableMeta {
    this.db.transaction(() => {
      const position = (stmt(this.db, "SELECT COALESCE(MAX(position), 0) + 1 AS p FROM _tdb_indexes WHERE tableSeq = ?").get(t.seq) as { p: number }).p;
      stmt(this.db, "INSERT INTO _tdb_indexes (tableSeq, key, position, spec) VALUES (?, ?, ?, ?)").run(t.seq, idx.key, position, JSON.stringify(idx));
      // Fulltext search is LIKE-based and spatial queries use a registered function: neither needs a B-tree.
      if (idx.type === "key" || idx.type === "unique") {
        const cols = idx.columns
          .map((c, i) => `${SYSTEM_COLUMNS[c] ?? columnName(c)} ${(idx.orders[i] ?? "asc").toUpperCase() === "DESC" ? "DESC" : "ASC"}`)
          .join(", ");
        try {
          this.db.exec(`CREATE ${idx.type === "unique" ? "UNIQUE " : ""}INDEX ${indexName(t.seq, idx.key)} ON ${t.rowsTable} (${cols})`);
        } catch (e) {
          if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") {
            throw new AppwriteError("index_invalid", `Unique index "${idx.key}" cannot be created: existing rows hold duplicate values.`);
          }
          throw e;
        }
      }
    })();
    this.forget(t);
    return this.requireTable(t.databaseId, t.id);
  }

  deleteIndex(t: TableMeta, key: string): void {
    this.db.transaction(() => this.dropIndexStorage(t, key))();
    this.forget(t);
  }

  private dropIndexStorage(t: TableMeta, key: string): void {
    this.db.exec(`DROP INDEX IF EXISTS ${indexName(t.seq, key)}`);
    stmt(this.db, "DELETE FROM _tdb_indexes WHERE tableSeq = ? AND key = ?").run(t.seq, key);
  }
}

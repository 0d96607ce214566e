// TablesDB transactions: staged operations (createOperations or rows routes with `transactionId`), applied at commit
// in one SQLite transaction. Conflict detection: the first time a transaction touches (or reads) a row, its
// (sequence, version) — or its absence — is recorded; at commit any difference → 409 transaction_conflict, nothing applied.
import type Database from "better-sqlite3";
import { AppwriteError } from "../errors";
import type { AppwriteDeps, Caller } from "../context";
import { isoDate } from "../context";
import { resolveId } from "../ids";
import type { PendingEvent } from "./publish";
import { rowJson, type StoredRow } from "./row-model";
import type { Ctx, RowService } from "./service";
import { stmt } from "./statements";
import type { TableMeta } from "./types";

/** APP_LIMIT_DATABASE_TRANSACTION. */
export const MAX_OPERATIONS = 100;

const ACTIONS = new Set(["create", "update", "upsert", "delete", "increment", "decrement", "bulkCreate", "bulkUpdate", "bulkUpsert", "bulkDelete"]);
const NEEDS_ROW = new Set(["create", "update", "upsert", "delete", "increment", "decrement"]);

export interface Operation {
  action: string;
  databaseId: string;
  tableId: string;
  rowId?: string;
  data?: unknown;
}

type Snapshot = Record<string, { seq: number; version: number } | null>;

interface TxRow {
  id: string;
  status: string;
  operations: string;
  snapshot: string;
  caller: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

type StoredCaller = { kind: "key"; scopes: string[] | "all"; roles: string[] } | Exclude<Caller, { kind: "key" }>;

const storeCaller = (c: Caller): StoredCaller => (c.kind === "key" ? { kind: "key", roles: [...c.roles], scopes: c.scopes === "all" ? "all" : [...c.scopes] } : c);
const loadCaller = (s: StoredCaller): Caller => (s.kind === "key" ? { kind: "key", roles: s.roles, scopes: s.scopes === "all" ? "all" : new Set(s.scopes) } : s);

const SCHEMA = `CREATE TABLE IF NOT EXISTS _tdb_transactions (
  id TEXT PRIMARY KEY, status TEXT NOT NULL, operations TEXT NOT NULL, snapshot TEXT NOT NULL, caller TEXT NOT NULL,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL, expiresAt TEXT NOT NULL)`;

/** Thrown inside a dry run so better-sqlite3 rolls the preview back. */
class Rollback extends Error {}

const asObject = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export class Transactions {
  private readonly db: Database.Database;

  constructor(
    private readonly deps: AppwriteDeps,
    private readonly rows: RowService,
    private readonly table: (ctx: Ctx, databaseId: string, tableId: string) => TableMeta,
  ) {
    this.db = deps.db;
    this.db.exec(SCHEMA);
  }

  private now(): string {
    return isoDate(this.deps.now());
  }

  model(r: TxRow): Record<string, unknown> {
    return {
      $id: r.id,
      $createdAt: r.createdAt,
      $updatedAt: r.updatedAt,
      status: r.status,
      operations: (JSON.parse(r.operations) as unknown[]).length,
      expiresAt: r.expiresAt,
    };
  }

  create(ctx: Ctx, ttl: number | undefined): Record<string, unknown> {
    const seconds = ttl ?? 300;
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > 3600) {
      throw new AppwriteError("general_argument_invalid", "Invalid `ttl` param: Value must be a valid range between 60 and 3,600");
    }
    const id = resolveId("transactionId", "unique()", this.deps.now());
    const now = this.now();
    stmt(this.db, "INSERT INTO _tdb_transactions VALUES (?, 'pending', '[]', '{}', ?, ?, ?, ?)").run(
      id,
      JSON.stringify(storeCaller(ctx.caller)),
      now,
      now,
      isoDate(this.deps.now() + seconds * 1000),
    );
    return this.model(this.load(ctx, id));
  }

  /** A transaction the caller owns (keys see all; users their own). */
  load(ctx: Ctx, id: string): TxRow {
    const r = stmt(this.db, "SELECT * FROM _tdb_transactions WHERE id = ?").get(id) as TxRow | undefined;
    const owner = r && (JSON.parse(r.caller) as StoredCaller);
    const mine = owner && (ctx.caller.kind === "key" || (ctx.caller.kind === "user" && owner.kind === "user" && owner.userId === ctx.caller.userId));
    if (!r || !mine) throw new AppwriteError("transaction_not_found", `Transaction with the requested ID '${id}' could not be found.`);
    return r;
  }

  list(ctx: Ctx): { total: number; transactions: Record<string, unknown>[] } {
    const all = stmt(this.db, "SELECT * FROM _tdb_transactions ORDER BY rowid").all() as TxRow[];
    const mine = all.filter((r) => {
      try {
        this.load(ctx, r.id);
        return true;
      } catch {
        return false;
      }
    });
    return { total: mine.length, transactions: mine.map((r) => this.model(r)) };
  }

  private pending(ctx: Ctx, id: string): TxRow {
    const r = this.load(ctx, id);
    if (r.status !== "pending") throw new AppwriteError("transaction_invalid", `Transaction '${id}' is ${r.status}, not pending.`);
    if (Date.parse(r.expiresAt) < this.deps.now()) throw new AppwriteError("transaction_expired");
    return r;
  }

  private snapshotKey(t: TableMeta, rowId: string): string {
    return `${t.seq}:${rowId}`;
  }

  private state(t: TableMeta, rowId: string): { seq: number; version: number } | null {
    const row = this.rows.store.get(t, rowId);
    return row ? { seq: row._seq, version: row._version } : null;
  }

  /** Records the current state of the rows an operation touches, unless already recorded. */
  private record(ctx: Ctx, snapshot: Snapshot, op: Operation): void {
    const t = this.table(ctx, op.databaseId, op.tableId);
    const ids: string[] = [];
    if (op.rowId !== undefined) ids.push(op.rowId);
    if ((op.action === "bulkCreate" || op.action === "bulkUpsert") && Array.isArray(op.data)) {
      for (const r of op.data as unknown[]) {
        const id = asObject(r).$id;
        if (typeof id === "string") ids.push(id);
      }
    }
    if (op.action === "bulkUpdate" || op.action === "bulkDelete") {
      for (const row of this.rows.matching(t, this.queriesOf(op))) ids.push(row._id);
    }
    for (const id of ids) {
      const key = this.snapshotKey(t, id);
      if (!(key in snapshot)) snapshot[key] = this.state(t, id);
    }
  }

  private queriesOf(op: Operation): unknown[] {
    const q = asObject(op.data).queries;
    return Array.isArray(q) ? (q as unknown[]) : [];
  }

  /** Validates the shape of an operation and fixes its row id (`unique()` resolved now, so commit is deterministic). */
  private normalise(ctx: Ctx, raw: unknown): Operation {
    const o = asObject(raw);
    const action = o.action;
    if (typeof action !== "string" || !ACTIONS.has(action)) {
      throw new AppwriteError("general_argument_invalid", `Invalid \`operations\` param: unknown action "${String(action)}".`);
    }
    if (typeof o.databaseId !== "string" || (typeof o.tableId !== "string" && typeof o.collectionId !== "string")) {
      throw new AppwriteError("general_argument_invalid", "Invalid `operations` param: databaseId and tableId are required.");
    }
    const op: Operation = { action, databaseId: o.databaseId, tableId: (o.tableId ?? o.collectionId) as string, data: o.data };
    const rowId = o.rowId ?? o.documentId;
    if (NEEDS_ROW.has(action)) op.rowId = resolveId("rowId", rowId, this.deps.now());
    if ((action === "bulkCreate" || action === "bulkUpsert") && Array.isArray(o.data)) {
      op.data = (o.data as unknown[]).map((r) => {
        const row = asObject(r);
        return { ...row, $id: resolveId("$id", row.$id ?? "unique()", this.deps.now()) };
      });
    }
    this.table(ctx, op.databaseId, op.tableId);
    return op;
  }

  /** Stages operations; returns the transaction model. */
  addOperations(ctx: Ctx, id: string, raw: unknown): Record<string, unknown> {
    if (!Array.isArray(raw) || raw.length === 0) throw new AppwriteError("general_argument_invalid", "Invalid `operations` param: Value must be a non-empty array");
    this.stage(ctx, id, raw.map((o) => this.normalise(ctx, o)));
    return this.model(this.load(ctx, id));
  }

  private stage(ctx: Ctx, id: string, ops: Operation[]): TxRow {
    const tx = this.pending(ctx, id);
    const existing = JSON.parse(tx.operations) as Operation[];
    if (existing.length + ops.length > MAX_OPERATIONS) {
      throw new AppwriteError(
        "transaction_limit_exceeded",
        `Transaction already has ${existing.length} operations, adding ${ops.length} would exceed the maximum of ${MAX_OPERATIONS}`,
      );
    }
    const snapshot = JSON.parse(tx.snapshot) as Snapshot;
    for (const op of ops) this.record(ctx, snapshot, op);
    stmt(this.db, "UPDATE _tdb_transactions SET operations = ?, snapshot = ?, updatedAt = ? WHERE id = ?").run(
      JSON.stringify([...existing, ...ops]),
      JSON.stringify(snapshot),
      this.now(),
      id,
    );
    return this.load(ctx, id);
  }

  /**
   * A rows route called with `transactionId`: stages one operation and answers with a preview of the row, computed
   * by applying the staged operations in a rolled-back SQLite transaction (errors surface at commit, as in Appwrite).
   */
  stageRowOperation(ctx: Ctx, id: string, op: Operation): Record<string, unknown> {
    const t = this.table(ctx, op.databaseId, op.tableId);
    const tx = this.stage(ctx, id, [op]);
    let preview: StoredRow | undefined;
    try {
      this.db.transaction(() => {
        const ops = JSON.parse(tx.operations) as Operation[];
        let last: StoredRow | StoredRow[] | undefined;
        for (const o of ops) last = this.apply(loadCaller(JSON.parse(tx.caller) as StoredCaller), ctx, o, []);
        preview = Array.isArray(last) ? undefined : last;
        throw new Rollback();
      })();
    } catch (e) {
      if (!(e instanceof Rollback) && !(e instanceof AppwriteError)) throw e;
    }
    if (preview) return rowJson(t, preview, ctx.api);
    const now = this.now();
    return { $id: op.rowId, $sequence: ctx.api.sequenceAsInt ? 0 : "0", $tableId: t.id, $databaseId: t.databaseId, $createdAt: now, $updatedAt: now, $permissions: [], ...asObject(op.data) };
  }

  /** A read inside a transaction: remember the row's state so a later outside change is a conflict. */
  noteRead(ctx: Ctx, id: string, t: TableMeta, rowId: string): void {
    const tx = this.pending(ctx, id);
    const snapshot = JSON.parse(tx.snapshot) as Snapshot;
    const key = this.snapshotKey(t, rowId);
    if (key in snapshot) return;
    snapshot[key] = this.state(t, rowId);
    stmt(this.db, "UPDATE _tdb_transactions SET snapshot = ? WHERE id = ?").run(JSON.stringify(snapshot), id);
  }

  private apply(caller: Caller, outer: Ctx, op: Operation, pending: PendingEvent[]): StoredRow | StoredRow[] {
    const ctx: Ctx = { caller, api: outer.api };
    const t = this.table(ctx, op.databaseId, op.tableId);
    const data = asObject(op.data);
    const rowId = op.rowId as string;
    switch (op.action) {
      case "create":
        return this.rows.applyCreate(ctx, t, rowId, withoutPermissions(data), data.$permissions, pending);
      case "update":
        return this.rows.applyUpdate(ctx, t, rowId, withoutPermissions(data), data.$permissions, pending);
      case "upsert":
        return this.rows.applyUpsert(ctx, t, rowId, withoutPermissions(data), data.$permissions, pending);
      case "delete":
        return this.rows.applyDelete(ctx, t, rowId, pending);
      case "increment":
      case "decrement": {
        const column = data.column ?? data.attribute;
        const value = typeof data.value === "number" ? data.value : 1;
        const bound = op.action === "increment" ? data.max : data.min;
        if (typeof column !== "string") throw new AppwriteError("general_argument_invalid", "Invalid `operations` param: increment needs data.column.");
        return this.rows.applyIncrement(ctx, t, rowId, column, op.action === "increment" ? value : -value, typeof bound === "number" ? bound : undefined, pending);
      }
      case "bulkCreate":
        return this.rows.applyBulkCreate(ctx, t, op.data, pending);
      case "bulkUpsert":
        return this.rows.applyBulkUpsert(ctx, t, op.data, pending);
      case "bulkUpdate":
        return this.rows.applyBulkUpdate(ctx, t, asObject(data.data), this.queriesOf(op), pending);
      case "bulkDelete":
        return this.rows.applyBulkDelete(ctx, t, this.queriesOf(op), pending);
      default:
        throw new AppwriteError("general_argument_invalid", `Invalid \`operations\` param: unknown action "${op.action}".`);
    }
  }

  /** commit: conflict check + every operation in one SQLite transaction; any failure applies nothing. */
  commit(ctx: Ctx, id: string): Record<string, unknown> {
    const tx = this.pending(ctx, id);
    const caller = loadCaller(JSON.parse(tx.caller) as StoredCaller);
    const pending: PendingEvent[] = [];
    try {
      this.db.transaction(() => {
        const snapshot = JSON.parse(tx.snapshot) as Snapshot;
        for (const [key, was] of Object.entries(snapshot)) {
          const [seq, rowId] = [Number(key.slice(0, key.indexOf(":"))), key.slice(key.indexOf(":") + 1)];
          const r = stmt(this.db, "SELECT databaseId, id FROM _tdb_tables WHERE seq = ?").get(seq) as { databaseId: string; id: string } | undefined;
          if (!r) throw new AppwriteError("transaction_conflict");
          const now = this.state(this.table({ caller, api: ctx.api }, r.databaseId, r.id), rowId);
          if (JSON.stringify(now) !== JSON.stringify(was)) throw new AppwriteError("transaction_conflict");
        }
        for (const op of JSON.parse(tx.operations) as Operation[]) this.apply(caller, ctx, op, pending);
        stmt(this.db, "UPDATE _tdb_transactions SET status = 'committed', updatedAt = ? WHERE id = ?").run(this.now(), id);
      })();
    } catch (e) {
      stmt(this.db, "UPDATE _tdb_transactions SET status = 'failed', updatedAt = ? WHERE id = ?").run(this.now(), id);
      throw e;
    }
    this.rows.publish({ caller, api: ctx.api }, pending);
    return this.model(this.load(ctx, id));
  }

  rollback(ctx: Ctx, id: string): Record<string, unknown> {
    const tx = this.load(ctx, id);
    if (tx.status !== "pending") throw new AppwriteError("transaction_invalid", `Transaction '${id}' is ${tx.status}, not pending.`);
    stmt(this.db, "UPDATE _tdb_transactions SET status = 'rolled_back', updatedAt = ? WHERE id = ?").run(this.now(), id);
    return this.model(this.load(ctx, id));
  }

  delete(ctx: Ctx, id: string): void {
    this.load(ctx, id);
    stmt(this.db, "DELETE FROM _tdb_transactions WHERE id = ?").run(id);
  }
}

function withoutPermissions(data: Record<string, unknown>): Record<string, unknown> {
  const { $permissions: _ignored, ...rest } = data;
  return rest;
}

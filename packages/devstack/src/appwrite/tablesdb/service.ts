// The row verbs: scope and permission checks, then storage, then events. Every write has an `apply*` form that runs
// inside a caller-provided SQLite transaction and only collects events (used by transaction commits), and a direct
// form that wraps it in its own transaction and publishes after commit.
import { AppwriteError } from "../errors";
import type { AppwriteDeps, Caller } from "../context";
import { isoDate } from "../context";
import { requireScope, resolveTable } from "./access";
import type { Catalog } from "./catalog";
import { resolveId } from "../ids";
import {
  assertGrantable,
  assertMayCreate,
  callerRoles,
  defaultRowPermissions,
  listAccess,
  mayAccessRow,
  normalisePermissions,
  ROW_ACTIONS,
} from "./permissions";
import { publishAll, type PendingEvent } from "./publish";
import { parseQueries } from "./queries";
import { rowJson, type StoredRow } from "./row-model";
import type { RowStore } from "./rows";
import { compileList, countRows, selectedKeys } from "./sql";
import { stmt } from "./statements";
import type { Api, TableMeta } from "./types";

export interface Ctx {
  caller: Caller;
  api: Api;
}

export type RowList = { total: number; rows: Record<string, unknown>[] };

/** APP_LIMIT_DATABASE_BATCH: rows per bulk create/upsert. */
export const BATCH_LIMIT = 100;

const notFound = (id: string): AppwriteError => new AppwriteError("row_not_found", `Row with the requested ID '${id}' could not be found.`);

export class RowService {
  constructor(
    private readonly deps: AppwriteDeps,
    private readonly catalog: Catalog,
    readonly store: RowStore,
  ) {}

  table(ctx: Ctx, databaseId: string, tableId: string, write: boolean): TableMeta {
    requireScope(ctx.caller, write ? "rows.write" : "rows.read");
    return resolveTable(this.catalog, ctx.caller, databaseId, tableId);
  }

  private now(): string {
    return isoDate(this.deps.now());
  }

  /** Runs `fn` in one SQLite transaction, then publishes the events it collected. */
  private write<T>(ctx: Ctx, fn: (pending: PendingEvent[]) => T): T {
    const pending: PendingEvent[] = [];
    const result = this.deps.db.transaction(() => fn(pending))();
    this.publish(ctx, pending);
    return result;
  }

  publish(ctx: Ctx, pending: readonly PendingEvent[]): void {
    try {
      publishAll(this.deps.bus, pending, ctx.caller, this.now());
    } catch (e) {
      // A failing subscriber must not turn a committed write into an error response.
      process.stderr.write(`[tablesdb] event subscriber failed: ${(e as Error).stack ?? String(e)}\n`);
    }
  }

  json(ctx: Ctx, t: TableMeta, row: StoredRow, select?: ReadonlySet<string>): Record<string, unknown> {
    return rowJson(t, row, ctx.api, select);
  }

  private rowPermissions(ctx: Ctx, perms: unknown): string[] | undefined {
    if (perms === undefined || perms === null) return undefined;
    const list = normalisePermissions(perms, ROW_ACTIONS);
    assertGrantable(ctx.caller, list);
    return list;
  }

  private requireKey(ctx: Ctx): void {
    // Bulk routes are declared for [ADMIN, KEY] only.
    if (ctx.caller.kind !== "key") throw new AppwriteError("general_unauthorized_scope", `User (role: ${ctx.caller.kind === "user" ? "users" : "guests"}) missing scopes (["rows.write"])`);
  }

  // ---- reads -----------------------------------------------------------------------------------------------

  list(ctx: Ctx, t: TableMeta, queries: readonly unknown[], total: boolean): RowList {
    const plan = parseQueries(queries);
    const access = listAccess(ctx.caller, t);
    const roles = access === "rows" ? callerRoles(ctx.caller) : undefined;
    const select = selectedKeys(t, plan.select);
    const q = compileList(this.deps.db, t, plan, roles);
    let rows = stmt(this.deps.db, q.sql).all(...q.params) as StoredRow[];
    if (q.reverse) rows = rows.reverse();
    return { total: total ? countRows(this.deps.db, t, q.filters) : 0, rows: rows.map((r) => this.json(ctx, t, r, select)) };
  }

  get(ctx: Ctx, t: TableMeta, rowId: string, queries: readonly unknown[]): Record<string, unknown> {
    const plan = parseQueries(queries);
    const row = this.store.get(t, rowId);
    // Without read permission the row is hidden (404), not forbidden.
    if (!row || !mayAccessRow(ctx.caller, t, JSON.parse(row._permissions) as string[], "read")) throw notFound(rowId);
    return this.json(ctx, t, row, selectedKeys(t, plan.select));
  }

  // ---- writes inside a transaction -------------------------------------------------------------------------

  applyCreate(ctx: Ctx, t: TableMeta, rowId: string, data: Record<string, unknown>, permissions: unknown, pending: PendingEvent[]): StoredRow {
    assertMayCreate(ctx.caller, t);
    const perms = this.rowPermissions(ctx, permissions) ?? defaultRowPermissions(ctx.caller);
    const row = this.store.insert(t, rowId, { data, permissions: perms, privileged: ctx.caller.kind === "key" });
    pending.push({ table: t, row, action: "create" });
    return row;
  }

  applyUpdate(ctx: Ctx, t: TableMeta, rowId: string, data: Record<string, unknown> | undefined, permissions: unknown, pending: PendingEvent[]): StoredRow {
    const row = this.store.get(t, rowId);
    if (!row) throw notFound(rowId);
    const rowPerms = JSON.parse(row._permissions) as string[];
    // Appwrite loads the row without authorization, then the write itself is refused: 401, not 404.
    if (!mayAccessRow(ctx.caller, t, rowPerms, "update")) throw new AppwriteError("user_unauthorized");
    const perms = this.rowPermissions(ctx, permissions);
    const next = this.store.update(t, row, { data: data ?? {}, permissions: perms, privileged: ctx.caller.kind === "key" });
    pending.push({ table: t, row: next, action: "update" });
    return next;
  }

  applyUpsert(ctx: Ctx, t: TableMeta, rowId: string, data: Record<string, unknown>, permissions: unknown, pending: PendingEvent[]): StoredRow {
    const existing = this.store.get(t, rowId);
    const scratch: PendingEvent[] = [];
    const row = existing ? this.applyUpdate(ctx, t, rowId, data, permissions, scratch) : this.applyCreate(ctx, t, rowId, data, permissions, scratch);
    pending.push({ table: t, row, action: "upsert" });
    return row;
  }

  applyDelete(ctx: Ctx, t: TableMeta, rowId: string, pending: PendingEvent[]): StoredRow {
    const row = this.store.get(t, rowId);
    if (!row) throw notFound(rowId);
    const rowPerms = JSON.parse(row._permissions) as string[];
    if (!mayAccessRow(ctx.caller, t, rowPerms, "delete")) throw new AppwriteError("user_unauthorized");
    this.store.delete(t, row);
    pending.push({ table: t, row, action: "delete" });
    return row;
  }

  applyIncrement(ctx: Ctx, t: TableMeta, rowId: string, column: string, delta: number, bound: number | undefined, pending: PendingEvent[]): StoredRow {
    const row = this.store.get(t, rowId);
    if (!row) throw notFound(rowId);
    const rowPerms = JSON.parse(row._permissions) as string[];
    if (!mayAccessRow(ctx.caller, t, rowPerms, "update")) throw new AppwriteError("user_unauthorized");
    const next = this.store.increment(t, row, column, delta, bound, ctx.api.legacy);
    pending.push({ table: t, row: next, action: "update" });
    return next;
  }

  /** Bulk create/upsert input: each row may carry `$id` (or none → generated) and `$permissions`. */
  private bulkRows(rows: unknown): Array<{ id: string; data: Record<string, unknown>; permissions: unknown }> {
    if (!Array.isArray(rows)) throw new AppwriteError("general_argument_invalid", "Invalid `rows` param: Value must be a valid array");
    if (rows.length > BATCH_LIMIT) throw new AppwriteError("general_argument_invalid", `Invalid \`rows\` param: Value must be a valid array no longer than ${BATCH_LIMIT} items`);
    return rows.map((r: unknown) => {
      if (typeof r !== "object" || r === null || Array.isArray(r)) throw new AppwriteError("row_invalid_structure", "Invalid document structure: each row must be an object");
      const data = r as Record<string, unknown>;
      const id = data.$id === undefined ? "unique()" : data.$id;
      return { id: resolveId("$id", id, this.deps.now()), data, permissions: data.$permissions };
    });
  }

  applyBulkCreate(ctx: Ctx, t: TableMeta, rows: unknown, pending: PendingEvent[]): StoredRow[] {
    this.requireKey(ctx);
    return this.bulkRows(rows).map((r) => this.applyCreate(ctx, t, r.id, r.data, r.permissions, pending));
  }

  applyBulkUpsert(ctx: Ctx, t: TableMeta, rows: unknown, pending: PendingEvent[]): StoredRow[] {
    this.requireKey(ctx);
    return this.bulkRows(rows).map((r) => this.applyUpsert(ctx, t, r.id, r.data, r.permissions, pending));
  }

  /** Rows matched by bulk update/delete queries: every match unless the queries carry a limit. */
  matching(t: TableMeta, queries: readonly unknown[]): StoredRow[] {
    const q = compileList(this.deps.db, t, parseQueries(queries), undefined, true);
    const rows = stmt(this.deps.db, q.sql).all(...q.params) as StoredRow[];
    return q.reverse ? rows.reverse() : rows;
  }

  applyBulkUpdate(ctx: Ctx, t: TableMeta, data: Record<string, unknown>, queries: readonly unknown[], pending: PendingEvent[]): StoredRow[] {
    this.requireKey(ctx);
    return this.matching(t, queries).map((row) => {
      const next = this.store.update(t, row, { data, privileged: true });
      pending.push({ table: t, row: next, action: "update" });
      return next;
    });
  }

  applyBulkDelete(ctx: Ctx, t: TableMeta, queries: readonly unknown[], pending: PendingEvent[]): StoredRow[] {
    this.requireKey(ctx);
    return this.matching(t, queries).map((row) => {
      this.store.delete(t, row);
      pending.push({ table: t, row, action: "delete" });
      return row;
    });
  }

  // ---- direct writes (own transaction, events after commit) ------------------------------------------------

  create(ctx: Ctx, t: TableMeta, rowId: string, data: Record<string, unknown>, permissions: unknown): Record<string, unknown> {
    return this.json(ctx, t, this.write(ctx, (p) => this.applyCreate(ctx, t, rowId, data, permissions, p)));
  }

  update(ctx: Ctx, t: TableMeta, rowId: string, data: Record<string, unknown> | undefined, permissions: unknown): Record<string, unknown> {
    if (data === undefined && (permissions === undefined || permissions === null)) {
      throw new AppwriteError("row_missing_payload");
    }
    return this.json(ctx, t, this.write(ctx, (p) => this.applyUpdate(ctx, t, rowId, data, permissions, p)));
  }

  upsert(ctx: Ctx, t: TableMeta, rowId: string, data: Record<string, unknown>, permissions: unknown): Record<string, unknown> {
    return this.json(ctx, t, this.write(ctx, (p) => this.applyUpsert(ctx, t, rowId, data, permissions, p)));
  }

  delete(ctx: Ctx, t: TableMeta, rowId: string): void {
    this.write(ctx, (p) => this.applyDelete(ctx, t, rowId, p));
  }

  increment(ctx: Ctx, t: TableMeta, rowId: string, column: string, delta: number, bound: number | undefined): Record<string, unknown> {
    return this.json(ctx, t, this.write(ctx, (p) => this.applyIncrement(ctx, t, rowId, column, delta, bound, p)));
  }

  private list_(ctx: Ctx, t: TableMeta, rows: StoredRow[]): RowList {
    return { total: rows.length, rows: rows.map((r) => this.json(ctx, t, r)) };
  }

  createMany(ctx: Ctx, t: TableMeta, rows: unknown): RowList {
    return this.list_(ctx, t, this.write(ctx, (p) => this.applyBulkCreate(ctx, t, rows, p)));
  }

  upsertMany(ctx: Ctx, t: TableMeta, rows: unknown): RowList {
    return this.list_(ctx, t, this.write(ctx, (p) => this.applyBulkUpsert(ctx, t, rows, p)));
  }

  updateMany(ctx: Ctx, t: TableMeta, data: Record<string, unknown>, queries: readonly unknown[]): RowList {
    return this.list_(ctx, t, this.write(ctx, (p) => this.applyBulkUpdate(ctx, t, data, queries, p)));
  }

  deleteMany(ctx: Ctx, t: TableMeta, queries: readonly unknown[]): RowList {
    return this.list_(ctx, t, this.write(ctx, (p) => this.applyBulkDelete(ctx, t, queries, p)));
  }
}

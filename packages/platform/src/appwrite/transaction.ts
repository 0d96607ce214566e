// withTransaction(tablesDB, async (tx) => …): a unit of work over several tables that commits all or nothing.
// Node only.
//
// How it runs: the callback stages typed operations (validated with the tables' zod schemas as they are staged) and
// may read rows through `tx.get`, which registers them with the transaction so a change made outside it before the
// commit is detected. Staged operations are sent in one createOperations call, then committed: three round trips
// whatever the number of operations. On `transaction_conflict` the whole callback runs again (fresh transaction,
// fresh reads) a bounded number of times with full-jitter backoff, so the callback must be free of other side
// effects; on any other error the transaction is rolled back and the error rethrown.
//
// A commit that times out has an unknown outcome and is NOT retried: rows with deterministic ids make the caller's
// own retry safe (a second create answers Conflict).
import type { TablesDB } from "node-appwrite";
import { DATABASE_ID, type DataOf, type PatchOf, type RowOf, type Table } from "@chizze/schema";
import { InvalidRowData, NotFound, TransactionConflict } from "../errors";
import { appwriteCall } from "./errors";
import { checkData, checkNumericColumn, checkPatch, parseRow, type NumericColumn, type RepoOptions } from "./tables";

/** Appwrite's per-transaction operation cap (APP_LIMIT_DATABASE_TRANSACTION on self-hosted and Free). */
export const MAX_TRANSACTION_OPERATIONS = 100;

export interface TransactionOptions extends Pick<RepoOptions, "strict" | "onDrift"> {
  databaseId?: string;
  /** Seconds Appwrite keeps the transaction open (60..3600). Default 60: ours are short. */
  ttlSec?: number;
  /** Attempts in all, the first included. Default 5. */
  maxAttempts?: number;
  /** Full-jitter backoff between attempts: random(0, min(maxMs, baseMs · 2^attempt)). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Called before each retry (metrics, logs). */
  onRetry?: (attempt: number, err: TransactionConflict) => void;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Tx {
  readonly id: string;
  /** 1 on the first run of the callback, 2 on the first retry, … */
  readonly attempt: number;
  /** Reads a row inside the transaction (null when absent); a change to it before commit fails the commit. */
  get<Tb extends Table>(table: Tb, id: string): Promise<RowOf<Tb> | null>;
  create<Tb extends Table>(table: Tb, id: string, data: DataOf<Tb>, permissions?: string[]): void;
  update<Tb extends Table>(table: Tb, id: string, patch: PatchOf<Tb>, permissions?: string[]): void;
  upsert<Tb extends Table>(table: Tb, id: string, data: DataOf<Tb>, permissions?: string[]): void;
  delete(table: Table, id: string): void;
  /** `column += by` at commit; the commit fails with BoundExceeded if the result would pass `max`. */
  increment<Tb extends Table>(table: Tb, id: string, column: NumericColumn<Tb>, by?: number, bounds?: { max?: number }): void;
  /** `column -= by` at commit; the commit fails with BoundExceeded if the result would fall below `min`. */
  decrement<Tb extends Table>(table: Tb, id: string, column: NumericColumn<Tb>, by?: number, bounds?: { min?: number }): void;
}

interface Operation {
  action: "create" | "update" | "upsert" | "delete" | "increment" | "decrement";
  databaseId: string;
  tableId: string;
  rowId: string;
  data?: Record<string, unknown>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function withTransaction<T>(tablesDB: TablesDB, fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const baseMs = opts.backoff?.baseMs ?? 20;
  const maxMs = opts.backoff?.maxMs ?? 400;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(tablesDB, fn, attempt, opts);
    } catch (err) {
      if (!(err instanceof TransactionConflict) || attempt >= maxAttempts) throw err;
      opts.onRetry?.(attempt, err);
      await sleep(Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt)));
    }
  }
}

async function runOnce<T>(tablesDB: TablesDB, fn: (tx: Tx) => Promise<T>, attempt: number, opts: TransactionOptions): Promise<T> {
  const databaseId = opts.databaseId ?? DATABASE_ID;
  const created = await appwriteCall("create transaction", () => tablesDB.createTransaction({ ttl: opts.ttlSec ?? 60 }));
  const transactionId = created.$id;
  const ops: Operation[] = [];
  let sealed = false;

  const stage = (table: Table, op: Omit<Operation, "databaseId" | "tableId">): void => {
    if (sealed) throw new Error("Transaction is already committed: stage operations inside the callback and await them there");
    if (ops.length >= MAX_TRANSACTION_OPERATIONS) throw new InvalidRowData(table.id, [{ path: "(transaction)", message: `more than ${MAX_TRANSACTION_OPERATIONS} operations` }]);
    ops.push({ ...op, databaseId, tableId: table.id });
  };
  const withPerms = (data: Record<string, unknown>, permissions?: string[]) => (permissions ? { ...data, $permissions: permissions } : data);

  const tx: Tx = {
    id: transactionId,
    attempt,
    async get(table, id) {
      try {
        const raw = await appwriteCall(`get ${table.id}/${id} in transaction`, () => tablesDB.getRow({ databaseId, tableId: table.id, rowId: id, transactionId }));
        return parseRow(table, raw, opts);
      } catch (err) {
        if (err instanceof NotFound) return null;
        throw err;
      }
    },
    create(table, id, data, permissions) {
      stage(table, { action: "create", rowId: id, data: withPerms(checkData(table, data), permissions) });
    },
    update(table, id, patch, permissions) {
      stage(table, { action: "update", rowId: id, data: withPerms(checkPatch(table, patch), permissions) });
    },
    upsert(table, id, data, permissions) {
      stage(table, { action: "upsert", rowId: id, data: withPerms(checkData(table, data), permissions) });
    },
    delete(table, id) {
      stage(table, { action: "delete", rowId: id });
    },
    increment(table, id, column, by = 1, bounds = {}) {
      checkNumericColumn(table, column);
      stage(table, { action: "increment", rowId: id, data: { column, value: by, ...(bounds.max !== undefined ? { max: bounds.max } : {}) } });
    },
    decrement(table, id, column, by = 1, bounds = {}) {
      checkNumericColumn(table, column);
      stage(table, { action: "decrement", rowId: id, data: { column, value: by, ...(bounds.min !== undefined ? { min: bounds.min } : {}) } });
    },
  };

  try {
    const result = await fn(tx);
    sealed = true;
    if (ops.length === 0) {
      await rollback(tablesDB, transactionId);
      return result;
    }
    await appwriteCall("stage operations", () => tablesDB.createOperations({ transactionId, operations: ops }));
    await appwriteCall("commit transaction", () => tablesDB.updateTransaction({ transactionId, commit: true }));
    return result;
  } catch (err) {
    sealed = true;
    await rollback(tablesDB, transactionId);
    throw err;
  }
}

/** Best effort: a failed commit may already have ended the transaction, and an idle one expires with its TTL anyway. */
async function rollback(tablesDB: TablesDB, transactionId: string): Promise<void> {
  try {
    await tablesDB.updateTransaction({ transactionId, rollback: true });
  } catch {
    // Nothing to do: see above.
  }
}

// Transactions and row events through the real node-appwrite client: commit applies everything atomically,
// rollback nothing, a conflicting outside write or a duplicate id fails the commit with nothing applied; events
// are published per row with the right first names, also after a commit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppwriteException, Client, Permission, Query, Role, TablesDB } from "node-appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";
import type { PlatformEvent } from "../context";

let aw: RunningAppwrite;
let db: TablesDB;
const events: PlatformEvent[] = [];
const t = { databaseId: "main", tableId: "stock" };

async function failure(p: Promise<unknown>): Promise<AppwriteException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppwriteException) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

const ids = async (): Promise<Array<[string, unknown]>> =>
  (await db.listRows({ ...t, queries: [Query.limit(100)] })).rows.map((r) => [r.$id, r.qty]);

beforeAll(async () => {
  aw = await startAppwrite({ port: 0 });
  aw.deps.bus.subscribe((e) => events.push(e));
  db = new TablesDB(new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey("standard_devkey"));
  await db.create({ databaseId: "main", name: "Main" });
  await db.createTable({ ...t, name: "Stock", permissions: [Permission.read(Role.users())], rowSecurity: true });
  await db.createVarcharColumn({ ...t, key: "sku", size: 20, required: true });
  await db.createIntegerColumn({ ...t, key: "qty", required: false, min: 0, xdefault: 0 });
  await db.createIndex({ ...t, key: "uniq_sku", type: "unique" as never, columns: ["sku"] });
});

afterAll(async () => {
  await aw.close();
});

beforeEach(async () => {
  await db.deleteRows(t);
  await db.createRows({ ...t, rows: [{ $id: "a", sku: "A", qty: 10 }, { $id: "b", sku: "B", qty: 5 }] });
  events.length = 0;
});

describe("transactions", () => {
  it("commit applies every staged operation at once; staging applies nothing", async () => {
    const tx = await db.createTransaction({ ttl: 120 });
    expect(tx.status).toBe("pending");
    await db.createRow({ ...t, rowId: "c", data: { sku: "C", qty: 1 }, transactionId: tx.$id });
    await db.decrementRowColumn({ ...t, rowId: "a", column: "qty", value: 3, min: 0, transactionId: tx.$id });
    await db.createOperations({
      transactionId: tx.$id,
      operations: [
        { action: "update", databaseId: t.databaseId, tableId: t.tableId, rowId: "b", data: { qty: 50 } },
        { action: "delete", databaseId: t.databaseId, tableId: t.tableId, rowId: "c" },
        { action: "bulkCreate", databaseId: t.databaseId, tableId: t.tableId, data: [{ $id: "d", sku: "D" }] },
      ],
    });
    expect(await ids()).toEqual([["a", 10], ["b", 5]]);
    expect((await db.getTransaction({ transactionId: tx.$id })).operations).toBe(5);
    const done = await db.updateTransaction({ transactionId: tx.$id, commit: true });
    expect(done.status).toBe("committed");
    expect(await ids()).toEqual([["a", 7], ["b", 50], ["d", 0]]);
    const actions = events.map((e) => e.functionEvents[0]);
    expect(actions).toEqual([
      "databases.main.collections.stock.documents.c.create",
      "databases.main.collections.stock.documents.a.update",
      "databases.main.collections.stock.documents.b.update",
      "databases.main.collections.stock.documents.c.delete",
      "databases.main.collections.stock.documents.d.create",
    ]);
  });

  it("rollback applies nothing", async () => {
    const tx = await db.createTransaction();
    await db.updateRow({ ...t, rowId: "a", data: { qty: 99 }, transactionId: tx.$id });
    await db.deleteRow({ ...t, rowId: "b", transactionId: tx.$id });
    expect((await db.updateTransaction({ transactionId: tx.$id, rollback: true })).status).toBe("rolled_back");
    expect(await ids()).toEqual([["a", 10], ["b", 5]]);
    expect(events).toHaveLength(0);
  });

  it("a row changed outside the transaction after staging → 409 transaction_conflict, nothing applied", async () => {
    const tx = await db.createTransaction();
    await db.updateRow({ ...t, rowId: "b", data: { qty: 1 }, transactionId: tx.$id });
    await db.incrementRowColumn({ ...t, rowId: "a", column: "qty", value: 1, transactionId: tx.$id });
    await db.updateRow({ ...t, rowId: "a", data: { qty: 20 } });
    const e = await failure(db.updateTransaction({ transactionId: tx.$id, commit: true }));
    expect([e.code, e.type]).toEqual([409, "transaction_conflict"]);
    expect(await ids()).toEqual([["a", 20], ["b", 5]]);
    expect((await db.getTransaction({ transactionId: tx.$id })).status).toBe("failed");
  });

  it("a duplicate id inside the transaction fails the commit with 409 and nothing applied", async () => {
    const tx = await db.createTransaction();
    await db.createOperations({
      transactionId: tx.$id,
      operations: [
        { action: "update", databaseId: t.databaseId, tableId: t.tableId, rowId: "a", data: { qty: 1 } },
        { action: "create", databaseId: t.databaseId, tableId: t.tableId, rowId: "e", data: { sku: "E" } },
        { action: "create", databaseId: t.databaseId, tableId: t.tableId, rowId: "e", data: { sku: "E2" } },
      ],
    });
    const e = await failure(db.updateTransaction({ transactionId: tx.$id, commit: true }));
    expect([e.code, e.type]).toEqual([409, "row_already_exists"]);
    expect(await ids()).toEqual([["a", 10], ["b", 5]]);
    expect(events).toHaveLength(0);
  });

  it("a unique-index violation at commit fails it with nothing applied", async () => {
    const tx = await db.createTransaction();
    await db.createRow({ ...t, rowId: "f", data: { sku: "F" }, transactionId: tx.$id });
    await db.createRow({ ...t, rowId: "g", data: { sku: "A" }, transactionId: tx.$id });
    const e = await failure(db.updateTransaction({ transactionId: tx.$id, commit: true }));
    expect([e.code, e.type]).toEqual([409, "row_already_exists"]);
    expect(await ids()).toEqual([["a", 10], ["b", 5]]);
  });

  it("refuses more than 100 operations, an expired transaction (410) and a finished one", async () => {
    const tx = await db.createTransaction({ ttl: 60 });
    const op = { action: "update", databaseId: t.databaseId, tableId: t.tableId, rowId: "a", data: { qty: 1 } };
    const tooMany = await failure(db.createOperations({ transactionId: tx.$id, operations: Array.from({ length: 101 }, () => op) }));
    expect([tooMany.code, tooMany.type]).toEqual([400, "transaction_limit_exceeded"]);
    await db.updateTransaction({ transactionId: tx.$id, rollback: true });
    expect((await failure(db.updateTransaction({ transactionId: tx.$id, commit: true }))).code).toBe(400);

    const realNow = aw.deps.now;
    const late = await db.createTransaction({ ttl: 60 });
    aw.deps.now = () => realNow() + 61_000;
    try {
      const expired = await failure(db.updateTransaction({ transactionId: late.$id, commit: true }));
      expect([expired.code, expired.type]).toEqual([410, "transaction_expired"]);
    } finally {
      aw.deps.now = realNow;
    }
    expect((await failure(db.getTransaction({ transactionId: "nope" }))).type).toBe("transaction_not_found");
  });
});

describe("row events", () => {
  it("publishes create, update and delete with function names (legacy first) and realtime names (tablesdb first)", async () => {
    await db.createRow({ ...t, rowId: "r1", data: { sku: "R1" }, permissions: [Permission.read(Role.user("u1"))] });
    await db.updateRow({ ...t, rowId: "r1", data: { qty: 3 } });
    await db.deleteRow({ ...t, rowId: "r1" });
    expect(events.map((e) => [e.functionEvents[0], e.realtimeEvents[0]])).toEqual([
      ["databases.main.collections.stock.documents.r1.create", "tablesdb.main.tables.stock.rows.r1.create"],
      ["databases.main.collections.stock.documents.r1.update", "tablesdb.main.tables.stock.rows.r1.update"],
      ["databases.main.collections.stock.documents.r1.delete", "tablesdb.main.tables.stock.rows.r1.delete"],
    ]);
    const [created] = events;
    expect(created?.functionEvents).toHaveLength(42);
    expect(created?.realtimeEvents).toHaveLength(64);
    expect(created?.functionEvents).toContain("databases.*.tables.*.rows.*.create");
    expect(created?.channels).toContain("tablesdb.main.tables.stock.rows");
    expect(created?.channels).toContain("rows.create");
    // Table read roles plus the row's read roles (rowSecurity is on).
    expect(created?.roles).toEqual(["users", "user:u1"]);
    expect(created?.payload).toMatchObject({ $id: "r1", $tableId: "stock", sku: "R1", qty: 0 });
    expect(created?.userId).toBeUndefined();
  });

  it("publishes one event per row for bulk writes and upserts", async () => {
    await db.updateRows({ ...t, data: { qty: 1 } });
    await db.upsertRow({ ...t, rowId: "a", data: { qty: 2 } });
    await db.deleteRows({ ...t, queries: [Query.equal("sku", "B")] });
    expect(events.map((e) => e.functionEvents[0])).toEqual([
      "databases.main.collections.stock.documents.a.update",
      "databases.main.collections.stock.documents.b.update",
      "databases.main.collections.stock.documents.a.upsert",
      "databases.main.collections.stock.documents.b.delete",
    ]);
  });

  it("publishes nothing for a failed write", async () => {
    await failure(db.createRow({ ...t, rowId: "a", data: { sku: "Z" } as Record<string, unknown> }));
    expect(events).toHaveLength(0);
  });
});

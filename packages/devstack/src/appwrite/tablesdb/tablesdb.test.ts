// Conformance of the local TablesDB with the real node-appwrite 27 client: schema, rows CRUD, every query kind,
// structure and uniqueness errors, increments, bulk, upsert, cursor pagination.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppwriteException, Client, ID, Operator, Permission, Query, Role, TablesDB } from "node-appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";

let aw: RunningAppwrite;
let db: TablesDB;
const DB = "chizze";

/** The AppwriteException a call rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<AppwriteException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppwriteException) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  aw = await startAppwrite({ port: 0 });
  const client = new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey("standard_devkey");
  db = new TablesDB(client);
  await db.create({ databaseId: DB, name: "Chizze" });
  await db.createTable({ databaseId: DB, tableId: "orders", name: "Orders", permissions: [Permission.read(Role.any())] });
  const t = { databaseId: DB, tableId: "orders" };
  await db.createVarcharColumn({ ...t, key: "userId", size: 36, required: true });
  await db.createStringColumn({ ...t, key: "note", size: 200, required: false });
  await db.createEmailColumn({ ...t, key: "email", required: false });
  await db.createEnumColumn({ ...t, key: "status", elements: ["new", "paid", "delivered"], required: false, xdefault: "new" });
  await db.createIntegerColumn({ ...t, key: "qty", required: false, min: 0, max: 1000, xdefault: 1 });
  await db.createFloatColumn({ ...t, key: "amount", required: false, min: 0 });
  await db.createBooleanColumn({ ...t, key: "paid", required: false, xdefault: false });
  await db.createDatetimeColumn({ ...t, key: "paidAt", required: false });
  await db.createStringColumn({ ...t, key: "tags", size: 32, required: false, array: true });
  await db.createPointColumn({ ...t, key: "loc", required: false });
  await db.createUrlColumn({ ...t, key: "site", required: false });
  await db.createIpColumn({ ...t, key: "ip", required: false });
  await db.createTextColumn({ ...t, key: "body", required: false });
  await db.createBigIntColumn({ ...t, key: "big", required: false });
  await db.createLineColumn({ ...t, key: "route", required: false });
  await db.createPolygonColumn({ ...t, key: "zone", required: false });
  await db.createIndex({ ...t, key: "idx_user", type: "key" as never, columns: ["userId", "qty"] });
  await db.createIndex({ ...t, key: "uniq_email", type: "unique" as never, columns: ["email"] });
  await db.createIndex({ ...t, key: "ft_note", type: "fulltext" as never, columns: ["note"] });
  const rows: Array<[string, Record<string, unknown>]> = [
    ["o1", { userId: "u1", note: "spicy paneer tikka", qty: 2, amount: 250.5, tags: ["veg", "spicy"], loc: [77.5946, 12.9716], paidAt: "2025-06-01T10:00:00Z" }],
    ["o2", { userId: "u1", note: "butter chicken", qty: 1, amount: 420, tags: ["nonveg"], status: "paid", paid: true, loc: [77.6, 12.98] }],
    ["o3", { userId: "u2", note: "masala dosa", qty: 5, amount: 120, tags: [], status: "delivered", loc: [72.8777, 19.076] }],
    ["o4", { userId: "u3", qty: 3, amount: 99.99, tags: ["veg"], email: "a@b.co" }],
  ];
  for (const [rowId, data] of rows) await db.createRow({ ...t, rowId, data });
});

afterAll(async () => {
  await aw.close();
});

describe("schema", () => {
  it("lists columns as available with their stored types, and the table carries columns and indexes", async () => {
    const cols = await db.listColumns({ databaseId: DB, tableId: "orders" });
    expect(cols.total).toBe(16);
    const byKey = Object.fromEntries(cols.columns.map((c) => [c.key, c as unknown as Record<string, unknown>]));
    expect(byKey.amount?.type).toBe("double");
    expect(byKey.route?.type).toBe("linestring");
    expect(byKey.email?.format).toBe("email");
    expect(byKey.status?.elements).toEqual(["new", "paid", "delivered"]);
    expect(cols.columns.every((c) => String(c.status) === "available")).toBe(true);
    const table = await db.getTable({ databaseId: DB, tableId: "orders" });
    expect(table.indexes.map((i) => i.key)).toEqual(["idx_user", "uniq_email", "ft_note"]);
    expect(table.rowSecurity).toBe(false);
  });

  it("rejects an index on an unknown column with 400 index_invalid and a duplicate column with 409", async () => {
    const e = await failure(db.createIndex({ databaseId: DB, tableId: "orders", key: "bad", type: "key" as never, columns: ["nope"] }));
    expect([e.code, e.type]).toEqual([400, "index_invalid"]);
    const dup = await failure(db.createIntegerColumn({ databaseId: DB, tableId: "orders", key: "qty", required: false }));
    expect([dup.code, dup.type]).toEqual([409, "column_already_exists"]);
  });

  it("refuses a default on a required column", async () => {
    const e = await failure(db.createIntegerColumn({ databaseId: DB, tableId: "orders", key: "x", required: true, xdefault: 3 }));
    expect([e.code, e.type]).toEqual([400, "column_default_unsupported"]);
  });

  it("updates a column (new key, default) and keeps the data", async () => {
    await db.createTable({ databaseId: DB, tableId: "scratch", name: "Scratch" });
    const t = { databaseId: DB, tableId: "scratch" };
    await db.createIntegerColumn({ ...t, key: "n", required: false });
    await db.createRow({ ...t, rowId: "r1", data: { n: 7 } });
    await db.updateIntegerColumn({ ...t, key: "n", required: false, xdefault: 5, newKey: "count" });
    expect((await db.getRow({ ...t, rowId: "r1" })).count).toBe(7);
    expect((await db.createRow({ ...t, rowId: "r2", data: {} })).count).toBe(5);
    await db.deleteColumn({ ...t, key: "count" });
    expect((await db.getRow({ ...t, rowId: "r1" })).count).toBeUndefined();
    await db.deleteTable(t);
    expect((await failure(db.getTable(t))).type).toBe("table_not_found");
  });
});

describe("rows", () => {
  it("returns the row model with every column, defaults and normalised datetimes", async () => {
    const row = await db.getRow({ databaseId: DB, tableId: "orders", rowId: "o1" });
    expect(row.$id).toBe("o1");
    expect(row.$tableId).toBe("orders");
    expect(row.$databaseId).toBe(DB);
    expect(row.$sequence).toBe("1");
    expect(row.$createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(row.paidAt).toBe("2025-06-01T10:00:00.000+00:00");
    expect(row.status).toBe("new");
    expect(row.paid).toBe(false);
    expect(row.email).toBeNull();
    expect(row.loc).toEqual([77.5946, 12.9716]);
    expect(row.$permissions).toEqual([]);
  });

  it("generates ids for unique() and validates custom ids", async () => {
    const t = { databaseId: DB, tableId: "orders" };
    const r = await db.createRow({ ...t, rowId: "unique()", data: { userId: "u9" } });
    expect(r.$id).toMatch(/^[0-9a-f]{20}$/);
    const e = await failure(db.createRow({ ...t, rowId: "_bad id", data: { userId: "u9" } as Record<string, unknown> }));
    expect([e.code, e.type]).toEqual([400, "general_argument_invalid"]);
    await db.deleteRow({ ...t, rowId: r.$id });
  });

  it("answers 409 row_already_exists for a duplicate id and for a unique-index clash", async () => {
    const t = { databaseId: DB, tableId: "orders" };
    const dupId = await failure(db.createRow({ ...t, rowId: "o1", data: { userId: "u1" } as Record<string, unknown> }));
    expect([dupId.code, dupId.type]).toEqual([409, "row_already_exists"]);
    const dupEmail = await failure(db.createRow({ ...t, rowId: "o5", data: { userId: "u5", email: "a@b.co" } as Record<string, unknown> }));
    expect([dupEmail.code, dupEmail.type]).toEqual([409, "row_already_exists"]);
    expect(dupEmail.message).toContain("'o5'");
  });

  it.each([
    [{ userId: "u1", nope: 1 }, 'Unknown attribute: "nope"'],
    [{ note: "x" }, 'Missing required attribute "userId"'],
    [{ userId: 5 }, 'Attribute "userId" has invalid type'],
    [{ userId: "u1", qty: 1001 }, "Value must be a valid range between 0 and 1,000"],
    [{ userId: "u1", qty: 1.5 }, 'Attribute "qty" has invalid type'],
    [{ userId: "u1", status: "lost" }, "Value must be one of (new, paid, delivered)"],
    [{ userId: "x".repeat(37) }, "no longer than 36 chars"],
    [{ userId: "u1", email: "not-an-email" }, "valid email"],
    [{ userId: "u1", tags: "veg" }, 'Attribute "tags" must be an array'],
    [{ userId: "u1", loc: [200, 0] }, "valid point"],
    [{ userId: "u1", paidAt: "yesterday" }, "valid date"],
    [{ userId: "u1", ip: "999.1.1.1" }, "valid IP"],
  ])("rejects %j with 400 row_invalid_structure", async (data, message) => {
    const e = await failure(db.createRow({ databaseId: DB, tableId: "orders", rowId: ID.unique(), data }));
    expect([e.code, e.type]).toEqual([400, "row_invalid_structure"]);
    expect(e.message).toContain(message);
  });

  it("updates partially, keeps permissions when omitted, and upserts", async () => {
    const t = { databaseId: DB, tableId: "orders" };
    await db.createRow({ ...t, rowId: "p1", data: { userId: "u7", qty: 4 }, permissions: [Permission.read(Role.users())] });
    const up = await db.updateRow({ ...t, rowId: "p1", data: { note: "extra" } });
    expect([up.qty, up.note, up.$permissions]).toEqual([4, "extra", ['read("users")']]);
    const missing = await failure(db.updateRow({ ...t, rowId: "p1" }));
    expect([missing.code, missing.type]).toEqual([400, "row_missing_payload"]);
    const created = await db.upsertRow({ ...t, rowId: "p2", data: { userId: "u8" } });
    expect(created.qty).toBe(1);
    const replaced = await db.upsertRow({ ...t, rowId: "p2", data: { userId: "u8", qty: 9 } });
    expect([replaced.$id, replaced.qty, replaced.$sequence]).toEqual(["p2", 9, created.$sequence]);
    await db.deleteRow({ ...t, rowId: "p1" });
    await db.deleteRow({ ...t, rowId: "p2" });
    const gone = await failure(db.getRow({ ...t, rowId: "p1" }));
    expect([gone.code, gone.type]).toEqual([404, "row_not_found"]);
  });

  it("increments and decrements, rejecting a result past max/min with 400 column_limit_exceeded", async () => {
    const t = { databaseId: DB, tableId: "orders" };
    await db.createRow({ ...t, rowId: "c1", data: { userId: "u1", qty: 5 } });
    expect((await db.incrementRowColumn({ ...t, rowId: "c1", column: "qty", value: 3, max: 10 })).qty).toBe(8);
    const over = await failure(db.incrementRowColumn({ ...t, rowId: "c1", column: "qty", value: 3, max: 10 }));
    expect([over.code, over.type]).toEqual([400, "column_limit_exceeded"]);
    expect((await db.decrementRowColumn({ ...t, rowId: "c1", column: "qty", value: 8, min: 0 })).qty).toBe(0);
    const under = await failure(db.decrementRowColumn({ ...t, rowId: "c1", column: "qty", min: 0 }));
    expect([under.code, under.type]).toEqual([400, "column_limit_exceeded"]);
    const notNumber = await failure(db.incrementRowColumn({ ...t, rowId: "c1", column: "note" }));
    expect(notNumber.code).toBe(400);
    // Operators inside data: applied to the current value, bounds clamp.
    const op = await db.updateRow({ ...t, rowId: "c1", data: { qty: Operator.increment(7), amount: Operator.increment(2.5, 2) } });
    expect([op.qty, op.amount]).toEqual([7, 2]);
    expect((await db.updateRow({ ...t, rowId: "c1", data: { qty: Operator.decrement(10, 1) } })).qty).toBe(1);
    expect((await db.updateRow({ ...t, rowId: "c1", data: { tags: Operator.arrayAppend(["a", "b"]) } })).tags).toEqual(["a", "b"]);
    await db.deleteRow({ ...t, rowId: "c1" });
  });

  it("bulk creates, updates by query, upserts and deletes by query", async () => {
    await db.createTable({ databaseId: DB, tableId: "bulk", name: "Bulk" });
    const t = { databaseId: DB, tableId: "bulk" };
    await db.createIntegerColumn({ ...t, key: "n", required: true });
    await db.createStringColumn({ ...t, key: "s", size: 10, required: false });
    const made = await db.createRows({ ...t, rows: Array.from({ length: 10 }, (_, i) => ({ $id: `b${i}`, n: i })) });
    expect(made.total).toBe(10);
    const updated = await db.updateRows({ ...t, data: { s: "big" }, queries: [Query.greaterThanEqual("n", 5)] });
    expect(updated.total).toBe(5);
    expect((await db.listRows({ ...t, queries: [Query.equal("s", "big")] })).total).toBe(5);
    const ups = await db.upsertRows({ ...t, rows: [{ $id: "b0", n: 100 }, { $id: "b10", n: 10 }] });
    expect(ups.rows.map((r) => r.n as unknown)).toEqual([100, 10]);
    const deleted = await db.deleteRows({ ...t, queries: [Query.lessThan("n", 5)] });
    expect(deleted.total).toBe(4);
    expect((await db.listRows(t)).total).toBe(7);
    const tooMany = await failure(db.createRows({ ...t, rows: Array.from({ length: 101 }, (_, i) => ({ n: i })) }));
    expect(tooMany.code).toBe(400);
    await db.deleteRows(t);
    expect((await db.listRows(t)).total).toBe(0);
  });
});

describe("queries", () => {
  const t = { databaseId: DB, tableId: "orders" };
  const ids = async (...queries: string[]): Promise<string[]> => (await db.listRows({ ...t, queries })).rows.map((r) => r.$id);

  it.each([
    [[Query.equal("userId", ["u1", "u2"])], ["o1", "o2", "o3"]],
    [[Query.notEqual("userId", "u1")], ["o3", "o4"]],
    [[Query.lessThan("qty", 3)], ["o1", "o2"]],
    [[Query.lessThanEqual("qty", 3)], ["o1", "o2", "o4"]],
    [[Query.greaterThan("amount", 120)], ["o1", "o2"]],
    [[Query.greaterThanEqual("amount", 120)], ["o1", "o2", "o3"]],
    [[Query.between("qty", 2, 3)], ["o1", "o4"]],
    [[Query.notBetween("qty", 2, 3)], ["o2", "o3"]],
    [[Query.isNull("email")], ["o1", "o2", "o3"]],
    [[Query.isNotNull("email")], ["o4"]],
    [[Query.startsWith("note", "butter")], ["o2"]],
    [[Query.endsWith("note", "dosa")], ["o3"]],
    [[Query.notStartsWith("note", "butter")], ["o1", "o3", "o4"]],
    [[Query.contains("note", "paneer")], ["o1"]],
    [[Query.contains("tags", "veg")], ["o1", "o4"]],
    [[Query.containsAny("tags", ["nonveg", "spicy"])], ["o1", "o2"]],
    [[Query.containsAll("tags", ["veg", "spicy"])], ["o1"]],
    [[Query.notContains("tags", "veg")], ["o2", "o3"]],
    [[Query.search("note", "chicken dosa")], ["o2", "o3"]],
    [[Query.equal("paid", true)], ["o2"]],
    [[Query.equal("status", "new")], ["o1", "o4"]],
    [[Query.or([Query.equal("userId", "u3"), Query.greaterThan("qty", 4)])], ["o3", "o4"]],
    [[Query.and([Query.equal("userId", "u1"), Query.lessThan("qty", 2)])], ["o2"]],
    [[Query.distanceLessThan("loc", [77.59, 12.97], 5000)], ["o1", "o2"]],
    [[Query.distanceGreaterThan("loc", [77.59, 12.97], 5000)], ["o3"]],
    [[Query.greaterThan("paidAt", "2025-05-31T00:00:00+05:30")], ["o1"]],
    [[Query.equal("$id", "o3")], ["o3"]],
    [[Query.greaterThan("$sequence", "2"), Query.lessThan("$sequence", 4)], ["o3"]],
    [[Query.createdBefore("2999-01-01T00:00:00Z"), Query.limit(2)], ["o1", "o2"]],
    [[Query.orderDesc("qty"), Query.limit(2)], ["o3", "o4"]],
    [[Query.orderAsc("userId"), Query.orderDesc("amount"), Query.limit(3)], ["o2", "o1", "o3"]],
    [[Query.limit(2), Query.offset(1)], ["o2", "o3"]],
  ])("%j", async (queries, expected) => {
    expect(await ids(...queries)).toEqual(expected);
  });

  it("select keeps the $ attributes and only the named columns", async () => {
    const r = await db.getRow({ ...t, rowId: "o1", queries: [Query.select(["qty"])] });
    expect(Object.keys(r).filter((k) => !k.startsWith("$"))).toEqual(["qty"]);
    const list = await db.listRows({ ...t, queries: [Query.select(["note", "qty"]), Query.limit(1)] });
    expect(Object.keys(list.rows[0] ?? {}).filter((k) => !k.startsWith("$"))).toEqual(["note", "qty"]);
  });

  it("orderRandom returns the rows", async () => {
    expect((await ids(Query.orderRandom())).sort()).toEqual(["o1", "o2", "o3", "o4"]);
  });

  it("total=false answers total 0", async () => {
    const r = await db.listRows({ ...t, total: false });
    expect([r.total, r.rows.length]).toEqual([0, 4]);
  });

  it.each([
    [Query.equal("nope", "x"), "Attribute not found in schema: nope"],
    [Query.search("userId", "u1"), "requires a fulltext index"],
    [Query.between("qty", 1, 2).replace("[1,2]", "[1]"), "between"],
    [Query.or([Query.equal("qty", 1)]), "at least two"],
    [Query.equal("qty", "one"), "invalid"],
    ['{"method":"bogus","attribute":"qty","values":[1]}', "bogus"],
    ["not json", "Invalid query"],
  ])("rejects %s with 400 general_query_invalid", async (q, message) => {
    const e = await failure(db.listRows({ ...t, queries: [q] }));
    expect([e.code, e.type]).toEqual([400, "general_query_invalid"]);
    expect(e.message).toContain(message);
  });

  it("a missing cursor row is 400 general_cursor_not_found", async () => {
    const e = await failure(db.listRows({ ...t, queries: [Query.cursorAfter("ghost")] }));
    expect([e.code, e.type]).toEqual([400, "general_cursor_not_found"]);
  });
});

describe("cursor pagination", () => {
  const t = { databaseId: DB, tableId: "pages" };

  beforeAll(async () => {
    await db.createTable({ ...t, name: "Pages" });
    await db.createIntegerColumn({ ...t, key: "bucket", required: true });
    for (let i = 0; i < 250; i += 100) {
      // Few distinct buckets: ordering by them needs the $sequence tiebreak to page without gaps or repeats.
      await db.createRows({ ...t, rows: Array.from({ length: Math.min(100, 250 - i) }, (_, j) => ({ $id: `p${i + j}`, bucket: (i + j) % 7 })) });
    }
  });

  it("cursorAfter over 250 rows returns each row exactly once, in order", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const queries = [Query.orderDesc("bucket"), Query.limit(30), ...(cursor ? [Query.cursorAfter(cursor)] : [])];
      const page = await db.listRows({ ...t, queries });
      if (page.rows.length === 0) break;
      seen.push(...page.rows.map((r) => r.$id));
      cursor = page.rows[page.rows.length - 1]?.$id;
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    const all = (await db.listRows({ ...t, queries: [Query.orderDesc("bucket"), Query.limit(1000)] })).rows.map((r) => r.$id);
    expect(seen).toEqual(all);
  });

  it("cursorBefore pages backwards but keeps the requested order", async () => {
    const all = (await db.listRows({ ...t, queries: [Query.limit(1000)] })).rows.map((r) => r.$id);
    const page = await db.listRows({ ...t, queries: [Query.cursorBefore("p100"), Query.limit(3)] });
    expect(page.rows.map((r) => r.$id)).toEqual(all.slice(97, 100));
  });

  it("total is capped at 5000 only; here it is the real count", async () => {
    expect((await db.listRows({ ...t, queries: [Query.limit(1)] })).total).toBe(250);
  });
});

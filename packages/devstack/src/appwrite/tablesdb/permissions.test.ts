// Permission rules (wire spec §4): unit tests on the pure functions with Caller objects, then the whole stack with a
// real user session (auth module) through node-appwrite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppwriteException, Client, Permission, Query, Role, TablesDB } from "node-appwrite";
import type { Caller } from "../context";
import { startAppwrite, type RunningAppwrite } from "../index";
import { createUserSession } from "../auth/testing";
import {
  assertGrantable,
  assertMayCreate,
  defaultRowPermissions,
  listAccess,
  mayAccessRow,
  normalisePermissions,
  ROW_ACTIONS,
} from "./permissions";

const alice: Caller = { kind: "user", userId: "alice", sessionId: "s1", roles: ["user:alice", "users", "user:alice/verified", "users/verified"], labels: [] };
const guest: Caller = { kind: "guest", roles: ["any", "guests"] };
const key: Caller = { kind: "key", scopes: "all", roles: ["any"] };

async function failure(p: Promise<unknown>): Promise<AppwriteException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppwriteException) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

describe("permission functions", () => {
  const open = { permissions: ['read("any")'], rowSecurity: false };
  const secured = { permissions: ['create("users")'], rowSecurity: true };

  it("write aggregates to update+delete on rows; invalid strings are 400", () => {
    expect(normalisePermissions(['write("user:alice")', 'read("any")'], ROW_ACTIONS)).toEqual(['update("user:alice")', 'delete("user:alice")', 'read("any")']);
    expect(() => normalisePermissions(['create("any")'], ROW_ACTIONS)).toThrow(/not allowed/);
    expect(() => normalisePermissions(["read(any)"], ROW_ACTIONS)).toThrow(/not valid/);
  });

  it("keys bypass; table permission or (rowSecurity) row permission grants", () => {
    expect(mayAccessRow(key, secured, [], "delete")).toBe(true);
    expect(mayAccessRow(guest, open, [], "read")).toBe(true);
    expect(mayAccessRow(alice, open, ['update("user:alice")'], "update")).toBe(false);
    expect(mayAccessRow(alice, secured, ['update("user:alice")'], "update")).toBe(true);
    expect(mayAccessRow(guest, secured, ['read("users")'], "read")).toBe(false);
  });

  it("list: table read → all, rowSecurity → filtered rows, else 401", () => {
    expect(listAccess(guest, open)).toBe("all");
    expect(listAccess(alice, secured)).toBe("rows");
    expect(() => listAccess(alice, { permissions: [], rowSecurity: false })).toThrow(expect.objectContaining({ type: "user_unauthorized" }));
  });

  it("create needs table-level create", () => {
    expect(() => assertMayCreate(alice, secured)).not.toThrow();
    expect(() => assertMayCreate(guest, secured)).toThrow(expect.objectContaining({ code: 401 }));
  });

  it("users get read/update/delete on their rows by default and may only grant roles they hold", () => {
    expect(defaultRowPermissions(alice)).toEqual(['read("user:alice")', 'update("user:alice")', 'delete("user:alice")']);
    expect(defaultRowPermissions(key)).toEqual([]);
    expect(() => assertGrantable(alice, ['read("users")', 'read("any")'])).not.toThrow();
    expect(() => assertGrantable(alice, ['read("user:bob")'])).toThrow(expect.objectContaining({ type: "user_unauthorized" }));
  });
});

describe("permissions over HTTP with real user sessions", () => {
  let aw: RunningAppwrite;
  let admin: TablesDB;
  let asAlice: TablesDB;
  let asBob: TablesDB;
  let asGuest: TablesDB;
  const t = { databaseId: "main", tableId: "orders" };
  const open = { databaseId: "main", tableId: "menu" };

  beforeAll(async () => {
    aw = await startAppwrite({ port: 0 });
    const client = (): Client => new Client().setEndpoint(aw.endpoint).setProject("chizze");
    admin = new TablesDB(client().setKey("standard_devkey"));
    asAlice = new TablesDB(client().setSession(createUserSession(aw.deps, { userId: "alice", phone: "+919800000001" }).session));
    asBob = new TablesDB(client().setSession(createUserSession(aw.deps, { userId: "bob", phone: "+919800000002" }).session));
    asGuest = new TablesDB(client());
    await admin.create({ databaseId: "main", name: "Main" });
    await admin.createTable({ ...t, name: "Orders", permissions: [Permission.create(Role.users())], rowSecurity: true });
    await admin.createVarcharColumn({ ...t, key: "item", size: 50, required: true });
    await admin.createTable({ ...open, name: "Menu", permissions: [Permission.read(Role.any())] });
    await admin.createVarcharColumn({ ...open, key: "item", size: 50, required: true });
    await admin.createRow({ ...open, rowId: "m1", data: { item: "dosa" } });
  });

  afterAll(async () => {
    await aw.close();
  });

  it("a user creates a row and gets default permissions; others neither see nor change it", async () => {
    const row = await asAlice.createRow({ ...t, rowId: "a1", data: { item: "idli" } });
    expect(row.$permissions).toEqual(['read("user:alice")', 'update("user:alice")', 'delete("user:alice")']);
    await asBob.createRow({ ...t, rowId: "b1", data: { item: "vada" } });
    expect((await asAlice.listRows(t)).rows.map((r) => r.$id)).toEqual(["a1"]);
    expect((await asAlice.listRows({ ...t, queries: [Query.equal("item", "vada")] })).total).toBe(0);
    const hidden = await failure(asBob.getRow({ ...t, rowId: "a1" }));
    expect([hidden.code, hidden.type]).toEqual([404, "row_not_found"]);
    const upd = await failure(asBob.updateRow({ ...t, rowId: "a1", data: { item: "x" } as Record<string, unknown> }));
    expect([upd.code, upd.type]).toEqual([401, "user_unauthorized"]);
    const del = await failure(asBob.deleteRow({ ...t, rowId: "a1" }));
    expect([del.code, del.type]).toEqual([401, "user_unauthorized"]);
    expect((await asAlice.updateRow({ ...t, rowId: "a1", data: { item: "idli x2" } })).item).toBe("idli x2");
  });

  it("a guest cannot create (401) and sees nothing in a rowSecurity table", async () => {
    const e = await failure(asGuest.createRow({ ...t, rowId: "g1", data: { item: "x" } as Record<string, unknown> }));
    expect([e.code, e.type]).toEqual([401, "user_unauthorized"]);
    expect((await asGuest.listRows(t)).total).toBe(0);
  });

  it("list without table read and without rowSecurity is 401; with read(any) everyone lists", async () => {
    await admin.createTable({ databaseId: "main", tableId: "closed", name: "Closed" });
    const e = await failure(asAlice.listRows({ databaseId: "main", tableId: "closed" }));
    expect([e.code, e.type]).toEqual([401, "user_unauthorized"]);
    expect((await asGuest.listRows(open)).total).toBe(1);
  });

  it("a user may only grant roles it holds; bulk and schema routes are key-only", async () => {
    const e = await failure(asAlice.createRow({ ...t, rowId: "a2", data: { item: "x" } as Record<string, unknown>, permissions: [Permission.read(Role.user("bob"))] }));
    expect([e.code, e.type]).toEqual([401, "user_unauthorized"]);
    const ok = await asAlice.createRow({ ...t, rowId: "a3", data: { item: "x" }, permissions: [Permission.read(Role.users())] });
    expect(ok.$permissions).toEqual(['read("users")']);
    expect((await asBob.getRow({ ...t, rowId: "a3" })).$id).toBe("a3");
    const bulk = await failure(asAlice.createRows({ ...t, rows: [{ item: "y" }] }));
    expect([bulk.code, bulk.type]).toEqual([401, "general_unauthorized_scope"]);
    const schema = await failure(asAlice.createTable({ databaseId: "main", tableId: "x", name: "x" }));
    expect([schema.code, schema.type]).toEqual([401, "general_unauthorized_scope"]);
  });

  it("$createdAt is settable by keys only", async () => {
    const byKey = await admin.createRow({ ...open, rowId: "m2", data: { item: "vada", $createdAt: "2020-01-01T00:00:00Z" } as Record<string, unknown> });
    expect(byKey.$createdAt).toBe("2020-01-01T00:00:00.000+00:00");
  });

  it("keys need scopes: a key without rows.read gets 401 general_unauthorized_scope", async () => {
    aw.deps.config.apiKeys["limited_key"] = new Set(["databases.read"]);
    const limited = new TablesDB(new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey("limited_key"));
    const e = await failure(limited.listRows(open));
    expect([e.code, e.type]).toEqual([401, "general_unauthorized_scope"]);
    expect((await limited.list()).total).toBe(1);
  });
});

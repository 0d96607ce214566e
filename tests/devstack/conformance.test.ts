// The devstack as the project uses it, end to end through real clients: the CLI pushes the project's own
// appwrite.json; a customer's web SDK subscription receives updates to rows it may read and nothing else; a row
// update fires the event function that listens for it; fault knobs and reset behave.
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { AppwriteException, Functions, ID, Query, Runtime, TablesDB } from "node-appwrite";
import { Client as WebClient, Realtime, type RealtimeResponseEvent } from "appwrite";
import { createUserSession } from "@chizze/devstack/appwrite/auth/testing";
import { startAppwrite } from "@chizze/devstack/appwrite/index";
import { DEV_API_KEY, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { ROOT, startTestStack, type TestStack } from "../support/stack";

const g = globalThis as unknown as Record<string, unknown>;
g.WebSocket ??= WebSocket;
g.window ??= globalThis;
const ls = new Map<string, string>();
g.localStorage ??= { getItem: (k: string) => ls.get(k) ?? null, setItem: (k: string, v: string) => void ls.set(k, v), removeItem: (k: string) => void ls.delete(k), clear: () => ls.clear(), key: () => null, length: 0 };

const echoFixture = fileURLToPath(new URL("../../packages/devstack/src/appwrite/functions/fixtures/echo.ts", import.meta.url));

let stack: TestStack;
let db: TablesDB;

beforeAll(async () => {
  stack = await startTestStack({ functions: { schedules: false, entryOf: (fn) => (fn.$id.startsWith("test-") ? echoFixture : join(ROOT, fn.path, fn.entrypoint)) } });
  db = new TablesDB(stack.admin());
  await new Functions(stack.admin()).create({
    functionId: "test-on-order-update",
    name: "test",
    runtime: Runtime.Node22,
    execute: [],
    events: ["databases.chizze.tables.orders.rows.*.update"],
    entrypoint: "dist/main.js",
  });
}, 60_000);
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.reset();
});

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

function orderData(customerId: string, n: number) {
  const now = new Date().toISOString();
  return {
    order_number: `CHZ-TEST-${String(n).padStart(4, "0")}`,
    customer_id: customerId,
    restaurant_id: "rst_test",
    restaurant_owner_id: "usr_owner",
    status: "placed",
    dispatch_state: "none",
    payment_method: "cod",
    payment_status: "cod_pending",
    placed_at: now,
  };
}

/** Creates an order row with only the columns the test needs, filling the table's other required columns from its schema. */
async function createOrder(id: string, customerId: string, n: number) {
  const table = await db.getTable({ databaseId: "chizze", tableId: "orders" });
  const data: Record<string, unknown> = orderData(customerId, n);
  for (const c of table.columns as unknown as { key: string; type: string; required: boolean; format?: string; elements?: string[]; min?: number }[]) {
    if (!c.required || c.key in data) continue;
    data[c.key] = c.format === "enum" ? c.elements![0] : c.type === "integer" || c.type === "double" ? Math.max(0, c.min ?? 0) : c.type === "boolean" ? false : c.type === "datetime" ? new Date().toISOString() : c.key.endsWith("_json") || c.key === "items" ? "[]" : `${c.key}-${n}`;
  }
  return db.createRow({ databaseId: "chizze", tableId: "orders", rowId: id, data, permissions: [`read("user:${customerId}")`] });
}

describe("appwrite-cli 12 with the project's appwrite.json", () => {
  it("pushes every table, and a second push changes nothing", async () => {
    const aw = await startAppwrite();
    try {
      const dir = await mkdtemp(join(tmpdir(), "chizze-cli-"));
      const home = join(dir, "home");
      await mkdir(join(home, ".appwrite"), { recursive: true });
      await writeFile(join(home, ".appwrite", "prefs.json"), JSON.stringify({ current: "local", local: { endpoint: aw.endpoint, key: DEV_API_KEY } }), { mode: 0o600 });
      const config = JSON.parse(await readFile(join(ROOT, "appwrite.json"), "utf8")) as { tables: { $id: string; columns: unknown[]; indexes: unknown[] }[]; functions?: unknown };
      delete config.functions;
      await writeFile(join(dir, "appwrite.json"), JSON.stringify(config));
      const push = () =>
        new Promise<{ code: number; out: string }>((done) => {
          const child = execFile(join(ROOT, "node_modules/.bin/appwrite"), ["push", "tables", "--all", "--force"], { cwd: dir, env: { ...process.env, HOME: home, NO_COLOR: "1" }, timeout: 240_000 }, (err, stdout, stderr) =>
            done({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, out: `${stdout}\n${stderr}` }),
          );
          child.stdin?.end();
        });
      const first = await push();
      expect(first.code, first.out).toBe(0);
      const tdb = new TablesDB(new (await import("node-appwrite")).Client().setEndpoint(aw.endpoint).setProject(DEV_PROJECT_ID).setKey(DEV_API_KEY));
      const tables = await tdb.listTables({ databaseId: "chizze", queries: [Query.limit(100)] });
      expect(tables.total).toBe(config.tables.length);
      for (const t of config.tables) {
        const remote = tables.tables.find((x) => x.$id === t.$id)!;
        expect(remote.columns.length, t.$id).toBe(t.columns.length);
        expect(remote.indexes.length, t.$id).toBe(t.indexes.length);
      }
      const second = await push();
      expect(second.code, second.out).toBe(0);
      const again = await tdb.listTables({ databaseId: "chizze", queries: [Query.limit(100)] });
      expect(again.tables.map((t) => [t.$id, t.columns.length, t.indexes.length])).toEqual(tables.tables.map((t) => [t.$id, t.columns.length, t.indexes.length]));
    } finally {
      await aw.close();
    }
  }, 300_000);
});

describe("Realtime over real rows", () => {
  it("a customer receives updates to their own order row and never another customer's", async () => {
    const a = createUserSession(stack.appwrite.deps, { phone: "+919811111111", labels: ["customer"] });
    const b = createUserSession(stack.appwrite.deps, { phone: "+919822222222", labels: ["customer"] });
    const seen = { a: [] as RealtimeResponseEvent<{ $id: string; status: string }>[], b: [] as RealtimeResponseEvent<{ $id: string; status: string }>[] };
    const channel = "tablesdb.chizze.tables.orders.rows";
    const web = (session: string) => new WebClient().setEndpoint(stack.appwrite.endpoint).setProject(DEV_PROJECT_ID).setSession(session);
    const subA = await new Realtime(web(a.session)).subscribe(channel, (e) => void seen.a.push(e as RealtimeResponseEvent<{ $id: string; status: string }>));
    const subB = await new Realtime(web(b.session)).subscribe(channel, (e) => void seen.b.push(e as RealtimeResponseEvent<{ $id: string; status: string }>));
    await until(() => stack.appwrite.realtime.connections() >= 2, "connections");
    await new Promise((r) => setTimeout(r, 100));

    await createOrder("ord_a1", a.userId, 1);
    await db.updateRow({ databaseId: "chizze", tableId: "orders", rowId: "ord_a1", data: { status: "accepted" } });
    await createOrder("ord_b1", b.userId, 2);

    await until(() => seen.a.length >= 2 && seen.b.length >= 1, "events");
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.a.map((e) => [e.payload.$id, e.payload.status])).toEqual([
      ["ord_a1", "placed"],
      ["ord_a1", "accepted"],
    ]);
    expect(seen.b.map((e) => e.payload.$id)).toEqual(["ord_b1"]);
    expect(seen.a[1]!.events).toContain("tablesdb.chizze.tables.orders.rows.ord_a1.update");
    await subA.close();
    await subB.close();
  });
});

describe("functions on real events", () => {
  it("an order row update fires the function listening for it, with the row as payload", async () => {
    const u = createUserSession(stack.appwrite.deps, { phone: "+919833333333" });
    await createOrder("ord_e1", u.userId, 3);
    await stack.functions!.runner().idle();
    const fns = new Functions(stack.admin());
    expect((await fns.listExecutions({ functionId: "test-on-order-update" })).total).toBe(0); // create ≠ update
    await db.updateRow({ databaseId: "chizze", tableId: "orders", rowId: "ord_e1", data: { status: "accepted" } });
    await stack.functions!.runner().idle();
    const list = await fns.listExecutions({ functionId: "test-on-order-update" });
    expect(list.total).toBe(1);
    expect(list.executions[0]).toMatchObject({ trigger: "event", status: "completed" });
    expect(list.executions[0]!.logs).toContain("event=databases.chizze.collections.orders.documents.ord_e1.update");
    expect(list.executions[0]!.logs).toContain('"status":"accepted"');
  });
});

describe("fault knobs and reset", () => {
  it("fails the next Appwrite requests with 503 on demand, then serves again", async () => {
    stack.appwrite.faults.set({ failNext: 2, failStatus: 503 });
    for (let i = 0; i < 2; i++) {
      const err = await db.listRows({ databaseId: "chizze", tableId: "restaurants" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppwriteException);
      expect((err as AppwriteException).code).toBe(503);
    }
    await expect(db.listRows({ databaseId: "chizze", tableId: "restaurants" })).resolves.toMatchObject({ total: 0 });
  });

  it("reset empties rows and users but keeps the schema", async () => {
    const u = createUserSession(stack.appwrite.deps, { phone: "+919844444444" });
    await createOrder(ID.unique(), u.userId, 4);
    expect((await db.listRows({ databaseId: "chizze", tableId: "orders" })).total).toBe(1);
    await stack.reset();
    expect((await db.listRows({ databaseId: "chizze", tableId: "orders" })).total).toBe(0);
    expect((await db.getTable({ databaseId: "chizze", tableId: "orders" })).columns.length).toBeGreaterThan(10);
  });
});

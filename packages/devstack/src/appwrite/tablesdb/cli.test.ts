// `appwrite push tables --all --force` of the real appwrite-cli 12 against the emulator: it creates the database and
// tables through /v1/tablesdb and the columns and indexes through the legacy /v1/databases attribute routes, polls
// them until available, and a second push finds nothing to change.
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, TablesDB } from "node-appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";

const CLI = resolve(import.meta.dirname, "../../../../../node_modules/.bin/appwrite");
const KEY = "standard_devkey";

const config = {
  projectId: "chizze",
  projectName: "Chizze",
  tablesDB: [{ $id: "chizze", name: "chizze", enabled: true }],
  tables: [
    {
      $id: "restaurants",
      $permissions: ['read("any")'],
      databaseId: "chizze",
      name: "restaurants",
      enabled: true,
      rowSecurity: false,
      columns: [
        { key: "name", type: "string", required: true, array: false, size: 120, default: null, encrypt: false },
        { key: "status", type: "string", format: "enum", elements: ["open", "closed"], required: false, array: false, default: "open" },
        { key: "rating", type: "double", required: false, array: false, min: 0, max: 5, default: null },
        { key: "seats", type: "integer", required: false, array: false, min: 0, max: 500, default: 10 },
        { key: "veg", type: "boolean", required: false, array: false, default: false },
        { key: "openedAt", type: "datetime", format: "", required: false, array: false, default: null },
        { key: "email", type: "string", format: "email", required: false, array: false, default: null },
        { key: "loc", type: "point", required: false, default: null },
      ],
      indexes: [
        { key: "idx_status_rating", type: "key", status: "available", columns: ["status", "rating"], orders: ["ASC", "DESC"] },
        { key: "uniq_email", type: "unique", status: "available", columns: ["email"], orders: ["ASC"] },
      ],
    },
    {
      $id: "orders",
      $permissions: ['create("users")'],
      databaseId: "chizze",
      name: "orders",
      enabled: true,
      rowSecurity: true,
      columns: [
        { key: "userId", type: "string", required: true, array: false, size: 36, default: null, encrypt: false },
        { key: "tags", type: "string", required: false, array: true, size: 32, default: null, encrypt: false },
        { key: "site", type: "string", format: "url", required: false, array: false, default: null },
      ],
      indexes: [{ key: "idx_user", type: "key", status: "available", columns: ["userId"], orders: ["ASC"] }],
    },
  ],
};

let aw: RunningAppwrite;
let dir: string;
let home: string;
let db: TablesDB;

function push(): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    // stdin is /dev/null ("ignore"): without --all/--force the CLI would prompt; with them it must not.
    const child = execFile(CLI, ["push", "tables", "--all", "--force"], { cwd: dir, env: { ...process.env, HOME: home, NO_COLOR: "1" }, timeout: 120_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, out: `${stdout}\n${stderr}` });
    });
    child.stdin?.end();
  });
}

beforeAll(async () => {
  aw = await startAppwrite({ port: 0 });
  db = new TablesDB(new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey(KEY));
  dir = await mkdtemp(join(tmpdir(), "tdb-cli-"));
  home = join(dir, "home");
  await mkdir(join(home, ".appwrite"), { recursive: true });
  await writeFile(join(home, ".appwrite", "prefs.json"), JSON.stringify({ current: "local", local: { endpoint: aw.endpoint, key: KEY } }), { mode: 0o600 });
  await writeFile(join(dir, "appwrite.config.json"), JSON.stringify(config, null, 2));
});

afterAll(async () => {
  await aw.close();
  await rm(dir, { recursive: true, force: true });
});

describe("appwrite push tables", () => {
  it("creates the database, tables, columns and indexes", async () => {
    const run = await push();
    expect(run.out).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    const tables = await db.listTables({ databaseId: "chizze" });
    expect(tables.tables.map((t) => t.$id)).toEqual(["restaurants", "orders"]);
    const restaurants = await db.getTable({ databaseId: "chizze", tableId: "restaurants" });
    expect(restaurants.columns.map((c) => `${c.key}:${c.type}`)).toEqual([
      "name:string",
      "status:string",
      "rating:double",
      "seats:integer",
      "veg:boolean",
      "openedAt:datetime",
      "email:string",
      "loc:point",
    ]);
    expect(restaurants.indexes.map((i) => [i.key, i.type, i.columns, i.orders])).toEqual([
      ["idx_status_rating", "key", ["status", "rating"], ["ASC", "DESC"]],
      ["uniq_email", "unique", ["email"], ["ASC"]],
    ]);
    expect(restaurants.$permissions).toEqual(['read("any")']);
    const orders = await db.getTable({ databaseId: "chizze", tableId: "orders" });
    expect(orders.rowSecurity).toBe(true);
    expect(orders.columns.map((c) => c.key)).toEqual(["userId", "tags", "site"]);
    // The tables are usable at once.
    const row = await db.createRow({ databaseId: "chizze", tableId: "restaurants", rowId: "r1", data: { name: "Dosa Point", loc: [77.6, 12.9] } });
    expect([row.status, row.seats, row.veg]).toEqual(["open", 10, false]);
  });

  it("a second push is idempotent: no errors, nothing duplicated or recreated", async () => {
    const before = await db.getTable({ databaseId: "chizze", tableId: "restaurants" });
    const run = await push();
    expect(run.out).not.toMatch(/Error/);
    expect(run.out).not.toMatch(/recreating|deleting|adding/);
    expect(run.code).toBe(0);
    const after = await db.getTable({ databaseId: "chizze", tableId: "restaurants" });
    expect(after.columns.map((c) => [c.key, c.$createdAt])).toEqual(before.columns.map((c) => [c.key, c.$createdAt]));
    expect(after.indexes.map((i) => i.key)).toEqual(before.indexes.map((i) => i.key));
    expect((await db.list()).total).toBe(1);
    expect((await db.listTables({ databaseId: "chizze" })).total).toBe(2);
    // Data survived (no column was dropped and recreated).
    expect((await db.getRow({ databaseId: "chizze", tableId: "restaurants", rowId: "r1" })).name).toBe("Dosa Point");
  });
});

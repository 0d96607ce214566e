import { describe, expect, it } from "vitest";
import { buildAppwriteConfig, serializeAppwriteConfig } from "./appwrite-config";
import type { AppwriteFunctionConfig } from "./appwrite-config";
import { buckets, tables } from "./index";
import { KeysColumns, KeysDatabase, KeysFunction, KeysIndexesColumns, KeysStorage, KeysTable } from "./testing/cli";

const fn = (id: string, extra: Partial<AppwriteFunctionConfig> = {}): AppwriteFunctionConfig => ({
  $id: id,
  name: id,
  runtime: "node-22",
  specification: "s-0.5vcpu-512mb",
  execute: [],
  events: [],
  scopes: ["rows.read", "rows.write"],
  schedule: "",
  timeout: 15,
  enabled: true,
  logging: true,
  entrypoint: "dist/main.js",
  commands: "",
  path: `functions/${id}`,
  ...extra,
});

const functions = [fn("orders-place", { execute: ["users"] }), fn("dispatch-sweeper", { schedule: "* * * * *", timeout: 60, ignore: ["src"] })];

describe("buildAppwriteConfig", () => {
  const config = buildAppwriteConfig({ functions });

  it("has the project, the chizze database and every table and bucket", () => {
    expect(config.projectId).toBe("chizze");
    expect(config.projectName).toBe("Chizze");
    expect(config.tablesDB).toEqual([{ $id: "chizze", name: "chizze", enabled: true }]);
    expect(config.tables.map((t) => t.$id)).toEqual(tables.map((t) => t.id));
    expect(config.buckets.map((b) => b.$id)).toEqual(buckets.map((b) => b.$id));
    for (const t of config.tables) {
      expect(t.databaseId).toBe("chizze");
      expect(t.enabled).toBe(true);
    }
  });

  it("round-trips through JSON unchanged", () => {
    const text = serializeAppwriteConfig(config);
    expect(JSON.parse(text)).toEqual(config);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("is deterministic: same input, same text, whatever the function order", () => {
    const a = serializeAppwriteConfig(buildAppwriteConfig({ functions }));
    const b = serializeAppwriteConfig(buildAppwriteConfig({ functions: [...functions].reverse() }));
    expect(a).toBe(b);
    expect(config.functions.map((f) => f.$id)).toEqual(["dispatch-sweeper", "orders-place"]);
  });

  it("emits only keys appwrite-cli 12 keeps, at every level", () => {
    const allowedTop = new Set(["projectId", "projectName", "endpoint", "settings", "functions", "sites", "tablesDB", "databases", "tables", "collections", "buckets", "teams", "topics"]);
    for (const k of Object.keys(config)) expect(allowedTop.has(k), k).toBe(true);
    for (const db of config.tablesDB) for (const k of Object.keys(db)) expect(KeysDatabase.has(k)).toBe(true);
    for (const t of config.tables) {
      for (const k of Object.keys(t)) expect(KeysTable.has(k), k).toBe(true);
      for (const c of t.columns) for (const k of Object.keys(c)) expect(KeysColumns.has(k), `${t.$id}.${c.key}.${k}`).toBe(true);
      for (const i of t.indexes) {
        expect(Object.keys(i)).toEqual(["key", "type", "status", "columns", "orders"]);
        for (const k of Object.keys(i)) expect(KeysIndexesColumns.has(k)).toBe(true);
        expect(i.status).toBe("available");
      }
    }
    for (const b of config.buckets) expect(Object.keys(b).sort()).toEqual([...KeysStorage].sort());
    for (const f of config.functions) {
      for (const k of Object.keys(f)) expect(KeysFunction.has(k) || k === "ignore", k).toBe(true);
      expect("vars" in f).toBe(false);
    }
  });

  it("keeps column specs intact (key first, then type)", () => {
    const orders = config.tables.find((t) => t.$id === "orders")!;
    const status = orders.columns.find((c) => c.key === "status")!;
    expect(Object.keys(status).slice(0, 2)).toEqual(["key", "type"]);
    expect(status).toMatchObject({ type: "string", format: "enum", required: true, array: false, default: null });
    const placed = orders.indexes.find((i) => i.columns.join() === "restaurant_id,placed_at")!;
    expect(placed.orders).toEqual(["ASC", "DESC"]);
  });

  it("refuses function vars, unknown keys, bad ids and duplicates", () => {
    const withVars = { ...fn("x"), vars: [{ key: "RAZORPAY_KEY_SECRET", value: "s3cret" }] } as unknown as AppwriteFunctionConfig;
    expect(() => buildAppwriteConfig({ functions: [withVars] })).toThrow(/vars/);
    const unknownKey = { ...fn("x"), memory: 512 } as unknown as AppwriteFunctionConfig;
    expect(() => buildAppwriteConfig({ functions: [unknownKey] })).toThrow();
    expect(() => buildAppwriteConfig({ functions: [fn("_bad")] })).toThrow();
    expect(() => buildAppwriteConfig({ functions: [fn("a"), fn("a")] })).toThrow(/twice/);
  });

  it("writes the endpoint only when given", () => {
    expect("endpoint" in config).toBe(false);
    expect(buildAppwriteConfig({ functions: [], endpoint: "http://127.0.0.1:8090/v1" }).endpoint).toBe("http://127.0.0.1:8090/v1");
  });
});

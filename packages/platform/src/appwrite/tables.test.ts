// The typed repository against the devstack through the real node-appwrite client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Query } from "node-appwrite";
import { DATABASE_ID, T } from "@chizze/schema";
import { startTestStack, type TestStack } from "../testing";
import { appwriteClients, cachedAppwriteClientCount, createAppwriteClients } from "./client";
import { repo } from "./tables";
import { BoundExceeded, Conflict, InvalidRowData, NotFound, RowDrift, Unavailable } from "../errors";

let t: TestStack;
let clients: ReturnType<typeof createAppwriteClients>;

beforeAll(async () => {
  t = await startTestStack();
  clients = createAppwriteClients({ endpoint: t.config.appwrite.endpoint, projectId: t.config.appwrite.projectId, key: t.config.appwrite.key ?? "" });
});
afterAll(async () => {
  await t?.close();
});

const item = (over: Record<string, unknown> = {}) => ({
  restaurant_id: "rst_1",
  category_id: "cat_1",
  name: "Masala dosa",
  price_paise: 12_000,
  is_veg: true,
  stock: 3,
  ...over,
});

describe("repo", () => {
  it("creates, gets, updates, upserts and deletes typed rows", async () => {
    const items = repo(clients.tablesDB, T.menu_items);
    const created = await items.create("itm_crud", item());
    expect(created).toMatchObject({ $id: "itm_crud", name: "Masala dosa", price_paise: 12_000, is_available: true, gst_rate_bps: 500 });

    expect(await items.get("itm_crud")).toMatchObject({ $id: "itm_crud", stock: 3 });
    expect(await items.get("itm_missing")).toBeNull();

    expect(await items.update("itm_crud", { price_paise: 13_000 })).toMatchObject({ price_paise: 13_000, name: "Masala dosa" });
    expect(await items.upsert("itm_crud", item({ name: "Rava dosa" }))).toMatchObject({ name: "Rava dosa", price_paise: 12_000 });
    expect(await items.upsert("itm_new", item())).toMatchObject({ $id: "itm_new" });

    expect(await items.delete("itm_crud")).toBe(true);
    expect(await items.delete("itm_crud")).toBe(false);
    expect(await items.get("itm_crud")).toBeNull();
    await expect(items.update("itm_crud", { price_paise: 1 })).rejects.toBeInstanceOf(NotFound);
  });

  it("answers Conflict for an existing id (the retry of a deterministic create)", async () => {
    const items = repo(clients.tablesDB, T.menu_items);
    await items.create("itm_dup", item());
    const err = await items.create("itm_dup", item()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Conflict);
    expect((err as Conflict).type).toBe("row_already_exists");
  });

  it("validates data before sending anything", async () => {
    const items = repo(clients.tablesDB, T.menu_items);
    // price_paise must be a non-negative integer; `colour` is not a column.
    await expect(items.create("itm_bad", item({ price_paise: -1 }))).rejects.toBeInstanceOf(InvalidRowData);
    await expect(items.create("itm_bad", { ...item(), colour: "red" } as never)).rejects.toBeInstanceOf(InvalidRowData);
    await expect(items.update("itm_bad", { price_paise: 1.5 })).rejects.toBeInstanceOf(InvalidRowData);
    expect(await items.get("itm_bad")).toBeNull();
  });

  it("pages with a cursor", async () => {
    const items = repo(clients.tablesDB, T.menu_items);
    for (let i = 0; i < 5; i++) await items.create(`itm_page_${i}`, item({ restaurant_id: "rst_page", sort_order: i }));
    const filter = [Query.equal("restaurant_id", "rst_page"), Query.orderAsc("sort_order")];
    const p1 = await items.list(filter, { limit: 2 });
    const p2 = await items.list(filter, { limit: 2, cursor: p1.nextCursor });
    const p3 = await items.list(filter, { limit: 2, cursor: p2.nextCursor });
    expect([...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.sort_order)).toEqual([0, 1, 2, 3, 4]);
    expect(p3.nextCursor).toBeNull();
    const exact = await items.list(filter, { limit: 5 });
    expect([exact.rows.length, exact.nextCursor]).toEqual([5, null]);
  });

  it("increments and decrements within bounds, BoundExceeded past them", async () => {
    const items = repo(clients.tablesDB, T.menu_items);
    await items.create("itm_stock", item({ stock: 2 }));
    expect((await items.decrement("itm_stock", "stock", 2, { min: 0 })).stock).toBe(0);
    await expect(items.decrement("itm_stock", "stock", 1, { min: 0 })).rejects.toBeInstanceOf(BoundExceeded);
    expect((await items.increment("itm_stock", "stock", 5, { max: 5 })).stock).toBe(5);
    await expect(items.increment("itm_stock", "stock", 1, { max: 5 })).rejects.toBeInstanceOf(BoundExceeded);
    expect((await items.get("itm_stock"))?.stock).toBe(5);
  });

  it("fails loudly on schema drift when strict, reports it when lenient", async () => {
    // Written around the repo (as a console edit or an old code version would): Appwrite checks only the length of
    // a JSON text column, the schema checks that it holds a variants document.
    await clients.tablesDB.createRow({ databaseId: DATABASE_ID, tableId: "menu_items", rowId: "itm_drift", data: item({ variants: "not json" }) });
    await expect(repo(clients.tablesDB, T.menu_items, { strict: true }).get("itm_drift")).rejects.toBeInstanceOf(RowDrift);
    const drifts: RowDrift[] = [];
    const lenient = repo(clients.tablesDB, T.menu_items, { strict: false, onDrift: (d) => drifts.push(d) });
    expect((await lenient.get("itm_drift"))?.variants).toBe("not json");
    expect(drifts.map((d) => [d.tableId, d.rowId])).toEqual([["menu_items", "itm_drift"]]);
  });

  it("maps an unreachable Appwrite to Unavailable", async () => {
    // A port nothing listens on: connection refused.
    const dead = createAppwriteClients({ endpoint: "http://127.0.0.1:9/v1", projectId: "chizze", key: "k" });
    const err = await repo(dead.tablesDB, T.counters).get("c1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Unavailable);
    expect((err as Unavailable).reason).toBe("network");
  });

  it("keeps a bounded number of cached client sets", () => {
    const target = { endpoint: t.config.appwrite.endpoint, projectId: "chizze" };
    const first = appwriteClients({ ...target, key: "key-0" });
    expect(appwriteClients({ ...target, key: "key-0" })).toBe(first);
    for (let i = 1; i <= 50; i++) appwriteClients({ ...target, key: `key-${i}` });
    expect(cachedAppwriteClientCount()).toBeLessThanOrEqual(8);
    expect(appwriteClients({ ...target, key: "key-0" })).not.toBe(first);
  });
});

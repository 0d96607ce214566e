// withTransaction against the devstack's TablesDB transactions through the real node-appwrite client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { T } from "@chizze/schema";
import { startTestStack, type TestStack } from "../testing";
import { createAppwriteClients } from "./client";
import { repo } from "./tables";
import { withTransaction } from "./transaction";
import { BoundExceeded, TransactionConflict } from "../errors";

let t: TestStack;
let clients: ReturnType<typeof createAppwriteClients>;

beforeAll(async () => {
  t = await startTestStack();
  clients = createAppwriteClients({ endpoint: t.config.appwrite.endpoint, projectId: t.config.appwrite.projectId, key: t.config.appwrite.key ?? "" });
});
afterAll(async () => {
  await t?.close();
});

const item = (id: string, stock: number) =>
  repo(clients.tablesDB, T.menu_items).create(id, { restaurant_id: "rst_tx", category_id: "cat_1", name: id, price_paise: 10_000, is_veg: true, stock });
const noWait = { sleep: async () => {}, random: () => 0.5 };

describe("withTransaction", () => {
  it("commits every staged operation together", async () => {
    await item("itm_tx_a", 10);
    const counters = repo(clients.tablesDB, T.counters);
    const items = repo(clients.tablesDB, T.menu_items);
    const result = await withTransaction(clients.tablesDB, async (tx) => {
      tx.decrement(T.menu_items, "itm_tx_a", "stock", 3, { min: 0 });
      tx.create(T.counters, "cnt_tx_a", { name: "orders:tx-a", value: 1 });
      tx.update(T.menu_items, "itm_tx_a", { is_bestseller: true });
      // Nothing is visible before the commit.
      expect(await counters.get("cnt_tx_a")).toBeNull();
      return "done";
    });
    expect(result).toBe("done");
    expect(await items.get("itm_tx_a")).toMatchObject({ stock: 7, is_bestseller: true });
    expect(await counters.get("cnt_tx_a")).toMatchObject({ name: "orders:tx-a", value: 1 });
  });

  it("rolls back when the callback throws", async () => {
    await item("itm_tx_b", 10);
    const boom = new Error("priced wrong");
    await expect(
      withTransaction(clients.tablesDB, async (tx) => {
        tx.decrement(T.menu_items, "itm_tx_b", "stock", 4, { min: 0 });
        tx.create(T.counters, "cnt_tx_b", { name: "orders:tx-b", value: 1 });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await repo(clients.tablesDB, T.menu_items).get("itm_tx_b"))?.stock).toBe(10);
    expect(await repo(clients.tablesDB, T.counters).get("cnt_tx_b")).toBeNull();
  });

  it("rejects invalid data while staging, before anything is sent", async () => {
    await expect(
      withTransaction(clients.tablesDB, async (tx) => {
        tx.create(T.counters, "cnt_tx_bad", { name: "Not A Valid Name", value: 1 });
      }),
    ).rejects.toThrow(/Invalid data for table counters/);
    expect(await repo(clients.tablesDB, T.counters).get("cnt_tx_bad")).toBeNull();
  });

  it("retries the whole callback after a conflicting outside write, and then succeeds", async () => {
    await item("itm_tx_c", 10);
    const items = repo(clients.tablesDB, T.menu_items);
    const attempts: number[] = [];
    const retries: number[] = [];
    await withTransaction(
      clients.tablesDB,
      async (tx) => {
        attempts.push(tx.attempt);
        const row = await tx.get(T.menu_items, "itm_tx_c");
        if (!row) throw new Error("missing row");
        // First attempt only: someone else changes the row between our read and our commit.
        if (tx.attempt === 1) await items.update("itm_tx_c", { sort_order: 99 });
        tx.update(T.menu_items, "itm_tx_c", { stock: (row.stock ?? 0) - 1 });
      },
      { ...noWait, onRetry: (attempt) => retries.push(attempt) },
    );
    expect(attempts).toEqual([1, 2]);
    expect(retries).toEqual([1]);
    expect(await items.get("itm_tx_c")).toMatchObject({ stock: 9, sort_order: 99 });
  });

  it("gives up with TransactionConflict after maxAttempts", async () => {
    await item("itm_tx_d", 10);
    const items = repo(clients.tablesDB, T.menu_items);
    let n = 0;
    const err = await withTransaction(
      clients.tablesDB,
      async (tx) => {
        await tx.get(T.menu_items, "itm_tx_d");
        await items.update("itm_tx_d", { sort_order: ++n });
        tx.update(T.menu_items, "itm_tx_d", { stock: 0 });
      },
      { ...noWait, maxAttempts: 3 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionConflict);
    expect(n).toBe(3);
    expect((await items.get("itm_tx_d"))?.stock).toBe(10);
  });

  it("never takes stock below 0 under 20 concurrent orders", async () => {
    await item("itm_tx_stock", 7);
    const items = repo(clients.tablesDB, T.menu_items);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        withTransaction(
          clients.tablesDB,
          async (tx) => {
            tx.decrement(T.menu_items, "itm_tx_stock", "stock", 1, { min: 0 });
            tx.create(T.counters, `cnt_stock_${i}`, { name: `stock-order:${i}`, value: 1 });
          },
          { maxAttempts: 8, backoff: { baseMs: 5, maxMs: 50 } },
        ),
      ),
    );
    const ok = outcomes.filter((o) => o.status === "fulfilled").length;
    const reasons = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    // Every failure is one of the two expected ones: out of stock, or still conflicting after the retries.
    for (const r of reasons) expect(r instanceof BoundExceeded || r instanceof TransactionConflict).toBe(true);
    const stock = (await items.get("itm_tx_stock"))?.stock;
    expect(stock).toBeGreaterThanOrEqual(0);
    expect(stock).toBe(7 - ok);
    // Each committed transaction wrote its counter row too (all-or-nothing).
    const written = await repo(clients.tablesDB, T.counters).list([], { limit: 100 });
    expect(written.rows.filter((r) => r.name.startsWith("stock-order:")).length).toBe(ok);
  });
});

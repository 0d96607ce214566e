// Order archival on the devstack (issue 8, production-architecture §4.4), fired as the weekly cron fires it
// (runSchedule): finished orders older than 90 days go to gzip JSON files in the archives bucket in verified batches,
// then are marked archived and leave the customer's, the kitchen's and the admin's feeds (still readable by id); a
// second run changes nothing; a runtime killed after the upload or half-way through marking is finished by the
// next run with every order archived exactly once and one file per batch; an archive restores to the very rows it
// was made from; files past their retention are deleted; a backlog larger than one execution continues itself.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { Functions, Query, Storage, TablesDB } from "node-appwrite";
import { getOrderRoute, listOrdersRoute } from "@chizze/contracts/api/orders";
import { restaurantOrdersRoute } from "@chizze/contracts/api/restaurant";
import { adminOrdersRoute } from "@chizze/contracts/api/admin";
import { ApiError } from "@chizze/contracts/errors";
import { rowPermissions, DATABASE_ID } from "@chizze/schema";
import type { ArchivalReport } from "@chizze/services/archival/run";
import { archivalRunKey } from "@chizze/services/archival/keys";
import { jobRunIdFor } from "@chizze/services/job-lease";
import { readArchive, restoreArchive } from "@chizze/services/archival/restore";
import { paymentRowIdFor } from "@chizze/services/orders/transition";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, runSchedule } from "../support/functions";
import { serviceDeps } from "../support/deps";
import { orderFixtures, type OrderFixtures, type OrderRow, type OrderSpec } from "../support/order-fixtures";

const FN = "orders-archive";
const DAY = 86_400_000;

let stack: TestStack;
let fx: OrderFixtures;
let tables: TablesDB;
let storage: Storage;
let fns: Functions;

beforeAll(async () => {
  stack = await startTestStack();
  tables = new TablesDB(stack.admin());
  storage = new Storage(stack.admin());
  fns = new Functions(stack.admin());
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => {
  await stack.reset();
  fx = orderFixtures(stack);
  await setVars({ ARCHIVE_BATCH_SIZE: "4", ARCHIVE_MARK_CHUNK: "50", ARCHIVE_FAULT: "", ARCHIVE_BATCHES_PER_RUN: "" });
}, 60_000);

const alice = identityOf("usr_cus_arch_alice", ["customer"]);
const owner = identityOf("usr_own_arch_one", ["restaurant"]);
const rider = identityOf("usr_prt_arch_one", ["partner"]);
const admin = identityOf("usr_adm_arch_one", ["admin"]);

/** Function variables (kept across stack resets): created once, updated after. */
async function setVars(vars: Record<string, string>): Promise<void> {
  const existing = new Set((await fns.listVariables({ functionId: FN })).variables.map((v) => v.key));
  for (const [key, value] of Object.entries(vars)) {
    if (existing.has(key)) await fns.updateVariable({ functionId: FN, variableId: key, key, value });
    else await fns.createVariable({ functionId: FN, variableId: key, key, value });
  }
}

/** Fires the cron; a scheduled execution keeps no response body, so the report is read from its log line. */
async function runArchive(): Promise<ArchivalReport & { logs: string }> {
  const r = await runSchedule(stack, FN);
  expect(r.status, r.errors).toBe(200);
  for (const text of `${r.logs}\n${r.errors}`.split("\n")) {
    if (!text.includes('"archival run')) continue;
    const line = JSON.parse(text) as { report?: ArchivalReport };
    if (line.report) return { ...line.report, logs: r.logs };
  }
  throw new Error(`no archival report in the execution log:\n${r.logs}\n${r.errors}`);
}

interface World {
  /** Finished orders placed 100–125 days ago: delivered, cancelled and rejected, online and COD. */
  old: OrderRow[];
  /** Not archivable: an old order still `placed` (stuck), one delivered 10 days ago, one 89 days 23 hours ago. */
  keep: OrderRow[];
  /** The old online cancelled order that has a refund row. */
  refunded: OrderRow;
}

const STATUSES: OrderSpec["status"][] = ["delivered", "cancelled", "delivered", "rejected", "delivered"];

async function seedWorld(oldCount = 10): Promise<World> {
  const restaurant = await fx.restaurant(1, owner.userId, "Archive Kitchen");
  const partner = await fx.partner(1, rider.userId);
  const now = Date.now();
  const old: OrderRow[] = [];
  for (let i = 0; i < oldCount; i++) {
    const status = STATUSES[i % STATUSES.length]!;
    // Two orders share a placed_at, so the (placed_at, id) order is what keeps batches stable.
    const placedAt = new Date(now - (125 - Math.floor(i / 2) * 2) * DAY);
    old.push(await fx.order({ customerId: alice.userId, restaurant, partner, status, placedAt, paymentMethod: i % 2 === 0 ? "online" : "cod" }));
  }
  const keep = [
    await fx.order({ customerId: alice.userId, restaurant, status: "placed", placedAt: new Date(now - 110 * DAY) }),
    await fx.order({ customerId: alice.userId, restaurant, partner, status: "delivered", placedAt: new Date(now - 10 * DAY) }),
    await fx.order({ customerId: alice.userId, restaurant, partner, status: "delivered", placedAt: new Date(now - 90 * DAY + 3_600_000), paymentMethod: "online" }),
  ];
  for (const o of [...old, ...keep].filter((o) => o.payment_method === "online")) await payment(o);
  const refunded = old.find((o) => o.status === "cancelled" && o.payment_method === "online") ?? old.find((o) => o.payment_method === "online")!;
  await refund(refunded);
  return { old, keep, refunded };
}

const hex16 = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

async function payment(o: OrderRow): Promise<void> {
  await fx.db.payments.create(
    paymentRowIdFor(o.$id),
    {
      order_id: o.$id,
      customer_id: o.customer_id,
      razorpay_order_id: `order_${hex16(`order|${o.$id}`)}`,
      razorpay_payment_id: `pay_${hex16(`pay|${o.$id}`)}`,
      status: "captured",
      amount_paise: o.total_paise,
      currency: "INR",
      method: "upi",
      authorized_at: o.placed_at,
      captured_at: o.placed_at,
      amount_refunded_paise: 0,
      last_event_at: o.placed_at,
    },
    rowPermissions.customer(o.customer_id),
  );
}

async function refund(o: OrderRow): Promise<void> {
  await fx.db.refunds.create(
    `rfd_arch_${o.$id.slice(4, 20)}`,
    {
      order_id: o.$id,
      customer_id: o.customer_id,
      payment_id: paymentRowIdFor(o.$id),
      razorpay_payment_id: null,
      razorpay_refund_id: null,
      idempotency_key: `rfd_arch_${o.$id.slice(4, 20)}`,
      amount_paise: 1_000,
      components: JSON.stringify({ itemsPaise: 1_000, packagingPaise: 0, deliveryPaise: 0, platformPaise: 0, taxesPaise: 0, tipPaise: 0 }),
      reason_code: "customer_cancelled",
      stage: "placed",
      actor_type: "customer",
      actor_id: o.customer_id,
      status: "processed",
      requested_at: o.placed_at,
      processed_at: o.placed_at,
    },
    rowPermissions.customer(o.customer_id),
  );
}

// ---- reading the database and the bucket raw, independently of the code under test ----------------------------

type Raw = Record<string, unknown> & { $id: string };
const strip = (r: Record<string, unknown>): Raw => {
  const { $sequence: _s, $tableId: _t, $databaseId: _d, ...rest } = r;
  return rest as Raw;
};

async function rawRows(tableId: string, queries: string[]): Promise<Raw[]> {
  const out: Raw[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await tables.listRows({ databaseId: DATABASE_ID, tableId, queries: [...queries, Query.limit(100), ...(cursor ? [Query.cursorAfter(cursor)] : [])] });
    out.push(...(page.rows as unknown as Record<string, unknown>[]).map(strip));
    if (page.rows.length < 100) return out;
    cursor = page.rows.at(-1)!.$id;
  }
}

interface Snapshot {
  order: Raw;
  events: Raw[];
  payments: Raw[];
  refunds: Raw[];
}

/** Each order with its rows as Appwrite returns them, as an archive must hold them. */
async function snapshot(ids: readonly string[]): Promise<Map<string, Snapshot>> {
  const out = new Map<string, Snapshot>();
  for (const id of ids) {
    const [order] = await rawRows("orders", [Query.equal("$id", id)]);
    out.set(id, {
      order: order!,
      events: await rawRows("order_events", [Query.equal("order_id", id), Query.orderAsc("seq")]),
      payments: await rawRows("payments", [Query.equal("order_id", id)]),
      refunds: await rawRows("refunds", [Query.equal("order_id", id)]),
    });
  }
  return out;
}

const archives = async () => (await fx.db.archives.list([Query.orderAsc("from_at"), Query.orderAsc("batch_key")], { limit: 100 })).rows;
const files = async () => (await storage.listFiles({ bucketId: "archives", queries: [Query.limit(100)] })).files;

async function fileDoc(fileId: string): Promise<{ sha: string; doc: { format: string; orderCount: number; records: Snapshot[] } }> {
  const bytes = Buffer.from(await storage.getFileDownload({ bucketId: "archives", fileId }));
  return { sha: createHash("sha256").update(bytes).digest("hex"), doc: JSON.parse(gunzipSync(bytes).toString("utf8")) as { format: string; orderCount: number; records: Snapshot[] } };
}

/** The archive events of an order (there must be exactly one per archived order). */
async function archiveEvents(orderId: string): Promise<Raw[]> {
  return rawRows("order_events", [Query.equal("order_id", orderId), Query.equal("event", "archive")]);
}

/** Every file matches a complete row (no orphans), every old order is in exactly one file and marked exactly once. */
async function expectArchivedExactlyOnce(w: World, before: Map<string, Snapshot>, batches: number): Promise<void> {
  const rows = await archives();
  expect(rows).toHaveLength(batches);
  expect(rows.every((r) => r.status === "complete")).toBe(true);
  const stored = await files();
  expect(stored.map((f) => f.$id).sort()).toEqual(rows.map((r) => r.file_id).sort());
  const inFiles: string[] = [];
  for (const row of rows) {
    const { sha, doc } = await fileDoc(row.file_id!);
    expect(sha).toBe(row.checksum);
    expect(doc.orderCount).toBe(row.order_count);
    for (const rec of doc.records) {
      inFiles.push(rec.order.$id);
      // The file holds the order as it was before archival, with its events, payment and refunds.
      expect(rec).toEqual(before.get(rec.order.$id));
    }
  }
  expect(inFiles.sort()).toEqual(w.old.map((o) => o.$id).sort());
  for (const o of w.old) {
    const was = before.get(o.$id)!.order;
    const now = await fx.db.orders.get(o.$id);
    expect(now).toMatchObject({ status: "archived", version: (was.version as number) + 1 });
    expect(now!.archived_at).not.toBeNull();
    const ev = await archiveEvents(o.$id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ seq: (was.version as number) + 1, from_status: was.status, to_status: "archived", actor_type: "system" });
    const batchKey = (JSON.parse(ev[0]!.data as string) as { batchKey: string }).batchKey;
    expect(rows.find((r) => r.batch_key === batchKey)).toBeDefined();
  }
}

describe("the weekly run", () => {
  it("archives finished orders older than 90 days in verified batches, takes them out of the feeds, and a second run changes nothing", { timeout: 120_000 }, async () => {
    const w = await seedWorld();
    const before = await snapshot([...w.old, ...w.keep].map((o) => o.$id));

    const first = await runArchive();
    expect(first).toMatchObject({ skipped: null, eligibleAtStart: 10, batches: 3, archived: 10, resumed: 0, discarded: 0, leftHot: 0, more: false, stoppedBy: "done" });
    await expectArchivedExactlyOnce(w, before, 3);
    const rows = await archives();
    expect(rows.map((r) => r.order_count)).toEqual([4, 4, 2]);
    for (const r of rows) {
      expect(r.batch_key).toMatch(/^orders:\d{8}-\d{8}:[0-9a-f]{20}$/);
      expect(Date.parse(r.expires_at) - Date.parse(r.created_at)).toBe(365 * DAY);
    }
    // Batches follow (placed_at, id): oldest first, no order in two batches.
    const bounds = rows.map((r) => [Date.parse(r.from_at), Date.parse(r.to_at)] as const);
    for (let i = 1; i < bounds.length; i++) expect(bounds[i]![0]).toBeGreaterThanOrEqual(bounds[i - 1]![1]);
    // Progress is logged per batch against the total.
    const progress = first.logs.split("\n").filter((l) => l.includes("archive batch complete")).map((l) => JSON.parse(l) as { done: number; total: number; batchMs: number });
    expect(progress.map((p) => [p.done, p.total])).toEqual([
      [4, 10],
      [8, 10],
      [10, 10],
    ]);
    // Orders that are not finished, or not old enough, are untouched.
    for (const o of w.keep) expect(strip((await rawRows("orders", [Query.equal("$id", o.$id)]))[0]!)).toEqual(before.get(o.$id)!.order);
    const run = await fx.db.job_runs.get(jobRunIdFor(archivalRunKey(new Date())));
    expect(run).toMatchObject({ status: "succeeded", processed: 10, lease_until: null });

    // Hot feeds: the customer's history, the kitchen's history and the admin list no longer show archived orders…
    const keepIds = w.keep.map((o) => o.$id).sort();
    const mine = await callFunction(stack, listOrdersRoute, { identity: alice, query: { limit: 50 } });
    expect(mine.status).toBe(200);
    expect((mine.body as { items: { id: string }[] }).items.map((i) => i.id).sort()).toEqual(keepIds);
    const past = await callFunction(stack, listOrdersRoute, { identity: alice, query: { limit: 50, state: "past" } });
    expect((past.body as { items: { id: string }[] }).items.map((i) => i.id).sort()).toEqual(w.keep.filter((o) => o.status === "delivered").map((o) => o.$id).sort());
    const kitchen = await callFunction(stack, restaurantOrdersRoute, { identity: owner, query: { status: "delivered", limit: 50 } });
    expect(kitchen.status, JSON.stringify(kitchen.body)).toBe(200);
    expect((kitchen.body as { items: { id: string }[] }).items.map((i) => i.id).sort()).toEqual(w.keep.filter((o) => o.status === "delivered").map((o) => o.$id).sort());
    const adminAll = await callFunction(stack, adminOrdersRoute, { identity: admin, query: { limit: 50 } });
    expect(adminAll.status, JSON.stringify(adminAll.body)).toBe(200);
    expect((adminAll.body as { items: { id: string }[] }).items.map((i) => i.id).sort()).toEqual(keepIds);
    // …but they stay queryable: by status for the kitchen and admins, by id for their customer.
    const archivedIds = w.old.map((o) => o.$id).sort();
    const adminArchived = await callFunction(stack, adminOrdersRoute, { identity: admin, query: { limit: 50, status: "archived" } });
    expect((adminArchived.body as { items: { id: string }[] }).items.map((i) => i.id).sort()).toEqual(archivedIds);
    const kitchenArchived = await callFunction(stack, restaurantOrdersRoute, { identity: owner, query: { status: "archived", limit: 50 } });
    expect((kitchenArchived.body as { items: { id: string }[] }).items.map((i) => i.id).sort()).toEqual(archivedIds);
    const one = await callFunction(stack, getOrderRoute, { identity: alice, params: { id: w.old[0]!.$id } });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: w.old[0]!.$id, status: "archived" });

    // Run twice → same result: no new batch, file or event, no order row touched.
    const rowsBefore = await archives();
    const ordersBefore = await rawRows("orders", [Query.orderAsc("$id")]);
    const eventsBefore = await rawRows("order_events", [Query.orderAsc("$id")]);
    const second = await runArchive();
    expect(second).toMatchObject({ skipped: null, eligibleAtStart: 0, batches: 0, archived: 0, more: false });
    expect(await archives()).toEqual(rowsBefore);
    expect((await files()).map((f) => f.$id).sort()).toEqual(rowsBefore.map((r) => r.file_id).sort());
    expect(await rawRows("orders", [Query.orderAsc("$id")])).toEqual(ordersBefore);
    expect(await rawRows("order_events", [Query.orderAsc("$id")])).toEqual(eventsBefore);
  });

  it("works a backlog off in a chain of executions when each may do only part of it", { timeout: 120_000 }, async () => {
    const w = await seedWorld();
    const before = await snapshot(w.old.map((o) => o.$id));
    await setVars({ ARCHIVE_BATCHES_PER_RUN: "1" });
    const first = await runArchive();
    expect(first).toMatchObject({ batches: 1, archived: 4, more: true, stoppedBy: "max_batches" });
    // runSchedule waited for the whole chain: each execution archived one batch and started the next.
    await expectArchivedExactlyOnce(w, before, 3);
    const runs = (await fns.listExecutions({ functionId: FN, queries: [Query.limit(100)] })).executions;
    expect(runs).toHaveLength(3);
    expect(runs.map((e) => String(e.status))).toEqual(["completed", "completed", "completed"]);
    expect(await fx.db.job_runs.get(jobRunIdFor(archivalRunKey(new Date())))).toMatchObject({ status: "succeeded", processed: 10 });
  });

  it("two runs fired at once archive every order once", { timeout: 120_000 }, async () => {
    const w = await seedWorld();
    const before = await snapshot(w.old.map((o) => o.$id));
    const runner = stack.functions!.runner();
    await Promise.all([runner.fireSchedule(FN), runner.fireSchedule(FN)]);
    await runner.idle();
    await expectArchivedExactlyOnce(w, before, 3);
  });
});

describe("crash safety", () => {
  /** After a kill the dead run's lease stands until it expires; the test lets it expire now. */
  async function expireLease(): Promise<void> {
    await fx.db.job_runs.update(jobRunIdFor(archivalRunKey(new Date())), { lease_until: new Date(Date.now() - 1_000).toISOString() });
  }

  it("a runtime killed between the upload and the marking: the re-run reuses the file and marks every order once", { timeout: 120_000 }, async () => {
    const w = await seedWorld();
    const before = await snapshot(w.old.map((o) => o.$id));
    await setVars({ ARCHIVE_FAULT: "exit_after_upload" });
    const killed = await runSchedule(stack, FN);
    expect(killed.status).toBeGreaterThanOrEqual(500);
    await setVars({ ARCHIVE_FAULT: "" });
    // The first batch's file is stored and its row is `writing`; no order is marked.
    const [half] = await archives();
    expect(half).toMatchObject({ status: "writing", order_count: 4 });
    expect((await files()).map((f) => f.$id)).toEqual([half!.file_id]);
    expect((await fx.db.orders.list([Query.equal("status", "archived")], { limit: 50 })).rows).toHaveLength(0);

    // Straight after the kill the dead run's lease still stands: the re-run does nothing rather than race it.
    expect(await runArchive()).toMatchObject({ skipped: { heldUntil: expect.any(String) as string }, archived: 0 });
    await expireLease();
    const again = await runArchive();
    expect(again).toMatchObject({ skipped: null, resumed: 1, batches: 3, archived: 10, discarded: 0, more: false });
    await expectArchivedExactlyOnce(w, before, 3);
    expect((await archives()).find((r) => r.$id === half!.$id)).toMatchObject({ status: "complete", checksum: half!.checksum });
    expect((await runArchive()).archived).toBe(0);
  });

  it("a runtime killed half-way through marking a batch: the re-run marks the rest, none twice", { timeout: 120_000 }, async () => {
    const w = await seedWorld();
    const before = await snapshot(w.old.map((o) => o.$id));
    await setVars({ ARCHIVE_FAULT: "exit_mid_mark", ARCHIVE_MARK_CHUNK: "2" });
    const killed = await runSchedule(stack, FN);
    expect(killed.status).toBeGreaterThanOrEqual(500);
    await setVars({ ARCHIVE_FAULT: "" });
    expect((await fx.db.orders.list([Query.equal("status", "archived")], { limit: 50 })).rows).toHaveLength(2);
    expect((await archives()).map((r) => r.status)).toEqual(["writing"]);

    await expireLease();
    const again = await runArchive();
    expect(again).toMatchObject({ resumed: 1, batches: 3, archived: 8, discarded: 0 });
    await expectArchivedExactlyOnce(w, before, 3);
  });

  it("a stale half-written batch (its orders changed before any was marked) is thrown away and archived afresh", { timeout: 120_000 }, async () => {
    const w = await seedWorld();
    await setVars({ ARCHIVE_FAULT: "exit_after_upload" });
    expect((await runSchedule(stack, FN)).status).toBeGreaterThanOrEqual(500);
    await setVars({ ARCHIVE_FAULT: "" });
    const [stale] = await archives();
    // A late change to an order of that batch (an admin refund, say) after the export.
    const changed = w.old.find((o) => o.status === "delivered")!;
    await fx.db.orders.update(changed.$id, { amount_refunded_paise: 500, version: changed.version + 1 });
    const before = await snapshot(w.old.map((o) => o.$id));

    await expireLease();
    const again = await runArchive();
    expect(again).toMatchObject({ discarded: 1, resumed: 0, batches: 3, archived: 10 });
    expect((await archives()).some((r) => r.$id === stale!.$id)).toBe(false);
    // The archive holds the changed order as it is now, and nothing is left of the stale file.
    await expectArchivedExactlyOnce(w, before, 3);
  });
});

describe("restore", () => {
  it("export → restore a sample → the same rows; a second restore changes nothing", { timeout: 120_000 }, async () => {
    const w = await seedWorld();
    const before = await snapshot(w.old.map((o) => o.$id));
    await runArchive();
    const deps = serviceDeps(stack);

    // Every archive reads back to exactly the rows it was made from.
    for (const row of await archives()) {
      const { records } = await readArchive(deps, row.batch_key);
      for (const r of records) expect(r).toEqual(before.get(r.order.$id));
    }

    // A sample — with a payment and a refund among them — loses its rows (order, every event, payment, refunds).
    const batchOf = async (orderId: string) => (JSON.parse((await archiveEvents(orderId))[0]!.data as string) as { batchKey: string }).batchKey;
    const key = await batchOf(w.refunded.$id);
    const { records } = await readArchive(deps, key);
    const sample = [w.refunded.$id, ...records.map((r) => r.order.$id).filter((id) => id !== w.refunded.$id)].slice(0, 3);
    expect(sample).toHaveLength(3);
    for (const id of sample) {
      for (const t of ["order_events", "payments", "refunds"]) await tables.deleteRows({ databaseId: DATABASE_ID, tableId: t, queries: [Query.equal("order_id", id)] });
      await tables.deleteRow({ databaseId: DATABASE_ID, tableId: "orders", rowId: id });
    }

    const restored = await restoreArchive(deps, key, { orderIds: sample });
    expect(restored.restored.sort()).toEqual([...sample].sort());
    expect(restored.present).toEqual([]);
    const after = await snapshot(sample);
    for (const id of sample) expect(after.get(id)).toEqual(before.get(id));
    expect(after.get(w.refunded.$id)!.refunds).toHaveLength(1);
    expect(after.get(w.refunded.$id)!.payments).toHaveLength(1);

    // Again: everything is there, nothing is written.
    const twice = await restoreArchive(deps, key, { orderIds: sample });
    expect(twice).toEqual({ batchKey: key, restored: [], present: expect.arrayContaining(sample) as string[] });
    expect(await snapshot(sample)).toEqual(after);

    // Asking for what the archive does not hold, or for an archive that does not exist.
    await expect(restoreArchive(deps, key, { orderIds: ["ord_not_in_it"] })).rejects.toMatchObject({ code: "unprocessable" });
    await expect(readArchive(deps, "orders:20000101-20000101:00000000000000000000")).rejects.toBeInstanceOf(ApiError);
  });
});

describe("retention", () => {
  it("deletes archive files whose year is over, keeps their rows as purged, and leaves younger archives alone", { timeout: 120_000 }, async () => {
    await seedWorld();
    await setVars({ ARCHIVE_BATCH_SIZE: "5" });
    await runArchive();
    const [oldest, younger] = await archives();
    expect([oldest?.status, younger?.status]).toEqual(["complete", "complete"]);
    // A year and a day later for the first one.
    await fx.db.archives.update(oldest!.$id, { created_at: new Date(Date.now() - 366 * DAY).toISOString(), expires_at: new Date(Date.now() - DAY).toISOString() });

    const r = await runArchive();
    expect(r).toMatchObject({ purged: 1, archived: 0 });
    expect(await fx.db.archives.get(oldest!.$id)).toMatchObject({ status: "purged", batch_key: oldest!.batch_key });
    expect((await files()).map((f) => f.$id)).toEqual([younger!.file_id]);
    await expect(readArchive(serviceDeps(stack), oldest!.batch_key)).rejects.toMatchObject({ code: "conflict" });
    // The purged orders stay archived (their hot rows are kept); the younger archive still reads back.
    expect((await readArchive(serviceDeps(stack), younger!.batch_key)).records).toHaveLength(5);

    expect(await runArchive()).toMatchObject({ purged: 0, archived: 0 });
    expect((await archives()).map((a) => a.status)).toEqual(["purged", "complete"]);
  });
});

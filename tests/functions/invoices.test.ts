// GST invoices on the devstack (issue 8): a delivered order gets exactly one invoice — row + PDF in Storage — from the
// invoices-issue event function on the orders row update, numbered 1..N without gaps per Indian financial year
// (across the 31 March / 1 April IST boundary, under 30 concurrent deliveries and duplicated events). The customer
// reads it through GET /orders/{id}/invoice (orders-invoice) and downloads the PDF from Appwrite Storage with their own
// JWT; anyone else gets 404. A runtime killed between the row and the PDF is finished by the invoices-sweep cron.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client, Functions, Query, Storage, TablesDB } from "node-appwrite";
import { PDFDocument } from "pdf-lib";
import type { z } from "zod";
import { acceptOfferRoute, deliveredRoute, deliveryStatusRoute, pickedUpRoute } from "@chizze/contracts/api/delivery";
import { acceptOrderRoute, readyOrderRoute } from "@chizze/contracts/api/restaurant";
import { getInvoiceRoute, type Invoice } from "@chizze/contracts/api/orders";
import { createUserSession } from "@chizze/devstack/appwrite/auth/testing";
import { DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { BUCKET_IDS, DATABASE_ID } from "@chizze/schema";
import type { Identity } from "@chizze/platform/identity";
import { createDb, type Db } from "@chizze/services/deps";
import { counterIdFor, financialYearOf, invoiceIdFor } from "@chizze/services/invoices/numbering";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, runSchedule } from "../support/functions";
import { orderFixtures, type OrderFixtures, type OrderRow, type RestaurantRow } from "../support/order-fixtures";
import { place, quote, seedOrderWorld, type PlaceBody } from "../support/order-world";

type InvoiceBody = z.infer<typeof Invoice>;

let stack: TestStack;
let fx: OrderFixtures;
let db: Db;

beforeAll(async () => {
  stack = await startTestStack();
  fx = orderFixtures(stack);
  db = createDb(new TablesDB(stack.admin()), true);
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => stack.reset());

const idle = () => stack.functions!.runner().idle();
const MIN = 60_000;
/** A fixture order is delivered 24 minutes after it is placed (6 steps of 4 minutes: accept … deliver). */
const DELIVERY_AFTER_MS = 24 * MIN;
const admin = identityOf("usr_admin_1", ["admin"]);
const owner = identityOf("usr_own_inv", ["restaurant"]);

const issueRuns = () => stack.functions!.store().listExecutions("invoices-issue", 5000, 0).executions;

/** Delivered fixture orders are written without events (as if long done); `deliver` then fires the real update event. */
async function deliveredOrder(r: RestaurantRow, customerId: string, deliveredAtMs: number): Promise<OrderRow> {
  return stack.functions!.runner().withoutEvents(() => fx.order({ customerId, restaurant: r, status: "delivered", placedAt: new Date(deliveredAtMs - DELIVERY_AFTER_MS) }));
}

/** An update of the delivered row: Appwrite fires databases.chizze.tables.orders.rows.<id>.update → invoices-issue. */
async function touch(o: OrderRow): Promise<void> {
  await db.orders.update(o.$id, { delivery_otp_attempts: 1 });
}

/** The update event as Appwrite delivers it (trigger `event`, the row JSON as payload), synchronously. */
async function fireUpdateEvent(o: OrderRow): Promise<{ status: number; body: Record<string, unknown>; errors: string }> {
  const row = await new TablesDB(stack.admin()).getRow({ databaseId: DATABASE_ID, tableId: "orders", rowId: o.$id });
  const e = await stack.functions!.runner().execute("invoices-issue", {
    trigger: "event",
    async: false,
    method: "POST",
    path: "/",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(row),
    event: `databases.chizze.tables.orders.rows.${o.$id}.update`,
  });
  return { status: e.responseStatusCode, body: e.responseBody ? (JSON.parse(e.responseBody) as Record<string, unknown>) : {}, errors: e.errors };
}

async function invoicesOf(financialYear: string) {
  return (await db.invoices.list([Query.equal("financial_year", financialYear), Query.orderAsc("seq")], { limit: 500 })).rows;
}

function customerClient(userId: string): Client {
  const s = createUserSession(stack.appwrite.deps, { userId, labels: ["customer"] });
  return new Client().setEndpoint(stack.appwrite.endpoint).setProject(DEV_PROJECT_ID).setJWT(s.jwt());
}

async function getInvoice(identity: Identity, orderId: string) {
  return callFunction(stack, getInvoiceRoute, { identity, params: { id: orderId } });
}

function expectRunsClean(): void {
  const runs = issueRuns().filter((e) => e.trigger === "event");
  expect(runs.length).toBeGreaterThan(0);
  for (const e of runs) expect([e.status, e.responseStatusCode], e.errors).toEqual(["completed", 200]);
}

describe("invoice of a real delivery", () => {
  it("delivery-delivered → invoices-issue: one invoice numbered 1, totals equal the order's, the PDF downloadable by its customer only", { timeout: 180_000 }, async () => {
    const world = await seedOrderWorld(stack);
    const customer = await world.customer(1);
    const q = await quote(stack, world, customer, { paymentMethod: "cod", tipPaise: 2_000 });
    const placed = await place(stack, customer.identity, q.body.quoteId, `inv-${crypto.randomUUID()}`);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const body = placed.body as PlaceBody;
    const orderId = body.order.id;
    const r = world.city.rows.restaurants.find((x) => x.$id === world.restaurantId)!;
    const riders = world.city.rows.delivery_partners.slice(0, 2);
    for (const [i, p] of riders.entries()) {
      const on = await callFunction(stack, deliveryStatusRoute, { identity: identityOf(p.user_id, ["partner"]), body: { isOnline: true, lat: r.lat + 0.002 * (i + 1), lng: r.lng } });
      expect(on.status).toBe(200);
    }
    expect((await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: orderId }, body: { prepTimeMinutes: 5 } })).status).toBe(200);
    expect((await callFunction(stack, readyOrderRoute, { identity: world.owner, params: { id: orderId }, body: {} })).status).toBe(200);
    await idle();
    // Not delivered yet: no invoice (the event function ignored every update so far).
    expect(await db.invoices.get(invoiceIdFor(orderId))).toBeNull();
    expect((await getInvoice(customer.identity, orderId)).status).toBe(404);

    const [offer] = (await db.dispatch_offers.list([Query.equal("order_id", orderId)], { limit: 10 })).rows;
    expect(offer).toBeDefined();
    const rider = identityOf(world.city.rows.delivery_partners.find((p) => p.$id === offer!.partner_id)!.user_id, ["partner"]);
    expect((await callFunction(stack, acceptOfferRoute, { identity: rider, params: { id: offer!.$id }, body: {} })).status).toBe(200);
    const pickupCode = (await db.orders.get(orderId))!.pickup_code!;
    expect((await callFunction(stack, pickedUpRoute, { identity: rider, params: { id: orderId }, body: { pickupCode } })).status).toBe(200);
    const delivered = await callFunction(stack, deliveredRoute, { identity: rider, params: { id: orderId }, body: { deliveryOtp: body.order.deliveryOtp, cashCollected: true } });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    await idle();

    const order = (await db.orders.get(orderId))!;
    const fy = financialYearOf(new Date(order.delivered_at!));
    const [row, ...others] = await invoicesOf(fy);
    expect(others).toEqual([]);
    expect(row).toMatchObject({ $id: invoiceIdFor(orderId), order_id: orderId, customer_id: customer.identity.userId, seq: 1, total_paise: order.total_paise, gst_food_paise: order.gst_food_paise, gst_fees_paise: order.gst_fees_paise, file_id: invoiceIdFor(orderId) });
    expect(row!.invoice_number).toBe(`CHZ${fy.slice(2, 4)}${fy.slice(5)}/00000001`);
    expect((await db.counters.get(counterIdFor(fy)))?.value).toBe(1);
    expectRunsClean();

    // The customer's view: metadata, lines and totals equal to the order's, and where the PDF is.
    const mine = await getInvoice(customer.identity, orderId);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const inv = mine.body as InvoiceBody;
    expect(inv).toMatchObject({ orderId, number: row!.invoice_number, financialYear: fy, currency: "INR", file: { bucketId: BUCKET_IDS.invoices, fileId: row!.file_id } });
    expect(inv.totals).toEqual({
      foodTaxablePaise: order.item_total_paise - order.discount_paise + order.packaging_paise,
      gstFoodPaise: order.gst_food_paise,
      feesTaxablePaise: order.delivery_fee_paise + order.surge_paise + order.platform_fee_paise,
      gstFeesPaise: order.gst_fees_paise,
      tipPaise: 2_000,
      totalPaise: order.total_paise,
    });
    expect(inv.lines.reduce((s, l) => s + l.amountPaise, 0) + inv.totals.gstFoodPaise + inv.totals.gstFeesPaise).toBe(order.total_paise);
    expect(new Date(inv.date).toISOString()).toBe(new Date(order.delivered_at!).toISOString());
    // Admins read any invoice; the restaurant and other customers get 404.
    expect((await getInvoice(admin, orderId)).status).toBe(200);
    expect((await getInvoice(world.owner, orderId)).status).toBe(404);
    expect((await getInvoice(identityOf("usr_someone_else", ["customer"]), orderId)).status).toBe(404);

    // The PDF, straight from Appwrite Storage with the customer's own JWT.
    const bytes = Buffer.from(await new Storage(customerClient(customer.identity.userId)).getFileDownload({ bucketId: BUCKET_IDS.invoices, fileId: inv.file.fileId }));
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await PDFDocument.load(bytes)).getTitle()).toBe(`Tax invoice ${inv.number}`);
    // Another signed-in user: 404 (no read permission), as Appwrite answers for files one may not see.
    await expect(new Storage(customerClient("usr_t00099")).getFileDownload({ bucketId: BUCKET_IDS.invoices, fileId: inv.file.fileId })).rejects.toMatchObject({ code: 404 });
  });
});

describe("numbering", () => {
  it("is gapless per financial year across 31 March / 1 April IST, whatever order the events come in", { timeout: 120_000 }, async () => {
    const r = await fx.restaurant(1, owner.userId);
    // 31 March 2026 23:10–23:50 IST (FY 2025-26) and 1 April 2026 00:05–00:45 IST (FY 2026-27).
    const lastDay = [0, 10, 20, 40].map((m) => Date.parse("2026-03-31T17:40:00Z") + m * MIN);
    const firstDay = [5, 25, 45].map((m) => Date.parse("2026-03-31T18:30:00Z") + m * MIN);
    const orders: OrderRow[] = [];
    for (const [i, at] of [...lastDay, ...firstDay].entries()) orders.push(await deliveredOrder(r, `usr_fy_${i}`, at));
    // Interleaved, all at once.
    await Promise.all([...orders].reverse().map((o) => touch(o)));
    await idle();

    const old = await invoicesOf("2025-26");
    const fresh = await invoicesOf("2026-27");
    expect(old.map((v) => v.seq)).toEqual([1, 2, 3, 4]);
    expect(fresh.map((v) => v.seq)).toEqual([1, 2, 3]);
    expect(new Set(old.map((v) => v.order_id))).toEqual(new Set(orders.slice(0, 4).map((o) => o.$id)));
    expect(new Set(fresh.map((v) => v.order_id))).toEqual(new Set(orders.slice(4).map((o) => o.$id)));
    expect(old.map((v) => v.invoice_number)).toEqual(["CHZ2526/00000001", "CHZ2526/00000002", "CHZ2526/00000003", "CHZ2526/00000004"]);
    expect(fresh.map((v) => v.invoice_number)).toEqual(["CHZ2627/00000001", "CHZ2627/00000002", "CHZ2627/00000003"]);
    expect((await db.counters.get(counterIdFor("2025-26")))?.value).toBe(4);
    expect((await db.counters.get(counterIdFor("2026-27")))?.value).toBe(3);
    for (const v of [...old, ...fresh]) {
      const o = orders.find((x) => x.$id === v.order_id)!;
      expect(v.total_paise).toBe(o.total_paise);
      expect(v.file_id).toBe(v.$id);
    }
    expectRunsClean();
  });

  it("30 orders delivered at once get 1..30 with no gap and no duplicate, each with its PDF", { timeout: 180_000 }, async () => {
    const r = await fx.restaurant(2, owner.userId);
    const at = Date.parse("2026-07-15T08:00:00Z");
    const orders: OrderRow[] = [];
    for (let i = 0; i < 30; i++) orders.push(await deliveredOrder(r, `usr_c30_${i}`, at + i * 1000));
    await Promise.all(orders.map((o) => touch(o)));
    await idle();

    const rows = await invoicesOf("2026-27");
    expect(rows.map((v) => v.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(rows.map((v) => v.order_id)).size).toBe(30);
    expect(new Set(rows.map((v) => v.invoice_number)).size).toBe(30);
    expect((await db.counters.get(counterIdFor("2026-27")))?.value).toBe(30);
    const files = await new Storage(stack.admin()).listFiles({ bucketId: BUCKET_IDS.invoices, queries: [Query.limit(100)] });
    expect(files.files.map((f) => f.$id).sort()).toEqual(rows.map((v) => v.$id).sort());
    for (const f of files.files) {
      const v = rows.find((x) => x.$id === f.$id)!;
      expect(f.$permissions).toEqual([`read("user:${v.customer_id}")`]);
    }
    expectRunsClean();
  });

  it("a duplicated event (five deliveries of it at once, then a replay) makes one invoice; the next order is number 2", { timeout: 120_000 }, async () => {
    const r = await fx.restaurant(3, owner.userId);
    const a = await deliveredOrder(r, "usr_dup_a", Date.parse("2026-05-02T09:00:00Z"));
    const b = await deliveredOrder(r, "usr_dup_b", Date.parse("2026-05-02T10:00:00Z"));
    const answers = await Promise.all(Array.from({ length: 5 }, () => fireUpdateEvent(a)));
    for (const x of answers) expect(x.status, x.errors).toBe(200);
    expect(answers.filter((x) => x.body.outcome === "issued")).toHaveLength(1);
    expect(answers.filter((x) => x.body.outcome === "existing")).toHaveLength(4);
    expect((await fireUpdateEvent(a)).body).toMatchObject({ outcome: "existing", seq: 1, fileCreated: false });
    expect((await fireUpdateEvent(b)).body).toMatchObject({ outcome: "issued", seq: 2 });
    expect((await invoicesOf("2026-27")).map((v) => [v.order_id, v.seq])).toEqual([
      [a.$id, 1],
      [b.$id, 2],
    ]);
    const files = await new Storage(stack.admin()).listFiles({ bucketId: BUCKET_IDS.invoices });
    expect(files.total).toBe(2);
  });

  it("ignores orders that are not delivered, and rows of other tables", async () => {
    const r = await fx.restaurant(4, owner.userId);
    const live = await stack.functions!.runner().withoutEvents(() => fx.order({ customerId: "usr_live", restaurant: r, status: "picked_up", placedAt: new Date() }));
    expect((await fireUpdateEvent(live)).body).toMatchObject({ outcome: "ignored" });
    // A payload claiming "delivered" for an order that is not: the row read decides.
    const e = await stack.functions!.runner().execute("invoices-issue", {
      trigger: "event",
      async: false,
      method: "POST",
      path: "/",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ $id: live.$id, $tableId: "orders", status: "delivered" }),
      event: `databases.chizze.tables.orders.rows.${live.$id}.update`,
    });
    expect(JSON.parse(e.responseBody)).toMatchObject({ outcome: "ignored", reason: "order is picked_up" });
    const bad = await stack.functions!.runner().execute("invoices-issue", { trigger: "event", async: false, method: "POST", path: "/", headers: { "content-type": "application/json" }, body: JSON.stringify({ nope: 1 }), event: "x" });
    expect(bad.responseStatusCode).toBe(400);
    expect(await db.invoices.list([], { limit: 10 })).toMatchObject({ rows: [] });
  });
});

describe("crash between the invoice row and its PDF", () => {
  it("the killed run leaves a numbered row and no file (404 to the customer); the hourly sweep makes the file, nothing renumbered", { timeout: 120_000 }, async () => {
    const r = await fx.restaurant(5, owner.userId);
    const now = Date.now();
    const o = await deliveredOrder(r, "usr_t00042", now - 30 * MIN);
    const fy = financialYearOf(new Date(o.delivered_at!));
    const fns = new Functions(stack.admin());
    await fns.createVariable({ functionId: "invoices-issue", variableId: "INVOICES_FAULT", key: "INVOICES_FAULT", value: "exit_after_row" });
    try {
      const killed = await fireUpdateEvent(o);
      expect(killed.status).toBeGreaterThanOrEqual(500);
    } finally {
      await fns.updateVariable({ functionId: "invoices-issue", variableId: "INVOICES_FAULT", key: "INVOICES_FAULT", value: "" });
    }
    const stuck = (await db.invoices.get(invoiceIdFor(o.$id)))!;
    expect(stuck).toMatchObject({ seq: 1, file_id: null });
    expect((await new Storage(stack.admin()).listFiles({ bucketId: BUCKET_IDS.invoices })).total).toBe(0);
    expect((await getInvoice(identityOf("usr_t00042", ["customer"]), o.$id)).status).toBe(404);

    const swept = await runSchedule(stack, "invoices-sweep");
    expect(swept.status, swept.errors).toBe(200);
    const done = (await db.invoices.get(invoiceIdFor(o.$id)))!;
    expect(done).toMatchObject({ seq: 1, invoice_number: stuck.invoice_number, file_id: done.$id, issued_at: stuck.issued_at });
    expect((await db.counters.get(counterIdFor(fy)))?.value).toBe(1);
    const view = await getInvoice(identityOf("usr_t00042", ["customer"]), o.$id);
    expect(view.status).toBe(200);
    const bytes = Buffer.from(await new Storage(customerClient("usr_t00042")).getFileDownload({ bucketId: BUCKET_IDS.invoices, fileId: done.$id }));
    expect((await PDFDocument.load(bytes)).getTitle()).toBe(`Tax invoice ${stuck.invoice_number}`);

    // A second sweep and a late event change nothing.
    expect((await runSchedule(stack, "invoices-sweep")).status).toBe(200);
    expect((await fireUpdateEvent(o)).body).toMatchObject({ outcome: "existing", seq: 1, fileCreated: false });
    expect(await invoicesOf(fy)).toHaveLength(1);
    expect((await new Storage(stack.admin()).listFiles({ bucketId: BUCKET_IDS.invoices })).total).toBe(1);
  });

  it("the sweep also issues invoices whose event never came", { timeout: 60_000 }, async () => {
    const r = await fx.restaurant(6, owner.userId);
    const o1 = await deliveredOrder(r, "usr_lost_1", Date.now() - 3 * 3_600_000);
    const o2 = await deliveredOrder(r, "usr_lost_2", Date.now() - 2 * 3_600_000);
    expect(await db.invoices.list([], { limit: 10 })).toMatchObject({ rows: [] });
    expect((await runSchedule(stack, "invoices-sweep")).status).toBe(200);
    const fy = financialYearOf(new Date());
    const rows = await invoicesOf(fy);
    expect(new Set(rows.map((v) => v.order_id))).toEqual(new Set([o1.$id, o2.$id]));
    expect(rows.map((v) => v.seq)).toEqual([1, 2]);
    expect(rows.every((v) => v.file_id === v.$id)).toBe(true);
  });
});

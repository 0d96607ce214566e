// Privacy on the devstack (issue 8): GET /me/export returns what the database holds about the caller, read in pages;
// DELETE /me schedules the erasure (409 while an order moves), ends every session, and a login within the grace
// period cancels it; after the grace period the real `accounts-purge` schedule erases the person everywhere — every
// row of every table is scanned for their name, phone, email, address and words — while their orders, invoices and
// ledger stay whole. A second run changes nothing; a runtime killed half-way is finished by the next run, once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Account, AppwriteException, Client, Functions, Query, Storage, TablesDB, Users } from "node-appwrite";
import { inflateSync } from "node:zlib";
import { balances } from "@chizze/core";
import { sendOtpRoute, verifyOtpRoute } from "@chizze/contracts/api/auth";
import { cancelOrderRoute, reviewOrderRoute } from "@chizze/contracts/api/orders";
import { acceptOrderRoute, readyOrderRoute } from "@chizze/contracts/api/restaurant";
import { createAddressRoute, deleteMeRoute, exportMeRoute, updateProfileRoute, type DataExport } from "@chizze/contracts/api/me";
import { latestOtp } from "@chizze/devstack/appwrite/auth/index";
import { DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { BUCKET_IDS, T, rowPermissions, type TableId } from "@chizze/schema";
import { keys } from "@chizze/platform/redis/keys";
import { updatePartnerLocation } from "@chizze/platform/redis/geo";
import type { Identity } from "@chizze/platform/identity";
import { createDb, type Db } from "@chizze/services/deps";
import { applyOrderEvent } from "@chizze/services/orders/transition";
import { invoiceIdFor } from "@chizze/services/invoices/numbering";
import { purgeDueAccounts, PURGE_LEASE_MS } from "@chizze/services/privacy/purge";
import { purgeRunIdFor } from "@chizze/services/privacy/state";
import { ERASURE_EVENT } from "@chizze/services/privacy/steps";
import type { z } from "zod";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, runSchedule } from "../support/functions";
import { orderFixtures } from "../support/order-fixtures";
import { HSR_CENTRE, place, quote, seedOrderWorld, type OrderWorld, type PlaceBody } from "../support/order-world";
import { deliverPendingWebhooks } from "../support/razorpay";
import { serviceDeps } from "../support/deps";
import { ledgerOf } from "../support/ledger";

type Export = z.infer<typeof DataExport>;

let stack: TestStack;
let world: OrderWorld;
let db: Db;

beforeAll(async () => {
  stack = await startTestStack();
  db = createDb(new TablesDB(stack.admin()), true);
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => {
  await stack.reset();
  world = await seedOrderWorld(stack);
  await setPurgeVars({ PURGE_FAULT: "" });
}, 60_000);

const DAY = 86_400_000;
const idle = () => stack.functions!.runner().idle();
const users = () => new Users(stack.admin());
const fns = () => new Functions(stack.admin());

/** Everything that identifies Asha or that she wrote: none of it may survive the erasure anywhere. */
const ASHA = {
  phone: "+919876543210",
  name: "Asha Rao",
  email: "asha.rao@example.com",
  line1: "Flat 12C, Sunshine Apartments",
  landmark: "Opposite Lakeview Temple",
  contactName: "Meera Rao",
  contactPhone: "+919811122233",
  instructions: "Ring the bell twice, dog inside",
  lineNote: "no onions for Asha",
  cancelNote: "Asha changed her plans",
  comment: "Asha loved the biryani",
} as const;
const PERSONAL = Object.values(ASHA);

async function setPurgeVars(vars: Record<string, string>): Promise<void> {
  const existing = new Set((await fns().listVariables({ functionId: "accounts-purge" })).variables.map((v) => v.key));
  for (const [key, value] of Object.entries(vars)) {
    if (existing.has(key)) await fns().updateVariable({ functionId: "accounts-purge", variableId: key, key, value });
    else await fns().createVariable({ functionId: "accounts-purge", variableId: key, key, value });
  }
}

interface Login {
  userId: string;
  jwt: string;
  sessionId: string;
}

/** Phone OTP through the real auth functions. */
async function login(phone: string): Promise<Login> {
  const sent = await callFunction(stack, sendOtpRoute, { body: { phone } });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const { userId } = sent.body as { userId: string };
  const r = await callFunction(stack, verifyOtpRoute, { body: { userId, otp: latestOtp(stack.appwrite.deps, phone) } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const body = r.body as { jwt: string; session: { id: string } };
  return { userId, jwt: body.jwt, sessionId: body.session.id };
}

/** GET /v1/account with a JWT, as the edge verifies one: the user id, or Appwrite's error type. */
async function accountOf(jwt: string): Promise<string> {
  try {
    return (await new Account(new Client().setEndpoint(stack.appwrite.endpoint).setProject(DEV_PROJECT_ID).setJWT(jwt)).get()).$id;
  } catch (err) {
    if (err instanceof AppwriteException) return `error:${err.type}`;
    throw err;
  }
}

/** Pickup and delivery through the order machine (as orders.test.ts does), with the seeded rider. */
async function deliver(orderId: string): Promise<void> {
  const deps = serviceDeps(stack);
  const partner = world.city.rows.delivery_partners[0]!;
  await db.orders.update(orderId, { delivery_partner_id: partner.$id, dispatch_state: "assigned" });
  await applyOrderEvent(deps, orderId, { event: "partner_pickup", actor: { type: "partner", id: partner.user_id } });
  await applyOrderEvent(deps, orderId, { event: "partner_deliver", actor: { type: "partner", id: partner.user_id } });
}

async function kitchen(orderId: string): Promise<void> {
  expect((await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: orderId }, body: { prepTimeMinutes: 10 } })).status).toBe(200);
  expect((await callFunction(stack, readyOrderRoute, { identity: world.owner, params: { id: orderId }, body: {} })).status).toBe(200);
}

interface Asha {
  login: Login;
  identity: Identity;
  addressId: string;
  delivered: string[];
  cancelled: string;
}

/**
 * Asha as a real customer: logged in by OTP, named, with an address for her sister, a favourite, a delivered COD order
 * with a cooking note, a delivered online order paid with her phone and email at Checkout, an order she cancelled
 * with a note, and a review. Notifications and invoices come from the real event functions.
 */
async function buildAsha(): Promise<Asha> {
  const l = await login(ASHA.phone);
  const identity = identityOf(l.userId, ["customer"]);
  expect((await callFunction(stack, updateProfileRoute, { identity, body: { name: ASHA.name, email: ASHA.email } })).status).toBe(200);
  const addr = await callFunction(stack, createAddressRoute, {
    identity,
    body: { label: "home", line1: ASHA.line1, landmark: ASHA.landmark, city: "Bengaluru", state: "Karnataka", pincode: "560102", lat: 12.912345, lng: 77.638912, contactName: ASHA.contactName, contactPhone: ASHA.contactPhone, instructions: ASHA.instructions, isDefault: true },
  });
  expect(addr.status, JSON.stringify(addr.body)).toBe(201);
  const addressId = (addr.body as { id: string }).id;
  await db.favorites.create(`fav_${l.userId.slice(0, 20)}`, { user_id: l.userId, restaurant_id: world.restaurantId, created_at: new Date().toISOString() }, rowPermissions.owner(l.userId));
  const who = { identity, addressId };

  const cod = await quote(stack, world, who, { paymentMethod: "cod", items: [{ itemId: world.dishes[0]!.id, quantity: 2, notes: ASHA.lineNote } as { itemId: string; quantity: number }], tipPaise: 2_000 });
  const codPlaced = await place(stack, identity, cod.body.quoteId, "privacy-cod");
  expect(codPlaced.status, JSON.stringify(codPlaced.body)).toBe(201);
  const codId = (codPlaced.body as PlaceBody).order.id;
  await kitchen(codId);
  await deliver(codId);

  const online = await quote(stack, world, who, { paymentMethod: "online" });
  const onlinePlaced = await place(stack, identity, online.body.quoteId, "privacy-online");
  expect(onlinePlaced.status).toBe(201);
  const onlineBody = onlinePlaced.body as PlaceBody;
  stack.razorpay.checkout.pay(onlineBody.payment!.razorpayOrderId, { email: ASHA.email, contact: ASHA.phone });
  await deliverPendingWebhooks(stack);
  await kitchen(onlineBody.order.id);
  await deliver(onlineBody.order.id);

  const third = await quote(stack, world, who, { paymentMethod: "cod" });
  const thirdPlaced = await place(stack, identity, third.body.quoteId, "privacy-cancel");
  const cancelledId = (thirdPlaced.body as PlaceBody).order.id;
  const c = await callFunction(stack, cancelOrderRoute, { identity, params: { id: cancelledId }, body: { reasonCode: "changed_mind", note: ASHA.cancelNote }, headers: { "idempotency-key": "privacy-c1" } });
  expect(c.status, JSON.stringify(c.body)).toBe(200);

  const rev = await callFunction(stack, reviewOrderRoute, { identity, params: { id: codId }, body: { restaurantRating: 5, deliveryRating: 4, comment: ASHA.comment } });
  expect(rev.status, JSON.stringify(rev.body)).toBe(201);
  await idle();
  return { login: l, identity, addressId, delivered: [codId, onlineBody.order.id], cancelled: cancelledId };
}

/** Every row of a table (tests reset the stack, so this is the test's data). */
async function allRows(table: TableId): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await new TablesDB(stack.admin()).listRows({ databaseId: "chizze", tableId: table, queries: [Query.limit(500), ...(cursor ? [Query.cursorAfter(cursor)] : [])] });
    out.push(...(res.rows as unknown as Record<string, unknown>[]));
    if (res.rows.length < 500) return out;
    cursor = res.rows.at(-1)!.$id;
  }
}

/** Every row of every table. */
async function everything(): Promise<Map<TableId, Record<string, unknown>[]>> {
  const out = new Map<TableId, Record<string, unknown>[]>();
  for (const id of Object.keys(T) as TableId[]) out.set(id, await allRows(id));
  return out;
}

/** Where any personal value of Asha's still appears: `table/row: value`. */
function personalLeft(all: Map<TableId, Record<string, unknown>[]>): string[] {
  const hits: string[] = [];
  for (const [table, rows] of all) {
    for (const row of rows) {
      const text = JSON.stringify(row);
      for (const v of PERSONAL) if (text.includes(v)) hits.push(`${table}/${String(row.$id)}: ${v}`);
    }
  }
  return hits;
}

/** Rows that name the user id anywhere (columns, permissions, documents). */
function rowsNaming(all: Map<TableId, Record<string, unknown>[]>, userId: string): string[] {
  return [...all].flatMap(([table, rows]) => rows.filter((r) => JSON.stringify(r).includes(userId)).map((r) => `${table}/${String(r.$id)}`));
}

/** The text-drawing operators of an invoice PDF, inflated, so a name drawn on it can be searched for. */
async function pdfText(fileId: string): Promise<string> {
  const bytes = Buffer.from(await new Storage(stack.admin()).getFileDownload({ bucketId: BUCKET_IDS.invoices, fileId }));
  const text: string[] = [bytes.toString("latin1")];
  const raw = bytes.toString("latin1");
  for (let at = raw.indexOf("stream"); at >= 0; at = raw.indexOf("stream", at + 6)) {
    const start = raw[at + 6] === "\r" ? at + 8 : at + 7;
    const end = raw.indexOf("endstream", start);
    if (end < 0) break;
    try {
      text.push(inflateSync(bytes.subarray(start, end)).toString("latin1"));
    } catch {
      // Not a Flate stream (fonts, images): nothing to read.
    }
  }
  // pdf-lib writes standard-font text as hex strings: search the decoded form too.
  const all = text.join("\n");
  const hex = [...all.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => Buffer.from(m[1]!, "hex").toString("latin1"));
  return `${all}\n${hex.join("\n")}`;
}

async function exportOf(identity: Identity): Promise<Export> {
  const r = await callFunction(stack, exportMeRoute, { identity });
  expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
  return r.body as Export;
}

async function deleteMe(identity: Identity) {
  return callFunction(stack, deleteMeRoute, { identity });
}

/** The clock moved past the grace period: the deadline the DELETE recorded is put in the past. */
async function passGrace(userId: string): Promise<void> {
  await db.profiles.update(userId, { deletion_due_at: new Date(Date.now() - 60_000).toISOString() });
}

async function purge(): Promise<{ status: number; errors: string; logs: string }> {
  const r = await runSchedule(stack, "accounts-purge");
  await idle();
  return r;
}

async function orderFacts(ids: readonly string[]) {
  const out = [];
  for (const id of ids) {
    const o = (await db.orders.get(id))!;
    out.push({ id, status: o.status, total: o.total_paise, items: o.item_total_paise, gst: [o.gst_food_paise, o.gst_fees_paise], refunded: o.amount_refunded_paise, lines: (JSON.parse(o.items) as { name: string; quantity: number; totalPaise: number }[]).map((l) => [l.name, l.quantity, l.totalPaise]) });
  }
  return out;
}

describe("GET /me/export", () => {
  it("returns what the database holds about the caller: profile, addresses, orders with items and amounts, review, favourites, notifications, payments, invoices", { timeout: 240_000 }, async () => {
    const asha = await buildAsha();
    const x = await exportOf(asha.identity);
    const uid = asha.login.userId;

    expect(x.profile).toMatchObject({ id: uid, name: ASHA.name, phone: ASHA.phone, email: ASHA.email });
    expect(x.account).toEqual({ language: "en", marketingOptIn: false, marketingOptInAt: null, deletion: null });
    expect(x.truncated).toEqual([]);
    expect(x.addresses).toHaveLength(1);
    expect(x.addresses[0]).toMatchObject({ id: asha.addressId, line1: ASHA.line1, contactName: ASHA.contactName, contactPhone: ASHA.contactPhone, instructions: ASHA.instructions });

    const rows = (await db.orders.list([Query.equal("customer_id", uid)], { limit: 100 })).rows;
    expect(x.orders.map((o) => o.id).sort()).toEqual(rows.map((r) => r.$id).sort());
    for (const o of x.orders) {
      const row = rows.find((r) => r.$id === o.id)!;
      expect(o).toMatchObject({ status: row.status, totalPaise: row.total_paise, paymentMethod: row.payment_method, refundedPaise: row.amount_refunded_paise ?? 0 });
      expect(o.amounts.totalPaise).toBe(row.total_paise);
      expect(o.items.map((l) => [l.itemId, l.quantity, l.totalPaise, l.notes])).toEqual((JSON.parse(row.items) as { itemId: string; quantity: number; totalPaise: number; notes: string | null }[]).map((l) => [l.itemId, l.quantity, l.totalPaise, l.notes]));
      expect(o.deliveryAddress).toMatchObject({ line1: ASHA.line1, contactName: ASHA.contactName, instructions: ASHA.instructions });
      expect(o.timeline.length).toBeGreaterThan(0);
    }
    expect(x.orders.find((o) => o.id === asha.delivered[0])!.items[0]!.notes).toBe(ASHA.lineNote);
    expect(x.orders.find((o) => o.id === asha.cancelled)!.cancellation).toMatchObject({ by: "customer", reasonCode: "changed_mind", note: ASHA.cancelNote });

    expect(x.reviews).toEqual([expect.objectContaining({ orderId: asha.delivered[0], restaurantRating: 5, comment: ASHA.comment })]);
    expect(x.favorites).toEqual([expect.objectContaining({ restaurantId: world.restaurantId, restaurantName: expect.any(String) as string })]);
    const notes = (await db.notifications.list([Query.equal("user_id", uid)], { limit: 100 })).rows;
    expect(notes.length).toBeGreaterThan(0);
    expect(x.notifications.map((n) => n.id).sort()).toEqual(notes.map((n) => n.$id).sort());
    const pay = (await db.payments.list([Query.equal("customer_id", uid)], { limit: 10 })).rows;
    expect(x.payments.map((p) => [p.orderId, p.status, p.amountPaise])).toEqual(pay.map((p) => [p.order_id, p.status, p.amount_paise]));
    const inv = (await db.invoices.list([Query.equal("customer_id", uid)], { limit: 10 })).rows;
    expect(inv).toHaveLength(2);
    expect(x.invoices.map((i) => [i.orderId, i.number, i.totalPaise]).sort()).toEqual(inv.map((i) => [i.order_id, i.invoice_number, i.total_paise]).sort());
    expect(x.partner).toBeNull();

    // Nobody else's data: another customer's export is their own (empty) history.
    const other = await login("+918123456789");
    const theirs = await exportOf(identityOf(other.userId, ["customer"]));
    expect(theirs).toMatchObject({ orders: [], addresses: [], reviews: [], favorites: [], payments: [], invoices: [] });
  });

  it("pages through a long history: 230 orders, all of them, each with its amounts", { timeout: 180_000 }, async () => {
    const l = await login(ASHA.phone);
    const fx = orderFixtures(stack);
    const r = await fx.restaurant(1, "usr_owner_export");
    const placed = Date.now() - 300 * DAY;
    await stack.functions!.runner().withoutEvents(async () => {
      for (let i = 0; i < 230; i++) await fx.order({ customerId: l.userId, restaurant: r, status: i % 10 === 0 ? "cancelled" : "delivered", placedAt: new Date(placed + i * 3_600_000) });
    });
    const x = await exportOf(identityOf(l.userId, ["customer"]));
    expect(x.orders).toHaveLength(230);
    expect(x.truncated).toEqual([]);
    expect(new Set(x.orders.map((o) => o.id)).size).toBe(230);
    // Oldest first, the order they were placed in.
    expect(x.orders.map((o) => o.placedAt)).toEqual([...x.orders.map((o) => o.placedAt)].sort());
    const sum = x.orders.reduce((s, o) => s + o.amounts.totalPaise, 0);
    const rows = await allRows("orders");
    expect(sum).toBe(rows.reduce((s, o) => s + (o.total_paise as number), 0));
  });
});

describe("DELETE /me", () => {
  it("409 while an order is active; otherwise 202 with the deadline, every session ended, the same deadline on a repeat", { timeout: 120_000 }, async () => {
    const l = await login(ASHA.phone);
    const second = await login(ASHA.phone);
    const identity = identityOf(l.userId, ["customer"]);
    const addr = await callFunction(stack, createAddressRoute, { identity, body: { label: "home", line1: ASHA.line1, city: "Bengaluru", state: "Karnataka", pincode: "560102", lat: HSR_CENTRE.lat, lng: HSR_CENTRE.lng } });
    // An order on the way (placed, COD) blocks the deletion.
    const q = await quote(stack, world, { identity, addressId: (addr.body as { id: string }).id }, { paymentMethod: "cod" });
    const placed = await place(stack, identity, q.body.quoteId, "privacy-active");
    expect(placed.status).toBe(201);
    const blocked = await deleteMe(identity);
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ code: "conflict" });
    expect((await db.profiles.get(l.userId))?.deletion_due_at ?? null).toBeNull();
    expect((await users().listSessions({ userId: l.userId })).total).toBe(2);

    const orderId = (placed.body as PlaceBody).order.id;
    const cancel = await callFunction(stack, cancelOrderRoute, { identity, params: { id: orderId }, body: { reasonCode: "changed_mind" }, headers: { "idempotency-key": "privacy-a1" } });
    expect(cancel.status).toBe(200);

    const before = Date.now();
    const r = await deleteMe(identity);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const body = r.body as { status: string; deleteAfter: string };
    expect(body.status).toBe("scheduled");
    expect(Math.abs(Date.parse(body.deleteAfter) - (before + 7 * DAY))).toBeLessThan(60_000);
    expect(await db.profiles.get(l.userId)).toMatchObject({ deletion_due_at: expect.any(String) as string, deleted_at: expect.any(String) as string, erasure_started_at: null });
    // Both devices are signed out: no session, and their JWTs no longer pass Appwrite.
    expect((await users().listSessions({ userId: l.userId })).total).toBe(0);
    expect(await accountOf(l.jwt)).toMatch(/^error:/);
    expect(await accountOf(second.jwt)).toMatch(/^error:/);

    const again = await deleteMe(identity);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(body);
  });

  it("a restaurant owner is told to go through support (409)", async () => {
    await users().create({ userId: world.ownerId, phone: "+919700000001" }).catch(() => undefined);
    const r = await deleteMe(identityOf(world.ownerId, ["restaurant", "customer"]));
    expect(r.status).toBe(409);
    expect((await db.profiles.get(world.ownerId))?.deletion_due_at ?? null).toBeNull();
  });

  it("before the grace period ends the purge erases nothing, and logging in again cancels the deletion", { timeout: 120_000 }, async () => {
    const l = await login(ASHA.phone);
    const identity = identityOf(l.userId, ["customer"]);
    await callFunction(stack, updateProfileRoute, { identity, body: { name: ASHA.name } });
    await callFunction(stack, createAddressRoute, { identity, body: { label: "home", line1: ASHA.line1, city: "Bengaluru", state: "Karnataka", pincode: "560102", lat: 12.91, lng: 77.64 } });
    expect((await deleteMe(identity)).status).toBe(202);

    const first = await purge();
    expect(first.status, first.errors).toBe(200);
    expect(await db.profiles.get(l.userId)).toMatchObject({ name: ASHA.name, phone: ASHA.phone, erasure_started_at: null, erased_at: null });
    expect((await db.addresses.list([Query.equal("user_id", l.userId)])).rows).toHaveLength(1);
    expect((await users().get({ userId: l.userId })).status).toBe(true);
    expect(await db.job_runs.get(purgeRunIdFor(l.userId))).toBeNull();

    const back = await login(ASHA.phone);
    expect(back.userId).toBe(l.userId);
    expect(await db.profiles.get(l.userId)).toMatchObject({ deletion_due_at: null, deleted_at: null, name: ASHA.name });
    expect((await exportOf(identity)).account.deletion).toBeNull();

    // Even with the old deadline long past, a cancelled deletion is never executed.
    await db.profiles.update(l.userId, { deletion_due_at: null });
    expect((await purge()).status).toBe(200);
    expect(await db.profiles.get(l.userId)).toMatchObject({ name: ASHA.name, erased_at: null });
  });
});

describe("accounts-purge after the grace period", () => {
  it("erases Asha from every table while her orders, invoices and ledger stay whole; a second run changes nothing", { timeout: 300_000 }, async () => {
    const asha = await buildAsha();
    const uid = asha.login.userId;
    const orders = [...asha.delivered, asha.cancelled];
    const factsBefore = await orderFacts(orders);
    const ledgerBefore = await Promise.all(orders.map((id) => ledgerOf(db, id)));
    // The checks below can fail: before the erasure Asha is everywhere, including the invoice PDFs.
    const pre = await everything();
    expect(personalLeft(pre).length).toBeGreaterThan(10);
    expect(await pdfText(invoiceIdFor(asha.delivered[0]!))).toContain(ASHA.name);

    expect((await deleteMe(asha.identity)).status).toBe(202);
    await passGrace(uid);
    const run = await purge();
    expect(run.status, run.errors).toBe(200);
    expect(run.logs).toContain('"outcome":"erased"');

    const all = await everything();
    expect(personalLeft(all)).toEqual([]);
    // The id is left only on rows that hold nothing personal: the tombstone profile, kept financial rows, the purge record.
    const naming = new Set(rowsNaming(all, uid).map((r) => r.split("/")[0]));
    for (const t of naming) expect(["profiles", "orders", "order_events", "payments", "payment_events", "refunds", "invoices", "reviews", "coupon_redemptions", "job_runs"]).toContain(t);
    for (const t of ["addresses", "favorites", "notifications", "quotes", "idempotency_keys", "delivery_locations"] as const) expect(all.get(t)!.filter((r) => JSON.stringify(r).includes(uid))).toEqual([]);
    expect(await db.profiles.get(uid)).toMatchObject({ name: null, phone: null, email: null, roles: [], erased_at: expect.any(String) as string });
    await expect(users().get({ userId: uid })).rejects.toMatchObject({ code: 404 });

    // Orders: same amounts, items, statuses; the address is the area only; one erasure event each.
    expect(await orderFacts(orders)).toEqual(factsBefore);
    for (const id of orders) {
      const o = (await db.orders.get(id))!;
      expect(JSON.parse(o.delivery_address)).toMatchObject({ line1: "[erased]", landmark: null, contactName: null, contactPhone: null, city: "Bengaluru", state: "Karnataka", pincode: "560102" });
      expect([o.delivery_lat, o.delivery_lng]).toEqual([Math.round(o.delivery_lat * 100) / 100, Math.round(o.delivery_lng * 100) / 100]);
      expect(o.delivery_instructions ?? null).toBeNull();
      expect(o.delivery_otp_hash ?? null).toBeNull();
      const events = (await db.order_events.list([Query.equal("order_id", id), Query.orderAsc("seq")], { limit: 100 })).rows;
      expect(events.filter((e) => e.event === ERASURE_EVENT)).toHaveLength(1);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(o.version).toBe(events.length);
    }
    // The ledger is untouched and still nets to zero for the customer on every order.
    const ledgerAfter = await Promise.all(orders.map((id) => ledgerOf(db, id)));
    expect(ledgerAfter).toEqual(ledgerBefore);
    for (const txns of ledgerAfter) expect(balances(txns).get("customer") ?? 0).toBe(0);
    // Invoices keep number and totals; the recipient is gone from the row and from the re-rendered PDF.
    for (const id of asha.delivered) {
      const inv = (await db.invoices.get(invoiceIdFor(id)))!;
      expect((JSON.parse(inv.document) as { customer: unknown }).customer).toEqual({ name: null, address: "[erased]" });
      expect(inv.file_id).toBe(inv.$id);
      const text = await pdfText(inv.$id);
      for (const v of PERSONAL) expect(text).not.toContain(v);
    }
    // The review still counts in the rating, without its words.
    const review = (await db.reviews.list([Query.equal("order_id", asha.delivered[0]!)])).rows[0]!;
    expect(review).toMatchObject({ food_rating: 5, delivery_rating: 4, comment: null });
    expect(review.aggregated_at).not.toBeNull();
    // The phone is free again: a new login makes a new, empty account.
    const fresh = await login(ASHA.phone);
    expect(fresh.userId).not.toBe(uid);
    expect((await exportOf(identityOf(fresh.userId, ["customer"]))).orders).toEqual([]);

    // Run twice → same state.
    await idle();
    const settled = await everything();
    const second = await purge();
    expect(second.status, second.errors).toBe(200);
    expect(await everything()).toEqual(settled);
  });

  it("a runtime killed part-way is finished by the next run: nothing lost, nothing done twice", { timeout: 300_000 }, async () => {
    const asha = await buildAsha();
    const uid = asha.login.userId;
    const orders = [...asha.delivered, asha.cancelled];
    const ledgerBefore = await Promise.all(orders.map((id) => ledgerOf(db, id)));
    expect((await deleteMe(asha.identity)).status).toBe(202);
    await passGrace(uid);

    // Cut short on purpose (maxPages): the checkpoint says where it stopped.
    const cut = await purgeDueAccounts(serviceDeps(stack), { maxAccounts: 10, timeBudgetMs: 60_000, leaseMs: PURGE_LEASE_MS, maxPages: 3 });
    expect(cut).toMatchObject({ due: 1, erased: 0, more: true, pages: 3 });
    expect(JSON.parse((await db.job_runs.get(purgeRunIdFor(uid)))!.checkpoint!)).toMatchObject({ step: 3, cursor: null });
    expect(await db.profiles.get(uid)).toMatchObject({ name: null, erased_at: null, erasure_started_at: expect.any(String) as string });

    // Then the real schedule, killed after two more pages (the runtime exits mid-run).
    await setPurgeVars({ PURGE_FAULT: "exit_after_step:2" });
    const killed = await purge();
    expect(killed.status).toBeGreaterThanOrEqual(500);
    await setPurgeVars({ PURGE_FAULT: "" });
    const held = (await db.job_runs.get(purgeRunIdFor(uid)))!;
    expect(held).toMatchObject({ status: "running" });
    expect((JSON.parse(held.checkpoint!) as { step: number }).step).toBe(5);
    expect(await db.profiles.get(uid)).toMatchObject({ erased_at: null });
    // A login cannot undo a claimed erasure: the user is blocked, the code no longer opens a session.
    expect((await users().get({ userId: uid })).status).toBe(false);
    const sent = await callFunction(stack, sendOtpRoute, { body: { phone: ASHA.phone } });
    if (sent.status === 200) {
      const verify = await callFunction(stack, verifyOtpRoute, { body: { userId: uid, otp: latestOtp(stack.appwrite.deps, ASHA.phone) } });
      expect(verify.status).toBe(401);
    } else expect(sent.status).toBe(400);
    expect((await db.profiles.get(uid))?.erasure_started_at).toEqual(expect.any(String));

    // While the dead run's lease stands, a run leaves the account alone; once it expires, the next run finishes it.
    const busy = await purge();
    expect(busy.logs).toContain('"outcome":"busy"');
    await db.job_runs.update(purgeRunIdFor(uid), { lease_until: new Date(Date.now() - 1_000).toISOString() });
    const done = await purge();
    expect(done.status, done.errors).toBe(200);
    expect(done.logs).toContain('"outcome":"erased"');

    const all = await everything();
    expect(personalLeft(all)).toEqual([]);
    expect(await db.profiles.get(uid)).toMatchObject({ erased_at: expect.any(String) as string });
    expect(await db.job_runs.get(purgeRunIdFor(uid))).toMatchObject({ status: "succeeded", lease_until: null });
    for (const id of orders) {
      const events = (await db.order_events.list([Query.equal("order_id", id)], { limit: 100 })).rows;
      expect(events.filter((e) => e.event === ERASURE_EVENT)).toHaveLength(1);
    }
    expect(await Promise.all(orders.map((id) => ledgerOf(db, id)))).toEqual(ledgerBefore);
    await expect(users().get({ userId: uid })).rejects.toMatchObject({ code: 404 });
  });

  it("a partner's account: row kept for payouts but masked and deactivated, trail deleted, out of the live GEO index", { timeout: 120_000 }, async () => {
    const p = world.city.rows.delivery_partners[2]!;
    const identity = identityOf(p.user_id, ["partner"]);
    await db.delivery_partners.update(p.$id, { is_online: true, last_lat: 12.9116, last_lng: 77.6389, last_seen_at: new Date().toISOString() });
    const redis = serviceDeps(stack).redis!;
    await updatePartnerLocation(redis, p.city, p.$id, 12.9116, 77.6389, Date.now());
    expect(await redis.zscore(keys.geoPartners(p.city), p.$id)).not.toBeNull();
    const fx = orderFixtures(stack);
    const r = await fx.restaurant(7, "usr_owner_partner");
    const partnerRow = (await db.delivery_partners.get(p.$id))!;
    const o = await stack.functions!.runner().withoutEvents(() => fx.order({ customerId: "usr_someone", restaurant: r, status: "delivered", placedAt: new Date(Date.now() - DAY), partner: partnerRow }));
    for (let i = 0; i < 3; i++) await db.delivery_locations.create(`loc_priv${i}`, { order_id: o.$id, partner_id: p.$id, lat: 12.91 + i / 1000, lng: 77.63, recorded_at: new Date(Date.now() - i * 60_000).toISOString() });

    const x = await exportOf(identity);
    expect(x.partner).toMatchObject({ id: p.$id, name: p.name, phone: p.phone });
    expect((await deleteMe(identity)).status).toBe(202);
    expect((await db.delivery_partners.get(p.$id))!.is_online).toBe(false);
    await passGrace(p.user_id);
    expect((await purge()).status).toBe(200);

    const row = (await db.delivery_partners.get(p.$id))!;
    expect(row).toMatchObject({ name: "Deleted partner", phone: "+10000000000", vehicle_number: null, last_lat: null, is_active: false, is_online: false, razorpay_account_id: p.razorpay_account_id ?? null, deliveries_completed: p.deliveries_completed ?? 0 });
    expect((await db.delivery_locations.list([Query.equal("partner_id", p.$id)])).rows).toEqual([]);
    expect(await redis.zscore(keys.geoPartners(p.city), p.$id)).toBeNull();
    expect(JSON.stringify([...(await everything()).values()])).not.toContain(p.phone);
    await expect(users().get({ userId: p.user_id })).rejects.toMatchObject({ code: 404 });
  });
});

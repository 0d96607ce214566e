// Notifications through the real functions on the devstack: real orders placed and moved by the order functions
// write order_events rows, whose create events fire notifications-order-events; every recipient gets one
// notifications row (their inbox, readable by them only, live over Realtime) and one Appwrite Messaging message with
// the same id, in their profile's language. Duplicate and hand-fired events, a run killed between the row and the
// send or between the send and the mark, an event that never arrived (notifications-sweep), and the restaurant's
// half-way reminder (push + SMS) all end with exactly one message per (event, recipient).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Functions, ID, MessagingProviderType, Query, TablesDB, Users } from "node-appwrite";
import WebSocket from "ws";
import { Client as WebClient, Realtime, TablesDB as WebTablesDB, type RealtimeResponseEvent } from "appwrite";
import { cancelOrderRoute } from "@chizze/contracts/api/orders";
import { acceptOrderRoute, readyOrderRoute, rejectOrderRoute } from "@chizze/contracts/api/restaurant";
import { formatInr } from "@chizze/core";
import { DATABASE_ID, rowPermissions, type Row } from "@chizze/schema";
import type { Language } from "@chizze/schema/enums";
import { readOutbox } from "@chizze/devstack/appwrite/messaging/outbox";
import { createUserSession } from "@chizze/devstack/appwrite/auth/testing";
import { DEV_PROJECT_ID } from "@chizze/devstack/stack";
import type { Notifier } from "@chizze/platform/messaging/notifier";
import { applyOrderEvent } from "@chizze/services/orders/transition";
import { notificationIdFor, notifierFor } from "@chizze/services/notifications/deliver";
import { notifyOrderEvent } from "@chizze/services/notifications/order-events";
import { DEFAULT_NOTIFICATION_SETTINGS } from "@chizze/services/notifications/config";
import { serviceDeps } from "../support/deps";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, deliverRowEvent, handFire as handFireFn, runSchedule } from "../support/functions";
import { place, quote, seedOrderWorld, type OrderWorld, type PlaceBody } from "../support/order-world";
import { deliverPendingWebhooks } from "../support/razorpay";

// The appwrite web SDK expects a browser: WebSocket, window and localStorage.
const g = globalThis as unknown as Record<string, unknown>;
g.WebSocket ??= WebSocket;
g.window ??= globalThis;
const ls = new Map<string, string>();
g.localStorage ??= { getItem: (k: string) => ls.get(k) ?? null, setItem: (k: string, v: string) => void ls.set(k, v), removeItem: (k: string) => void ls.delete(k), clear: () => ls.clear(), key: () => null, length: 0 };

type NotificationRow = Row<"notifications">;

let stack: TestStack;
let world: OrderWorld;
let users: Users;
let tables: TablesDB;

beforeAll(async () => {
  stack = await startTestStack();
  users = new Users(stack.admin());
  tables = new TablesDB(stack.admin());
}, 120_000);
afterAll(async () => stack?.close());
beforeEach(async () => {
  await stack.reset();
  world = await seedOrderWorld(stack);
}, 60_000);

const FN = "notifications-order-events";
const DEVANAGARI = /[\u0900-\u097F]/;
const idle = () => stack.functions!.runner().idle();
const quietly = <T>(work: () => Promise<T>) => stack.functions!.runner().withoutEvents(work);
const pushes = (userId: string) => readOutbox(stack.appwrite.deps, { userId, channel: "push", limit: 100 }).reverse();
const texts = (userId: string) => readOutbox(stack.appwrite.deps, { userId, channel: "sms", limit: 100 }).reverse();

async function inbox(userId: string): Promise<NotificationRow[]> {
  return (await world.db.notifications.list([Query.equal("user_id", userId), Query.orderAsc("created_at"), Query.orderAsc("$id")], { limit: 100 })).rows;
}

async function addDevice(userId: string): Promise<void> {
  await users.createTarget({ userId, targetId: ID.unique(), providerType: MessagingProviderType.Push, identifier: `fcm-${userId}` });
}

async function setLanguage(userId: string, language: Language): Promise<void> {
  const existing = await world.db.profiles.get(userId);
  if (existing) await world.db.profiles.update(userId, { language });
  else await world.db.profiles.create(userId, { user_id: userId, language }, rowPermissions.owner(userId));
}

/** Order-world customer `n` as a real Appwrite user (session for the web SDK), with a language and maybe a device. */
async function customer(n: number, language: Language, device = true) {
  const c = await world.customer(n);
  const session = createUserSession(stack.appwrite.deps, { userId: c.identity.userId, phone: `+91970000${String(n).padStart(4, "0")}`, labels: ["customer"] });
  if (device) await addDevice(c.identity.userId);
  await setLanguage(c.identity.userId, language);
  return { ...c, userId: c.identity.userId, session: session.session };
}

async function owner(language: Language): Promise<string> {
  await addDevice(world.ownerId);
  await setLanguage(world.ownerId, language);
  return world.ownerId;
}

async function placeCod(c: Awaited<ReturnType<typeof customer>>, key = crypto.randomUUID()): Promise<string> {
  const q = await quote(stack, world, c);
  const r = await place(stack, c.identity, q.body.quoteId, key);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body as PlaceBody).order.id;
}

const accept = (orderId: string) => callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: orderId }, body: { prepTimeMinutes: 20 } });

async function events(orderId: string): Promise<Row<"order_events">[]> {
  return (await world.db.order_events.list([Query.equal("order_id", orderId), Query.orderAsc("seq")])).rows;
}

async function eventPayload(eventId: string): Promise<Record<string, unknown>> {
  return await tables.getRow({ databaseId: DATABASE_ID, tableId: "order_events", rowId: eventId });
}

/** The structured log line `msg` of a run. */
function logLine(logs: string, msg: string): Record<string, unknown> {
  const line = logs.split("\n").find((l) => l.includes(`"msg":"${msg}"`));
  if (!line) throw new Error(`no "${msg}" log line in: ${logs}`);
  return JSON.parse(line) as Record<string, unknown>;
}

const deliverEvent = (row: Record<string, unknown>) => deliverRowEvent(stack, FN, "order_events", row);
const handFire = (payload: unknown) => handFireFn(stack, FN, payload);

function expectEventRunsClean(): void {
  const runs = stack.functions!.store().listExecutions(FN, 1000, 0).executions.filter((e) => e.trigger === "event");
  expect(runs.length).toBeGreaterThan(0);
  for (const e of runs) expect(e.responseStatusCode, e.errors).toBe(200);
}

/** Each row was sent as exactly one Appwrite message with the row's id and text. */
function expectOneMessagePerRow(rows: NotificationRow[], userId: string): void {
  const sent = pushes(userId);
  expect(sent.map((m) => m.messageId).sort()).toEqual(rows.filter((r) => r.channel === "push" && r.status === "sent").map((r) => r.$id).sort());
  for (const m of sent) {
    const row = rows.find((r) => r.$id === m.messageId)!;
    expect(m).toMatchObject({ title: row.title, body: row.message, data: { notificationId: row.$id, kind: row.kind } });
  }
}

describe("an order's life", () => {
  it("tells customer (in Hindi), restaurant and assigned partner once each, with the row as the inbox entry", async () => {
    const alice = await customer(1, "hi");
    const ownerId = await owner("en");
    const rider = world.city.rows.delivery_partners[0]!;
    await addDevice(rider.user_id);
    await setLanguage(rider.user_id, "en");

    const orderId = await placeCod(alice);
    await idle();
    expect((await inbox(alice.userId)).map((r) => r.kind)).toEqual(["order_placed"]);
    expect((await inbox(ownerId)).map((r) => r.kind)).toEqual(["order_placed"]);

    expect((await accept(orderId)).status).toBe(200);
    await idle();
    // The partner is assigned before the kitchen is ready (as dispatch would), so "ready" reaches them.
    await world.db.orders.update(orderId, { delivery_partner_id: rider.$id, dispatch_state: "assigned" });
    expect((await callFunction(stack, readyOrderRoute, { identity: world.owner, params: { id: orderId }, body: {} })).status).toBe(200);
    await idle();
    const deps = serviceDeps(stack);
    await applyOrderEvent(deps, orderId, { event: "partner_pickup", actor: { type: "partner", id: rider.user_id } });
    await idle();
    await applyOrderEvent(deps, orderId, { event: "partner_deliver", actor: { type: "partner", id: rider.user_id } });
    await idle();

    const order = (await world.db.orders.get(orderId))!;
    const mine = await inbox(alice.userId);
    expect(mine.map((r) => r.kind)).toEqual(["order_placed", "order_accepted", "order_picked_up", "order_delivered"]);
    for (const r of mine) {
      expect(r).toMatchObject({ channel: "push", status: "sent", language: "hi", provider_message_id: r.$id, error: null });
      expect(r.$id).toBe(notificationIdFor(r.event_key));
      expect(r.event_key).toMatch(new RegExp(`^order:${orderId}:\\d+:customer:${alice.userId}$`));
      expect(r.$permissions).toEqual([`read("user:${alice.userId}")`]);
      expect(DEVANAGARI.test(r.title + r.message)).toBe(true);
      expect(`${r.title} ${r.message}`).toContain(order.order_number);
    }
    expect(mine[0]!.title).toBe(`ऑर्डर ${order.order_number} कन्फ़र्म हो गया`);
    expect(mine[0]!.message).toContain(formatInr(order.total_paise));
    expect(JSON.parse(mine[1]!.data!)).toEqual({ kind: "order_accepted", role: "customer", orderId, orderNumber: order.order_number });
    expectOneMessagePerRow(mine, alice.userId);

    const theirs = await inbox(ownerId);
    expect(theirs.map((r) => [r.kind, r.language, r.status])).toEqual([
      ["order_placed", "en", "sent"],
      ["order_delivered", "en", "sent"],
    ]);
    expect(theirs[0]!.title).toBe(`New order ${order.order_number}`);
    expect(theirs[0]!.message).toMatch(/^2 items · ₹[\d,]+\.\d\d · cash on delivery\. Accept within \d+ min\.$/);
    expectOneMessagePerRow(theirs, ownerId);

    const riders = await inbox(rider.user_id);
    expect(riders.map((r) => [r.kind, r.title])).toEqual([["order_ready", `Order ${order.order_number} is ready for pickup`]]);
    expectOneMessagePerRow(riders, rider.user_id);
    expectEventRunsClean();
  });

  it("a rejected online order tells the customer what is refunded; a user without a device still gets the inbox row", async () => {
    const bob = await customer(2, "en", false);
    const q = await quote(stack, world, bob, { paymentMethod: "online" });
    const placed = (await place(stack, bob.identity, q.body.quoteId, "notify-online-1")).body as PlaceBody;
    await idle();
    expect(await inbox(bob.userId)).toEqual([]); // awaiting payment: nothing to say yet
    stack.razorpay.checkout.pay(placed.payment!.razorpayOrderId);
    expect((await deliverPendingWebhooks(stack)).every((d) => d.status === 200)).toBe(true);
    await idle();
    expect((await callFunction(stack, rejectOrderRoute, { identity: world.owner, params: { id: placed.order.id }, body: { reasonCode: "too_busy" } })).status).toBe(200);
    await idle();

    const rows = await inbox(bob.userId);
    expect(rows.map((r) => [r.kind, r.channel, r.status, r.error])).toEqual([
      ["order_placed", "push", "skipped", "no push target"],
      ["order_rejected", "push", "skipped", "no push target"],
    ]);
    expect(rows[1]!.message).toBe(`Order ${placed.order.orderNumber} was declined by the restaurant. ${formatInr(q.body.totalPaise)} will be refunded to your original payment method, usually within 5–7 working days.`);
    expect(pushes(bob.userId)).toEqual([]);
    expectEventRunsClean();
  });

  it("a customer's cancellation after acceptance tells the restaurant and the assigned partner, not the customer", async () => {
    const cara = await customer(3, "en");
    const ownerId = await owner("hi");
    const rider = world.city.rows.delivery_partners[1]!;
    await addDevice(rider.user_id);
    const orderId = await placeCod(cara);
    await accept(orderId);
    await world.db.orders.update(orderId, { delivery_partner_id: rider.$id, dispatch_state: "assigned" });
    await idle();
    const r = await callFunction(stack, cancelOrderRoute, { identity: cara.identity, params: { id: orderId }, body: { reasonCode: "changed_mind" }, headers: { "idempotency-key": "notify-cancel-1" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await idle();

    const number = (await world.db.orders.get(orderId))!.order_number;
    expect((await inbox(cara.userId)).map((x) => x.kind)).toEqual(["order_placed", "order_accepted"]);
    const ownerRows = await inbox(ownerId);
    expect(ownerRows.map((x) => [x.kind, x.title])).toEqual([
      ["order_placed", `नया ऑर्डर ${number}`],
      ["order_cancelled", `ग्राहक ने ऑर्डर ${number} रद्द कर दिया`],
    ]);
    expect((await inbox(rider.user_id)).map((x) => [x.kind, x.message])).toEqual([["order_cancelled", `Do not pick up order ${number} from ${(await world.db.orders.get(orderId))!.restaurant_name}. You are free to take your next order.`]]);
    expectOneMessagePerRow(await inbox(rider.user_id), rider.user_id);
    expectEventRunsClean();
  });
});

describe("exactly once", () => {
  it("the same order event delivered twice, concurrently and by hand → one row and one message per recipient", async () => {
    const alice = await customer(1, "en");
    const ownerId = await owner("en");
    const orderId = await placeCod(alice);
    await accept(orderId);
    await idle();
    const before = { alice: pushes(alice.userId).length, owner: pushes(ownerId).length, rows: (await inbox(alice.userId)).length };
    expect(before).toEqual({ alice: 2, owner: 1, rows: 2 });

    const accepted = (await events(orderId)).find((e) => e.event === "restaurant_accept")!;
    const payload = await eventPayload(accepted.$id);
    const replays = await Promise.all([deliverEvent(payload), deliverEvent(payload), handFire(payload), handFire({ $id: accepted.$id })]);
    for (const r of replays) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ outcome: "notified", eventId: accepted.$id, notices: [{ role: "customer", status: "sent", finished: false }] });
    }
    // The placement event again too: both of its recipients were told already.
    const first = await deliverEvent(await eventPayload((await events(orderId))[0]!.$id));
    expect((first.body.notices as { finished: boolean }[]).map((n) => n.finished)).toEqual([false, false]);

    expect({ alice: pushes(alice.userId).length, owner: pushes(ownerId).length, rows: (await inbox(alice.userId)).length }).toEqual(before);
    // A row of another table is not ours.
    expect((await handFire({ $id: "rev_1", $tableId: "reviews" })).body).toEqual({ outcome: "ignored", reason: "not an order event row: reviews" });
  });

  it("a run killed after writing the row, before sending: the next delivery sends the recorded text exactly once", async () => {
    const alice = await customer(1, "en");
    await owner("en");
    const orderId = await placeCod(alice);
    await idle();
    // The accept's event is lost to the "crash": we write what the dead run had written — the queued row.
    await quietly(() => accept(orderId));
    const ev = (await events(orderId)).find((e) => e.event === "restaurant_accept")!;
    const id = notificationIdFor(`order:${orderId}:${ev.seq}:customer:${alice.userId}`);
    await world.db.notifications.create(
      id,
      {
        user_id: alice.userId,
        event_key: `order:${orderId}:${ev.seq}:customer:${alice.userId}`,
        kind: "order_accepted",
        title: "Written before the crash",
        message: "This text was recorded by the run that died.",
        data: JSON.stringify({ kind: "order_accepted", orderId }),
        channel: "push",
        language: "en",
        status: "queued",
        created_at: new Date().toISOString(),
      },
      rowPermissions.owner(alice.userId),
    );
    expect(pushes(alice.userId).map((m) => m.messageId)).not.toContain(id);

    const payload = await eventPayload(ev.$id);
    const rerun = await deliverEvent(payload);
    expect(rerun.body).toMatchObject({ notices: [{ id, status: "sent", finished: true }] });
    await deliverEvent(payload);
    const sent = pushes(alice.userId).filter((m) => m.messageId === id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ title: "Written before the crash", body: "This text was recorded by the run that died." });
    expect(await world.db.notifications.get(id)).toMatchObject({ status: "sent", provider_message_id: id });
  });

  it("a run killed after sending, before marking the row: the re-run finds Appwrite has the message (409) and sends nothing more", async () => {
    const alice = await customer(1, "en");
    await owner("en");
    const orderId = await placeCod(alice);
    await idle();
    await quietly(() => accept(orderId));
    const ev = (await events(orderId)).find((e) => e.event === "restaurant_accept")!;

    // Fault hook: the real Messaging send happens, then the run dies before it can record the outcome.
    const deps = serviceDeps(stack);
    const real = notifierFor(deps);
    const dying: Notifier = {
      push: async (input) => {
        await real.push(input);
        throw new Error("killed after the send");
      },
      sms: (input) => real.sms(input),
    };
    await expect(notifyOrderEvent(deps, DEFAULT_NOTIFICATION_SETTINGS, ev.$id, dying)).rejects.toThrow("killed after the send");
    const id = notificationIdFor(`order:${orderId}:${ev.seq}:customer:${alice.userId}`);
    expect(await world.db.notifications.get(id)).toMatchObject({ status: "queued" });
    expect(pushes(alice.userId).filter((m) => m.messageId === id)).toHaveLength(1);

    const rerun = await deliverEvent(await eventPayload(ev.$id));
    expect(rerun.body).toMatchObject({ notices: [{ id, status: "sent", finished: true }] });
    expect(pushes(alice.userId).filter((m) => m.messageId === id)).toHaveLength(1);
    expect(await world.db.notifications.get(id)).toMatchObject({ status: "sent" });
  });

  it("events that never reached the function and stale queued rows are finished by notifications-sweep; a second sweep does nothing", async () => {
    const alice = await customer(1, "hi");
    const ownerId = await owner("en");
    const orderId = await quietly(() => placeCod(alice));
    await quietly(() => accept(orderId));
    expect(await inbox(alice.userId)).toEqual([]);

    const now = Date.now();
    const queued = (eventKey: string, channel: "push" | "sms", agoMs: number) =>
      world.db.notifications.create(
        notificationIdFor(eventKey),
        { user_id: ownerId, event_key: eventKey, kind: "accept_reminder", title: "Order waiting", message: `Chizze: order ${orderId} is waiting`, data: null, channel, language: "en", status: "queued", created_at: new Date(now - agoMs).toISOString() },
        rowPermissions.owner(ownerId),
      );
    const stale = await queued(`order:${orderId}:accept_reminder:sms:${ownerId}`, "sms", 2 * 60_000);
    const ancient = await queued(`order:${orderId}:accept_reminder:push:${ownerId}`, "push", 2 * 3_600_000);

    // Fired as its cron fires it.
    const first = await runSchedule(stack, "notifications-sweep");
    expect(first.status, first.errors).toBe(200);
    expect(logLine(first.logs, "notifications sweep")).toMatchObject({ events: 2, notices: 3, newlyFinished: 3, more: false, sent: 1, expired: 1, stillQueued: 0 });
    expect((await inbox(alice.userId)).map((r) => [r.kind, r.status, r.language])).toEqual([
      ["order_placed", "sent", "hi"],
      ["order_accepted", "sent", "hi"],
    ]);
    expect(texts(ownerId).map((m) => [m.messageId, m.body])).toEqual([[stale.$id, `Chizze: order ${orderId} is waiting`]]);
    expect(await world.db.notifications.get(ancient.$id)).toMatchObject({ status: "failed", error: "not sent within an hour; dropped as stale" });
    expect(pushes(ownerId).map((m) => m.messageId)).not.toContain(ancient.$id);

    const before = { alice: pushes(alice.userId).length, owner: pushes(ownerId).length, sms: texts(ownerId).length };
    const second = await runSchedule(stack, "notifications-sweep");
    expect(logLine(second.logs, "notifications sweep")).toMatchObject({ events: 0, notices: 0, sent: 0, skipped: 0, failed: 0, expired: 0, stillQueued: 0 });
    // The event function (events back on) and the sweep may both see the same event: still one message each.
    await deliverEvent(await eventPayload((await events(orderId))[1]!.$id));
    expect({ alice: pushes(alice.userId).length, owner: pushes(ownerId).length, sms: texts(ownerId).length }).toEqual(before);
    expect(before).toEqual({ alice: 2, owner: 1, sms: 1 });
  });
});

describe("restaurant escalation", () => {
  it("half-way to the accept deadline the owner gets a push and an SMS in their language, once", async () => {
    const alice = await customer(1, "en");
    const ownerId = await owner("hi");
    const orderId = await placeCod(alice);
    await idle();
    const now = Date.now();
    await quietly(() => world.db.orders.update(orderId, { placed_at: new Date(now - 4 * 60_000).toISOString(), accept_deadline_at: new Date(now + 2 * 60_000).toISOString() }));

    const first = await runSchedule(stack, "orders-accept-deadline");
    expect(first.errors).toBe("");
    expect(first.logs).toContain('"escalated":1');
    const second = await runSchedule(stack, "orders-accept-deadline");
    expect(second.logs).toContain('"escalated":0');

    const number = (await world.db.orders.get(orderId))!.order_number;
    const reminders = (await inbox(ownerId)).filter((r) => r.kind === "accept_reminder");
    expect(reminders.map((r) => [r.channel, r.status, r.language]).sort()).toEqual([
      ["push", "sent", "hi"],
      ["sms", "sent", "hi"],
    ]);
    const sms = texts(ownerId);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.identifier).toBe((await users.get({ userId: ownerId })).phone);
    expect(sms[0]!.body).toMatch(new RegExp(`^Chizze: ऑर्डर ${number} \\(₹[\\d,]+\\.\\d\\d\\) को \\d मिनट में स्वीकार या अस्वीकार करें, नहीं तो यह रद्द हो जाएगा।$`));
    expect(pushes(ownerId).map((m) => m.data.kind)).toEqual(["order_placed", "accept_reminder"]);
  });

  it("at the deadline the auto-rejection tells the customer, the restaurant and the ops people named in NOTIFY_OPS_USER_IDS", async () => {
    const opsId = "usr_ops_notify";
    createUserSession(stack.appwrite.deps, { userId: opsId, phone: "+919600000001", labels: ["admin"] });
    await addDevice(opsId);
    const fns = new Functions(stack.admin());
    const variable = await fns.createVariable({ functionId: FN, variableId: ID.unique(), key: "NOTIFY_OPS_USER_IDS", value: `${opsId}` });
    try {
      const alice = await customer(1, "en");
      const ownerId = await owner("en");
      const orderId = await placeCod(alice);
      await idle();
      await quietly(() => world.db.orders.update(orderId, { accept_deadline_at: new Date(Date.now() - 1_000).toISOString() }));
      expect((await runSchedule(stack, "orders-accept-deadline")).logs).toContain('"timedOut":1');
      await idle();

      const last = async (userId: string) => (await inbox(userId)).at(-1)!;
      expect(await last(alice.userId)).toMatchObject({ kind: "order_timed_out", status: "sent" });
      expect((await last(alice.userId)).message).toMatch(/did not accept it in time\. You have not been charged\.$/);
      expect(await last(ownerId)).toMatchObject({ kind: "order_timed_out", status: "sent" });
      expect((await inbox(opsId)).map((r) => [r.kind, r.status])).toEqual([["order_timed_out", "sent"]]);
      expect(pushes(opsId)).toHaveLength(1);
    } finally {
      await fns.updateVariable({ functionId: FN, variableId: variable.$id, key: "NOTIFY_OPS_USER_IDS", value: "" });
    }
  });
});

describe("row security", () => {
  it("the recipient sees their row arrive over Realtime and can read it; another user cannot", async () => {
    const alice = await customer(1, "en");
    const bob = await customer(2, "en");
    await owner("en");
    const web = (session: string) => new WebClient().setEndpoint(stack.appwrite.endpoint).setProject(DEV_PROJECT_ID).setSession(session);
    const seen = { alice: [] as { $id: string; status: string }[], bob: [] as { $id: string }[] };
    const channel = "databases.chizze.tables.notifications.rows";
    const subA = await new Realtime(web(alice.session)).subscribe(channel, (e) => void seen.alice.push((e as RealtimeResponseEvent<{ $id: string; status: string }>).payload));
    const subB = await new Realtime(web(bob.session)).subscribe(channel, (e) => void seen.bob.push((e as RealtimeResponseEvent<{ $id: string }>).payload));
    try {
      await placeCod(alice);
      await idle();
      const [row] = await inbox(alice.userId);
      expect(row).toBeDefined();
      await expect.poll(() => seen.alice.filter((p) => p.$id === row!.$id).map((p) => p.status)).toEqual(["queued", "sent"]);
      expect(seen.bob).toEqual([]);

      const asAlice = await new WebTablesDB(web(alice.session)).listRows({ databaseId: DATABASE_ID, tableId: "notifications" });
      expect(asAlice.rows.map((r) => r.$id)).toEqual([row!.$id]);
      const asBob = await new WebTablesDB(web(bob.session)).listRows({ databaseId: DATABASE_ID, tableId: "notifications" });
      expect(asBob.total).toBe(0);
      await expect(new WebTablesDB(web(bob.session)).getRow({ databaseId: DATABASE_ID, tableId: "notifications", rowId: row!.$id })).rejects.toMatchObject({ code: 404 });
    } finally {
      await subA.close();
      await subB.close();
    }
  });
});

// Realtime through the real appwrite web SDK 28 (Node, with the polyfills the SDK needs: WebSocket, window,
// localStorage): phone login, subscribe, receive what you may read, and never what you may not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { Account, Client, ID, Realtime, type RealtimeResponseEvent } from "appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";
import { isoDate, type PlatformEvent } from "../context";
import { createUserSession } from "../auth/testing";
import { readOutbox } from "../messaging";

const g = globalThis as unknown as Record<string, unknown>;
g.WebSocket ??= WebSocket;
g.window ??= globalThis;
const store = new Map<string, string>();
g.localStorage ??= {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
  removeItem: (k: string) => void store.delete(k),
  clear: () => store.clear(),
  key: () => null,
  length: 0,
};

let aw: RunningAppwrite;

beforeAll(async () => {
  aw = await startAppwrite();
});
afterAll(async () => {
  await aw.close();
});

const channel = "tablesdb.chizze.tables.delivery_locations.rows";

function locationEvent(rowId: string, readers: string[], payload: Record<string, unknown>): PlatformEvent {
  const base = `tablesdb.chizze.tables.delivery_locations.rows.${rowId}`;
  return {
    realtimeEvents: [`${base}.create`],
    functionEvents: [],
    channels: ["rows", "databases.chizze.tables.delivery_locations.rows", channel, `${channel}.${rowId}`, `${channel}.${rowId}.create`],
    roles: readers,
    payload: { $id: rowId, ...payload },
    timestamp: isoDate(Date.now()),
  };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

function clientFor(session: string): Client {
  return new Client().setEndpoint(aw.endpoint).setProject("chizze").setSession(session);
}

describe("Realtime (appwrite web SDK 28)", () => {
  it("logs in by phone OTP through the SDK and receives only the rows it may read", async () => {
    // Customer A logs in the way the app does: phone token → OTP from the outbox → session.
    const anon = new Client().setEndpoint(aw.endpoint).setProject("chizze");
    const token = await new Account(anon).createPhoneToken({ userId: ID.unique(), phone: "+919812345678" });
    const otp = /\d{6}/.exec(readOutbox(aw.deps, { phone: "+919812345678" }).at(-1)!.body)![0];
    const session = await new Account(anon).createSession({ userId: token.userId, secret: otp });
    expect(session.userId).toBe(token.userId);

    // The SDK stored the fallback cookie; realtime authenticates with it.
    const a = new Client().setEndpoint(aw.endpoint).setProject("chizze");
    const me = await new Account(a).get();
    expect(me.$id).toBe(token.userId);

    const b = createUserSession(aw.deps, { phone: "+919800000002" });
    const aEvents: RealtimeResponseEvent<Record<string, unknown>>[] = [];
    const bEvents: RealtimeResponseEvent<Record<string, unknown>>[] = [];
    const subA = await new Realtime(a).subscribe(channel, (e) => void aEvents.push(e as RealtimeResponseEvent<Record<string, unknown>>));
    const subB = await new Realtime(clientFor(b.session)).subscribe(channel, (e) => void bEvents.push(e as RealtimeResponseEvent<Record<string, unknown>>));
    await until(() => aw.realtime.connections() >= 2, "two connections");
    // Give both subscriptions time to reach the server before publishing.
    await new Promise((r) => setTimeout(r, 100));

    aw.deps.bus.publish(locationEvent("loc1", [`user:${me.$id}`], { lat: 12.97, lng: 77.59 }));
    aw.deps.bus.publish(locationEvent("loc2", [`user:${b.userId}`], { lat: 12.98, lng: 77.6 }));
    aw.deps.bus.publish(locationEvent("loc3", [], { lat: 0, lng: 0 })); // nobody may read it: never published

    await until(() => aEvents.length >= 1 && bEvents.length >= 1, "both customers' events");
    await new Promise((r) => setTimeout(r, 50));
    expect(aEvents.map((e) => e.payload.$id)).toEqual(["loc1"]);
    expect(bEvents.map((e) => e.payload.$id)).toEqual(["loc2"]);
    expect(aEvents[0]!.events[0]).toBe("tablesdb.chizze.tables.delivery_locations.rows.loc1.create");
    await subA.close();
    await subB.close();
  });

  it("speaks the raw protocol: connected, authentication, subscribe with queries, ping/pong, errors", async () => {
    const user = createUserSession(aw.deps, { phone: "+919800000003" });
    const ws = new WebSocket(`${aw.url.replace("http", "ws")}/v1/realtime?project=chizze`);
    const frames: { type: string; data?: Record<string, unknown> }[] = [];
    ws.on("message", (d: Buffer) => frames.push(JSON.parse(String(d)) as { type: string; data?: Record<string, unknown> }));
    await new Promise((r) => ws.once("open", r));
    await until(() => frames.length >= 1, "connected");
    expect(frames[0]).toMatchObject({ type: "connected", data: { channels: [], subscriptions: [], user: null } });

    ws.send(JSON.stringify({ type: "authentication", data: { session: user.session } }));
    await until(() => frames.some((f) => f.type === "response" && f.data?.to === "authentication"), "auth response");
    expect(frames.find((f) => f.data?.to === "authentication")?.data).toMatchObject({ success: true, user: { $id: user.userId } });

    ws.send(JSON.stringify({ type: "subscribe", data: [{ subscriptionId: "s1", channels: [channel, "account"], queries: [JSON.stringify({ method: "greaterThan", attribute: "lat", values: [12.5] })] }] }));
    await until(() => frames.some((f) => f.data?.to === "subscribe"), "subscribe response");
    const subscribed = frames.find((f) => f.data?.to === "subscribe")!.data!.subscriptions as { channels: string[] }[];
    expect(subscribed[0]!.channels).toEqual([channel, `account.${user.userId}`]);

    aw.deps.bus.publish(locationEvent("near", [`user:${user.userId}`], { lat: 12.9 }));
    aw.deps.bus.publish(locationEvent("far", [`user:${user.userId}`], { lat: 10.1 })); // filtered by the query
    await until(() => frames.some((f) => f.type === "event"), "event");
    await new Promise((r) => setTimeout(r, 50));
    const events = frames.filter((f) => f.type === "event");
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ subscriptions: ["s1"], payload: { $id: "near" } });

    ws.send(JSON.stringify({ type: "ping" }));
    await until(() => frames.some((f) => f.type === "pong"), "pong");
    ws.send("not json");
    await until(() => frames.some((f) => f.type === "error"), "error");
    expect(frames.find((f) => f.type === "error")!.data).toMatchObject({ code: 1003 });
    ws.send(JSON.stringify({ type: "subscribe", data: [{ subscriptionId: "s2", channels: [channel], queries: [JSON.stringify({ method: "search", attribute: "x", values: ["y"] })] }] }));
    await until(() => frames.filter((f) => f.type === "error").length >= 2, "query error");

    ws.send(JSON.stringify({ type: "unsubscribe", data: [{ subscriptionId: "s1" }] }));
    await until(() => frames.some((f) => f.data?.to === "unsubscribe"), "unsubscribe response");
    aw.deps.bus.publish(locationEvent("after", [`user:${user.userId}`], { lat: 13 }));
    await new Promise((r) => setTimeout(r, 50));
    expect(frames.filter((f) => f.type === "event")).toHaveLength(1);
    ws.close();
  });

  it("delivers events readable by anyone to guests", async () => {
    const ws = new WebSocket(`${aw.url.replace("http", "ws")}/v1/realtime?project=chizze&channels[]=${encodeURIComponent("tablesdb.chizze.tables.restaurants.rows")}`);
    const frames: { type: string; data?: Record<string, unknown> }[] = [];
    ws.on("message", (d: Buffer) => frames.push(JSON.parse(String(d)) as { type: string; data?: Record<string, unknown> }));
    await until(() => frames.length >= 1, "connected");
    expect(frames[0]!.data).toMatchObject({ channels: ["tablesdb.chizze.tables.restaurants.rows"] });
    aw.deps.bus.publish({ ...locationEvent("r1", ["any"], { name: "Dosa Corner" }), channels: ["tablesdb.chizze.tables.restaurants.rows"] });
    await until(() => frames.some((f) => f.type === "event"), "public event");
    ws.close();
  });
});

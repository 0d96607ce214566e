// The partner's side before dispatch, through the real functions on the devstack: going online/offline (the Redis GEO
// index follows), location fixes (stale, future and impossible ones; tracking rows pushed over Realtime to the
// order's customer only; the ETA after pickup; Redis down), the location TTL schedule and ledger-backed earnings.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { Functions, ID, Query, TablesDB } from "node-appwrite";
import { Client as WebClient, Realtime, TablesDB as WebTablesDB, type RealtimeResponseEvent } from "appwrite";
import { deliveryLocationRoute, deliveryStatusRoute, earningsRoute, type DeliveryStatus, type Earnings, type LocationAck } from "@chizze/contracts/api/delivery";
import type { AnyRoute } from "@chizze/contracts/route";
import { sha256Hex } from "@chizze/core";
import { DATABASE_ID, rowPermissions, type RowData } from "@chizze/schema";
import { createRedis } from "@chizze/platform/redis/client";
import { keys } from "@chizze/platform/redis/keys";
import { nearbyPartners } from "@chizze/platform/redis/geo";
import type { Identity } from "@chizze/platform/identity";
import { createDb, type Db } from "@chizze/services/deps";
import { rebuildGeoIndex } from "@chizze/services/delivery/geo-index";
import { createUserSession } from "@chizze/devstack/appwrite/auth/testing";
import { DEV_PROJECT_ID } from "@chizze/devstack/stack";
import type { z } from "zod";
import { serviceDeps } from "../support/deps";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, type CallOptions, type CallResult } from "../support/functions";

// The appwrite web SDK expects a browser: WebSocket, window and localStorage.
const g = globalThis as unknown as Record<string, unknown>;
g.WebSocket ??= WebSocket;
g.window ??= globalThis;
const ls = new Map<string, string>();
g.localStorage ??= { getItem: (k: string) => ls.get(k) ?? null, setItem: (k: string, v: string) => void ls.set(k, v), removeItem: (k: string) => void ls.delete(k), clear: () => ls.clear(), key: () => null, length: 0 };

const CITY = "Bengaluru";
/** HSR Layout, and points ~150 m and ~10 km from it. */
const HSR = { lat: 12.9116, lng: 77.6389 };
const NEAR = { lat: 12.9129, lng: 77.6393 };
const FAR = { lat: 12.9716, lng: 77.5946 };
const DOOR = { lat: 12.9352, lng: 77.6245 };
const HOUR_MS = 3_600_000;

let stack: TestStack;
let db: Db;
let redis: ReturnType<typeof createRedis>;

beforeAll(async () => {
  stack = await startTestStack();
  db = createDb(new TablesDB(stack.admin()), true);
  redis = createRedis({ url: stack.upstash.url, token: stack.upstash.token, timeoutMs: 2_000 });
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => stack.reset());

async function call<T>(route: AnyRoute, opts: CallOptions): Promise<CallResult & { body: T }> {
  return (await callFunction(stack, route, opts)) as CallResult & { body: T };
}

const pad = (n: number, w = 5) => String(n).padStart(w, "0");
const iso = (ms: number) => new Date(ms).toISOString();

type PartnerData = RowData<"delivery_partners">;

/** A verified, active, offline partner in Bengaluru with no position yet. */
async function partner(n: number, o: Partial<PartnerData> = {}): Promise<{ id: string; userId: string; identity: Identity }> {
  const id = `prt_t${pad(n)}`;
  const userId = `usr_prt_t${pad(n)}`;
  await db.delivery_partners.upsert(
    id,
    {
      user_id: userId,
      name: `Rider ${n}`,
      phone: `+919300000${pad(n, 3)}`,
      vehicle: "scooter",
      vehicle_number: null,
      city: CITY,
      zone_id: null,
      is_active: true,
      is_online: false,
      is_on_delivery: false,
      active_order_id: null,
      last_lat: null,
      last_lng: null,
      last_seen_at: null,
      rating: 4.6,
      rating_count: 40,
      acceptance_rate_bps: 9_000,
      offers_received: 50,
      offers_accepted: 45,
      deliveries_completed: 44,
      cod_cash_held_paise: 0,
      kyc_status: "verified",
      ...o,
    },
    rowPermissions.owner(userId),
  );
  return { id, userId, identity: identityOf(userId, ["partner"]) };
}

let orderSeq = 0;

/** An order assigned to `partnerId` in `status`, delivering to DOOR (rows as the order functions write them). */
async function order(customerId: string, partnerId: string, partnerUserId: string, status: "accepted" | "preparing" | "ready" | "picked_up" | "delivered"): Promise<string> {
  orderSeq++;
  const id = `ord_t${pad(orderSeq)}`;
  const line = { itemId: "itm_t1", variantId: null, name: "Masala Dosa", variantName: null, isVeg: true, quantity: 2, unitPaise: 12_000, addons: [], notes: null, totalPaise: 24_000 };
  const address = { addressId: null, label: "home", line1: "Flat 1, Test Residency", line2: null, landmark: null, locality: "Koramangala", city: CITY, state: "Karnataka", pincode: "560034", lat: DOOR.lat, lng: DOOR.lng, contactName: null, contactPhone: null };
  await db.orders.create(
    id,
    {
      order_number: `CHZ-261126-${pad(orderSeq, 4)}`,
      customer_id: customerId,
      restaurant_id: "rst_t1",
      restaurant_owner_id: "usr_own_t1",
      restaurant_name: "Test Kitchen",
      delivery_partner_id: partnerId,
      quote_id: `qte_t${pad(orderSeq)}`,
      idempotency_key_hash: sha256Hex(id),
      status,
      dispatch_state: status === "picked_up" ? "picked_up" : status === "delivered" ? "delivered" : "assigned",
      payment_method: "cod",
      payment_status: "cod_pending",
      version: 4,
      items: JSON.stringify([line]),
      item_total_paise: 24_000,
      packaging_paise: 1_000,
      delivery_fee_paise: 3_500,
      surge_paise: 0,
      platform_fee_paise: 500,
      gst_food_paise: 1_200,
      gst_fees_paise: 900,
      discount_paise: 0,
      tip_paise: 0,
      total_paise: 31_100,
      delivery_address: JSON.stringify(address),
      delivery_lat: DOOR.lat,
      delivery_lng: DOOR.lng,
      distance_m: 3_000,
      city: CITY,
      placed_at: iso(Date.now() - 30 * 60_000),
      ...(status === "picked_up" ? { picked_up_at: iso(Date.now() - 60_000) } : {}),
    },
    rowPermissions.order({ customerId, restaurantOwnerId: "usr_own_t1", partnerUserId }),
  );
  // As the accept's transaction does: the partner's row points at the order they hold.
  if (status !== "delivered") await db.delivery_partners.update(partnerId, { is_on_delivery: true, active_order_id: id });
  return id;
}

async function setStatus(who: Identity, body: unknown) {
  return call<z.infer<typeof DeliveryStatus>>(deliveryStatusRoute, { identity: who, body });
}

async function fix(who: Identity, at: number, p: { lat: number; lng: number }, extra: Record<string, unknown> = {}) {
  return call<z.infer<typeof LocationAck>>(deliveryLocationRoute, { identity: who, body: { lat: p.lat, lng: p.lng, at: iso(at), ...extra } });
}

async function indexed(partnerId: string): Promise<{ seenAtMs: number | null; nearby: string[] }> {
  const seen = await redis.zscore(keys.geoSeen(CITY), partnerId);
  const near = await nearbyPartners(redis, CITY, HSR.lat, HSR.lng, 20_000, { limit: 50, freshWithinMs: 10 * 60_000, nowMs: Date.now() + 60_000 });
  return { seenAtMs: seen === null ? null : Number(seen), nearby: near.map((n) => n.partnerId) };
}

async function locationRows(orderId?: string) {
  return (await db.delivery_locations.list(orderId ? [Query.equal("order_id", orderId), Query.orderAsc("recorded_at")] : [Query.orderAsc("recorded_at")], { limit: 100 })).rows;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe("PUT /delivery/status", () => {
  it("online with a position joins the city's GEO index; repeating is harmless; offline leaves it", async () => {
    const p = await partner(1);
    const before = Date.now();
    const on = await setStatus(p.identity, { isOnline: true, ...HSR });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ isOnline: true, activeOrderId: null });
    expect(Date.parse(on.body.since)).toBeGreaterThanOrEqual(before - 1_000);
    const row = await db.delivery_partners.get(p.id);
    expect(row).toMatchObject({ is_online: true, last_lat: HSR.lat, last_lng: HSR.lng });
    const idx = await indexed(p.id);
    expect(idx.nearby).toEqual([p.id]);
    expect(idx.seenAtMs).toBe(Date.parse(row!.last_seen_at!));

    const again = await setStatus(p.identity, { isOnline: true });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ isOnline: true, activeOrderId: null });
    expect((await indexed(p.id)).nearby).toEqual([p.id]);

    const off = await setStatus(p.identity, { isOnline: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ isOnline: false, activeOrderId: null });
    expect(await indexed(p.id)).toEqual({ seenAtMs: null, nearby: [] });
    expect((await db.delivery_partners.get(p.id))?.is_online).toBe(false);
    const offAgain = await setStatus(p.identity, { isOnline: false });
    expect(offAgain.status).toBe(200);
    expect(offAgain.body.isOnline).toBe(false);
  });

  it("going online without any known position is recorded but not indexed until the first fix", async () => {
    const p = await partner(2);
    expect((await setStatus(p.identity, { isOnline: true })).status).toBe(200);
    expect(await indexed(p.id)).toEqual({ seenAtMs: null, nearby: [] });
    expect((await fix(p.identity, Date.now(), HSR)).status).toBe(200);
    expect((await indexed(p.id)).nearby).toEqual([p.id]);
  });

  it("refuses going offline with an order in hand (409) and keeps the partner out of the index meanwhile", async () => {
    const p = await partner(3);
    await setStatus(p.identity, { isOnline: true, ...HSR });
    const orderId = await order("usr_cus_t1", p.id, p.userId, "accepted");
    const off = await setStatus(p.identity, { isOnline: false });
    expect(off.status).toBe(409);
    expect(off.body).toMatchObject({ code: "conflict" });
    expect((await db.delivery_partners.get(p.id))?.is_online).toBe(true);
    const on = await setStatus(p.identity, { isOnline: true });
    expect(on.body).toMatchObject({ isOnline: true, activeOrderId: orderId });
    expect((await indexed(p.id)).nearby).toEqual([]);
    for (const status of ["preparing", "ready", "picked_up"] as const) {
      await db.orders.update(orderId, { status });
      expect((await setStatus(p.identity, { isOnline: false })).status, status).toBe(409);
    }
    await db.orders.update(orderId, { status: "delivered" });
    const done = await setStatus(p.identity, { isOnline: false });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ isOnline: false, activeOrderId: null });
  });

  it("404 without a partner profile, 403 for blocked or unverified partners going online and for other roles, 401 anonymous, 400 bad bodies", async () => {
    expect((await setStatus(identityOf("usr_nobody", ["partner"]), { isOnline: true })).status).toBe(404);
    const blocked = await partner(4, { is_active: false, is_online: true });
    const r = await setStatus(blocked.identity, { isOnline: true, ...HSR });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: "forbidden" });
    expect((await setStatus(blocked.identity, { isOnline: false })).status).toBe(200);
    const pending = await partner(5, { kyc_status: "submitted" });
    expect((await setStatus(pending.identity, { isOnline: true })).status).toBe(403);
    expect(await indexed(blocked.id)).toEqual({ seenAtMs: null, nearby: [] });
    const p = await partner(6);
    expect((await setStatus(identityOf(p.userId, ["customer"]), { isOnline: true })).status).toBe(403);
    expect((await callFunction(stack, deliveryStatusRoute, { body: { isOnline: true } })).status).toBe(401);
    for (const body of [{}, { isOnline: "yes" }, { isOnline: true, lat: HSR.lat }, { isOnline: true, lat: 95, lng: 77 }, { isOnline: true, userId: "usr_x" }]) {
      expect((await setStatus(p.identity, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await db.delivery_partners.get(p.id))?.is_online).toBe(false);
  });
});

describe("PUT /delivery/location", () => {
  it("an idle online partner's fix moves the row and the index (fix time as the stamp), no tracking row, next in 15 s", async () => {
    const p = await partner(10);
    await setStatus(p.identity, { isOnline: true });
    const at = Date.now() - 2_000;
    const r = await fix(p.identity, at, HSR, { heading: 90, speed: 6.5, accuracy: 8 });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ nextIntervalSec: 15 });
    expect(await db.delivery_partners.get(p.id)).toMatchObject({ last_lat: HSR.lat, last_lng: HSR.lng });
    expect(Date.parse((await db.delivery_partners.get(p.id))!.last_seen_at!)).toBe(at);
    expect(await indexed(p.id)).toEqual({ seenAtMs: at, nearby: [p.id] });
    expect(await locationRows()).toEqual([]);
  });

  it("acknowledges a stale or repeated fix without effect", async () => {
    const p = await partner(11);
    await setStatus(p.identity, { isOnline: true });
    const t = Date.now() - 5_000;
    expect((await fix(p.identity, t, HSR)).status).toBe(200);
    const older = await fix(p.identity, t - 3_000, NEAR);
    expect(older.status).toBe(200);
    expect(older.body).toEqual({ nextIntervalSec: 15 });
    const same = await fix(p.identity, t, NEAR);
    expect(same.status).toBe(200);
    const row = await db.delivery_partners.get(p.id);
    expect(row).toMatchObject({ last_lat: HSR.lat, last_lng: HSR.lng });
    expect(Date.parse(row!.last_seen_at!)).toBe(t);
    expect((await indexed(p.id)).seenAtMs).toBe(t);
    // A newer fix still counts.
    expect((await fix(p.identity, t + 3_000, NEAR)).status).toBe(200);
    expect(await db.delivery_partners.get(p.id)).toMatchObject({ last_lat: NEAR.lat, last_lng: NEAR.lng });
  });

  it("refuses a fix from the future (422) and an impossible jump (422), keeping the last accepted fix", async () => {
    const p = await partner(12);
    await setStatus(p.identity, { isOnline: true });
    const future = await fix(p.identity, Date.now() + 5 * 60_000, HSR);
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({ code: "unprocessable" });
    expect((await db.delivery_partners.get(p.id))?.last_seen_at).toBeNull();
    // A few seconds of device clock skew are fine.
    const t = Date.now() + 5_000;
    expect((await fix(p.identity, t - 20_000, HSR)).status).toBe(200);
    // ~10 km in 10 s = ~1 km/s.
    const jump = await fix(p.identity, t - 10_000, FAR);
    expect(jump.status).toBe(422);
    expect(jump.body).toMatchObject({ code: "unprocessable" });
    expect(await db.delivery_partners.get(p.id)).toMatchObject({ last_lat: HSR.lat, last_lng: HSR.lng });
    expect(Date.parse((await db.delivery_partners.get(p.id))!.last_seen_at!)).toBe(t - 20_000);
    // ~150 m in 10 s is a scooter; the skewed fix is accepted.
    expect((await fix(p.identity, t, NEAR)).status).toBe(200);
    expect(await db.delivery_partners.get(p.id)).toMatchObject({ last_lat: NEAR.lat, last_lng: NEAR.lng });
  });

  it("does not track an offline partner (409), nor a blocked one (403), nor a user without a profile (404)", async () => {
    const off = await partner(13);
    const r = await fix(off.identity, Date.now(), HSR);
    expect(r.status).toBe(409);
    expect((await db.delivery_partners.get(off.id))?.last_seen_at).toBeNull();
    const blocked = await partner(14, { is_active: false, is_online: true });
    expect((await fix(blocked.identity, Date.now(), HSR)).status).toBe(403);
    expect((await fix(identityOf("usr_nobody", ["partner"]), Date.now(), HSR)).status).toBe(404);
    expect((await fix(identityOf("usr_cus_t1", ["customer"]), Date.now(), HSR)).status).toBe(403);
    const p = await partner(15);
    for (const body of [{ lat: HSR.lat, lng: HSR.lng }, { lat: HSR.lat, lng: HSR.lng, at: "yesterday" }, { lat: HSR.lat, lng: HSR.lng, at: iso(Date.now()), speed: 120 }]) {
      expect((await call(deliveryLocationRoute, { identity: p.identity, body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it("while an order is in hand, fixes reach that order's customer over Realtime and no one else; the ETA follows after pickup", async () => {
    const alice = createUserSession(stack.appwrite.deps, { phone: "+919811111111", labels: ["customer"] });
    const bob = createUserSession(stack.appwrite.deps, { phone: "+919822222222", labels: ["customer"] });
    const p1 = await partner(20);
    const p2 = await partner(21);
    // Online without a position: the fixes below (10 s old) are then the newest the rows know.
    await setStatus(p1.identity, { isOnline: true });
    await setStatus(p2.identity, { isOnline: true });
    const aliceOrder = await order(alice.userId, p1.id, p1.userId, "picked_up");
    const bobOrder = await order(bob.userId, p2.id, p2.userId, "accepted");
    const before = (await db.orders.get(aliceOrder))!;

    type Loc = { $id: string; order_id: string; lat: number; lng: number; recorded_at: string };
    const seen = { alice: [] as Loc[], bob: [] as Loc[] };
    const channel = "databases.chizze.tables.delivery_locations.rows";
    const web = (session: string) => new WebClient().setEndpoint(stack.appwrite.endpoint).setProject(DEV_PROJECT_ID).setSession(session);
    const subA = await new Realtime(web(alice.session)).subscribe(channel, (e) => void seen.alice.push((e as RealtimeResponseEvent<Loc>).payload));
    const subB = await new Realtime(web(bob.session)).subscribe(channel, (e) => void seen.bob.push((e as RealtimeResponseEvent<Loc>).payload));
    await until(() => stack.appwrite.realtime.connections() >= 2, "connections");
    await new Promise((r) => setTimeout(r, 100));

    const t = Date.now() - 10_000;
    const a1 = await fix(p1.identity, t, NEAR, { heading: 45, speed: 8, accuracy: 6 });
    expect(a1.status).toBe(200);
    expect(a1.body).toEqual({ nextIntervalSec: 5 });
    expect((await fix(p1.identity, t + 5_000, { lat: NEAR.lat + 0.0004, lng: NEAR.lng })).status).toBe(200);
    const b1 = await fix(p2.identity, t, NEAR);
    expect(b1.body).toEqual({ nextIntervalSec: 5 });
    // A retried fix adds nothing.
    expect((await fix(p1.identity, t + 5_000, { lat: NEAR.lat + 0.0004, lng: NEAR.lng })).status).toBe(200);

    await until(() => seen.alice.length >= 2 && seen.bob.length >= 1, "tracking events");
    await new Promise((r) => setTimeout(r, 150));
    expect(seen.alice.map((l) => [l.order_id, l.lat, iso(Date.parse(l.recorded_at))])).toEqual([
      [aliceOrder, NEAR.lat, iso(t)],
      [aliceOrder, NEAR.lat + 0.0004, iso(t + 5_000)],
    ]);
    expect(seen.bob.map((l) => l.order_id)).toEqual([bobOrder]);
    await subA.close();
    await subB.close();

    // Stored with the customer as the only reader; the partner reads nothing back.
    const rows = await locationRows(aliceOrder);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ partner_id: p1.id, heading: 45, speed_mps: 8, accuracy_m: 6 });
    expect(rows[0]!.$permissions).toEqual([`read("user:${alice.userId}")`]);
    const asAlice = await new WebTablesDB(web(alice.session)).listRows({ databaseId: DATABASE_ID, tableId: "delivery_locations" });
    expect(asAlice.rows.map((r) => r.order_id as unknown)).toEqual([aliceOrder, aliceOrder]);
    const asBob = await new WebTablesDB(web(bob.session)).listRows({ databaseId: DATABASE_ID, tableId: "delivery_locations" });
    expect(asBob.rows.map((r) => r.order_id as unknown)).toEqual([bobOrder]);

    // After pickup the ETA moves with the rider, without a version bump; before pickup it is left alone.
    const after = (await db.orders.get(aliceOrder))!;
    expect(before.eta_at).toBeNull();
    expect(after.eta_at).not.toBeNull();
    expect(Date.parse(after.eta_at!)).toBeGreaterThan(Date.now() + 5 * 60_000);
    expect(after.version).toBe(before.version);
    expect((await db.orders.get(bobOrder))?.eta_at).toBeNull();
    // Partners with an order are out of the index.
    expect((await indexed(p1.id)).nearby).toEqual([]);
    expect((await indexed(p2.id)).nearby).toEqual([]);
  });

  it("keeps the order's ETA write cheap: a fix that moves it by less than a minute does not touch the order", async () => {
    const p = await partner(22);
    await setStatus(p.identity, { isOnline: true });
    const orderId = await order("usr_cus_t2", p.id, p.userId, "picked_up");
    const t = Date.now() - 120_000;
    await fix(p.identity, t, HSR);
    const first = (await db.orders.get(orderId))!;
    expect(first.eta_at).not.toBeNull();
    // Same distance to the door 5 s later: the ETA moves by seconds only.
    await fix(p.identity, t + 5_000, HSR);
    const second = (await db.orders.get(orderId))!;
    expect(second.eta_at).toBe(first.eta_at);
    expect(second.$updatedAt).toBe(first.$updatedAt);
    // At the door's street the ETA drops to core's floor (10 min): written.
    await fix(p.identity, t + 100_000, { lat: DOOR.lat + 0.001, lng: DOOR.lng });
    const third = (await db.orders.get(orderId))!;
    expect(Date.parse(third.eta_at!)).toBeLessThan(Date.parse(first.eta_at!) - 60_000);
    expect(Date.parse(third.eta_at!) - Date.parse(third.$updatedAt)).toBeLessThanOrEqual(10 * 60_000 + 1_000);
    expect(third.version).toBe(first.version);
    expect(await locationRows(orderId)).toHaveLength(3);
  });

  it("with Redis down the fix is still recorded and the call succeeds; rebuildGeoIndex restores the index from the rows", async () => {
    const p = await partner(30);
    await setStatus(p.identity, { isOnline: true, ...HSR });
    const stale = await partner(31, { is_online: true, last_lat: HSR.lat, last_lng: HSR.lng, last_seen_at: iso(Date.now() - 10 * 60_000) });
    await partner(32, { is_online: false, last_lat: HSR.lat, last_lng: HSR.lng, last_seen_at: iso(Date.now() - 5_000) });
    await partner(33, { is_online: true, is_on_delivery: true, last_lat: HSR.lat, last_lng: HSR.lng, last_seen_at: iso(Date.now() - 5_000) });
    await partner(34, { is_online: true, is_active: false, last_lat: HSR.lat, last_lng: HSR.lng, last_seen_at: iso(Date.now() - 5_000) });

    stack.upstash.faults.set({ down: true });
    // Newer than the position sent with the status above (and 150 m from it: ~10 s of riding, inside the clock skew).
    const at = Date.now() + 10_000;
    const r = await fix(p.identity, at, NEAR);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ nextIntervalSec: 15 });
    expect((await setStatus(p.identity, { isOnline: true })).status).toBe(200);
    stack.upstash.faults.clear();
    expect(await db.delivery_partners.get(p.id)).toMatchObject({ last_lat: NEAR.lat, last_lng: NEAR.lng });
    expect((await indexed(p.id)).seenAtMs).not.toBe(at); // the index missed the fix
    // A stale member left behind by someone who stopped reporting is dropped by the rebuild.
    await redis.geoadd(keys.geoPartners(CITY), { latitude: HSR.lat, longitude: HSR.lng, member: stale.id });
    await redis.zadd(keys.geoSeen(CITY), { score: Date.now() - 10 * 60_000, member: stale.id });

    const report = await rebuildGeoIndex(serviceDeps(stack), CITY);
    expect(report).toEqual({ city: CITY, scanned: 3, indexed: 1 });
    expect(await indexed(p.id)).toEqual({ seenAtMs: at, nearby: [p.id] });
    expect(await redis.zcard(keys.geoSeen(CITY))).toBe(1);

    // A city with nobody fresh is emptied.
    await db.delivery_partners.update(p.id, { is_online: false });
    expect(await rebuildGeoIndex(serviceDeps(stack), CITY)).toEqual({ city: CITY, scanned: 2, indexed: 0 });
    expect(await redis.exists(keys.geoPartners(CITY), keys.geoSeen(CITY))).toBe(0);
  });
});

describe("delivery-locations-cleanup (schedule)", () => {
  const fns = () => new Functions(stack.admin());
  async function run(): Promise<{ cutoff: string; deleted: number; pages: number; more: boolean; geo: { city: string; indexed: number }[] | null }> {
    // A hand-fired run (HTTP execution with the API key), as operators do; cron runs the same handler.
    const ex = await fns().createExecution({ functionId: "delivery-locations-cleanup", async: false });
    expect(ex.responseStatusCode, ex.errors || ex.responseBody).toBe(200);
    return JSON.parse(ex.responseBody) as Awaited<ReturnType<typeof run>>;
  }
  async function insertLocations(n: number, recordedAt: (i: number) => number, tag: string): Promise<void> {
    const tables = new TablesDB(stack.admin());
    for (let start = 0; start < n; start += 100) {
      const rows = Array.from({ length: Math.min(100, n - start) }, (_, k) => {
        const i = start + k;
        return { $id: `loc_${tag}${pad(i)}`, $permissions: [`read("user:usr_cus_t1")`], order_id: "ord_t1", partner_id: "prt_t1", lat: HSR.lat, lng: HSR.lng, recorded_at: iso(recordedAt(i)) };
      });
      await tables.createRows({ databaseId: DATABASE_ID, tableId: "delivery_locations", rows });
    }
  }

  it("deletes rows older than 24 h in batches, keeps newer ones, and a second run deletes nothing", async () => {
    const now = Date.now();
    await insertLocations(250, (i) => now - 25 * HOUR_MS - i * 1_000, "old");
    await insertLocations(2, (i) => now - (i === 0 ? 23 : 1) * HOUR_MS, "new");
    // The same run rebuilds the GEO index of every served city.
    await db.zones.create("zon_t1", { city: CITY, name: "HSR Layout", area: [[[77.62, 12.9], [77.66, 12.9], [77.66, 12.93], [77.62, 12.93], [77.62, 12.9]]], is_active: true, surge_multiplier_bps: 10_000 });
    const p = await partner(40, { is_online: true, last_lat: HSR.lat, last_lng: HSR.lng, last_seen_at: iso(now - 5_000) });

    const first = await run();
    expect(first).toMatchObject({ deleted: 250, pages: 3, more: false, geo: [{ city: CITY, indexed: 1 }] });
    expect(Math.abs(Date.parse(first.cutoff) - (now - 24 * HOUR_MS))).toBeLessThan(60_000);
    expect((await locationRows()).map((r) => r.$id).sort()).toEqual(["loc_new00000", "loc_new00001"]);
    expect((await indexed(p.id)).nearby).toEqual([p.id]);

    const second = await run();
    expect(second).toMatchObject({ deleted: 0, pages: 1, more: false });
    expect(await locationRows()).toHaveLength(2);
  });

  it("takes its retention window from LOCATION_RETENTION_HOURS", async () => {
    const now = Date.now();
    await insertLocations(2, (i) => now - (i === 0 ? 23 : 1) * HOUR_MS, "new");
    const variable = await fns().createVariable({ functionId: "delivery-locations-cleanup", variableId: ID.unique(), key: "LOCATION_RETENTION_HOURS", value: "2" });
    try {
      const r = await run();
      expect(r).toMatchObject({ deleted: 1, more: false });
      expect(Math.abs(Date.parse(r.cutoff) - (now - 2 * HOUR_MS))).toBeLessThan(60_000);
      expect((await locationRows()).map((l) => l.$id)).toEqual(["loc_new00001"]);
    } finally {
      await fns().updateVariable({ functionId: "delivery-locations-cleanup", variableId: variable.$id, key: "LOCATION_RETENTION_HOURS", value: "24" });
    }
  });
});

describe("GET /delivery/earnings", () => {
  // IST day D = 2026-11-20 runs from 2026-11-19T18:30Z to 2026-11-20T18:30Z.
  const D_START = Date.parse("2026-11-19T18:30:00.000Z");
  let seq = 0;
  async function ledger(account: string, kind: RowData<"ledger_entries">["kind"], direction: "credit" | "debit", amountPaise: number, at: number, orderId: string | null = null): Promise<string> {
    seq++;
    const id = `led_t${pad(seq)}`;
    await db.ledger_entries.create(id, { txn_id: `test:${seq}`, order_id: orderId, account, direction, amount_paise: amountPaise, kind, payout_id: null, memo: null, at: iso(at) });
    return id;
  }

  it("sums the partner's ledger over IST days per kind, pages the entries, and ignores other partners and other days", async () => {
    const p = await partner(50);
    const other = await partner(51);
    const acct = `partner:${p.id}`;
    const inRange = [
      await ledger(acct, "partner_fee", "credit", 4_400, D_START + 10 * HOUR_MS, "ord_e1"),
      await ledger(acct, "tip", "credit", 2_000, D_START + 10 * HOUR_MS, "ord_e1"),
      // The first instant of D-1 (IST) and the last hour of D.
      await ledger(acct, "partner_fee", "credit", 3_000, D_START - 24 * HOUR_MS, "ord_e2"),
      await ledger(acct, "partner_fee", "credit", 2_600, D_START + 23 * HOUR_MS, "ord_e3"),
      await ledger(acct, "adjustment", "credit", 1_000, D_START + 12 * HOUR_MS),
      await ledger(acct, "adjustment", "debit", 500, D_START + 13 * HOUR_MS),
      await ledger(acct, "payout", "debit", 6_000, D_START + 14 * HOUR_MS),
      await ledger(acct, "cod_cash", "debit", 1_200, D_START + 15 * HOUR_MS),
    ];
    // Outside: the instant D+1 starts (IST), the last instant before D-1, another partner, the COD account.
    await ledger(acct, "partner_fee", "credit", 9_999, D_START + 24 * HOUR_MS, "ord_x1");
    await ledger(acct, "partner_fee", "credit", 9_999, D_START - 24 * HOUR_MS - 1, "ord_x2");
    await ledger(`partner:${other.id}`, "partner_fee", "credit", 7_777, D_START + 10 * HOUR_MS, "ord_x3");
    await ledger(`cod_cash:${p.id}`, "cod_cash", "debit", 45_000, D_START + 9 * HOUR_MS, "ord_e1");
    await ledger(`cod_cash:${p.id}`, "cod_cash", "credit", 1_200, D_START + 15 * HOUR_MS);

    const query = { from: "2026-11-19", to: "2026-11-20", limit: 3 };
    const first = await call<z.infer<typeof Earnings>>(earningsRoute, { identity: p.identity, query });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      periodStart: iso(D_START - 24 * HOUR_MS),
      periodEnd: iso(D_START + 24 * HOUR_MS),
      deliveryFeesPaise: 10_000,
      tipsPaise: 2_000,
      incentivesPaise: 1_000,
      deductionsPaise: 500,
      totalPaise: 12_500,
      cashInHandPaise: 43_800,
      deliveries: 3,
    });
    expect(first.body.items).toHaveLength(3);
    expect(first.body.items[0]).toMatchObject({ kind: "delivery_fee", direction: "credit", amountPaise: 2_600, orderId: "ord_e3" });

    const items = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await call<z.infer<typeof Earnings>>(earningsRoute, { identity: p.identity, query: { ...query, cursor } });
      expect(next.status).toBe(200);
      expect(next.body.totalPaise).toBe(12_500);
      items.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(items.map((i) => i.id).sort()).toEqual([...inRange].sort());
    const times = items.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(items.filter((i) => i.kind === "payout").map((i) => i.amountPaise).sort()).toEqual([1_200, 6_000]);
    expect(items.find((i) => i.kind === "penalty")).toMatchObject({ direction: "debit", amountPaise: 500 });
    expect(items.find((i) => i.kind === "incentive")).toMatchObject({ direction: "credit", amountPaise: 1_000 });

    // The other partner sees only their own.
    const theirs = await call<z.infer<typeof Earnings>>(earningsRoute, { identity: other.identity, query });
    expect(theirs.body).toMatchObject({ deliveryFeesPaise: 7_777, totalPaise: 7_777, deliveries: 1, cashInHandPaise: 0 });
  });

  it("defaults to the last 7 IST days up to today", async () => {
    const p = await partner(52);
    await ledger(`partner:${p.id}`, "partner_fee", "credit", 4_000, Date.now() - 60_000, "ord_d1");
    await ledger(`partner:${p.id}`, "partner_fee", "credit", 4_000, Date.now() - 8 * 24 * HOUR_MS, "ord_d2");
    const r = await call<z.infer<typeof Earnings>>(earningsRoute, { identity: p.identity });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ deliveryFeesPaise: 4_000, deliveries: 1, nextCursor: null });
    expect(Date.parse(r.body.periodEnd) - Date.parse(r.body.periodStart)).toBe(7 * 24 * HOUR_MS);
    expect(Date.parse(r.body.periodEnd)).toBeGreaterThan(Date.now());
  });

  it("answers 400 to bad ranges, 404 without a partner profile, 403 to customers", async () => {
    const p = await partner(53);
    for (const query of [{ from: "2026-11-20", to: "2026-11-19" }, { from: "2026-10-01", to: "2026-11-20" }, { from: "2020-01-01" }, { to: "2026-13-01" }, { limit: 0 }]) {
      expect((await call(earningsRoute, { identity: p.identity, query })).status, JSON.stringify(query)).toBe(400);
    }
    expect((await call(earningsRoute, { identity: p.identity, query: { cursor: "not-a-cursor" } })).status).toBe(400);
    expect((await call(earningsRoute, { identity: identityOf("usr_nobody", ["partner"]) })).status).toBe(404);
    expect((await call(earningsRoute, { identity: identityOf(p.userId, ["customer"]) })).status).toBe(403);
  });
});

// The order read side through the real functions (bundled, run by the devstack runner, called as the edge calls
// them): GET /orders/{id} for the customer, the restaurant owner, the assigned partner and admins (anyone else 404),
// the customer's history, the kitchen queue and the admin search. Orders are written straight into the database
// by tests/support/order-fixtures.ts, at every stage, with their event trail.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getOrderRoute, listOrdersRoute, type Order, type OrderSummary } from "@chizze/contracts/api/orders";
import { restaurantOrdersRoute } from "@chizze/contracts/api/restaurant";
import { adminOrdersRoute, type AdminOrderRow } from "@chizze/contracts/api/admin";
import { loadFunctions } from "@chizze/devstack/appwrite/functions/index";
import { DEV_CODES_SECRET } from "@chizze/platform/config";
import { deliveryOtpFor } from "@chizze/services/orders/codes";
import type { Identity } from "@chizze/platform/identity";
import type { z } from "zod";
import { functionConfig } from "../../scripts/lib/appwrite-json";
import { listFunctions } from "../../scripts/lib/functions";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, type CallOptions, type CallResult } from "../support/functions";
import { orderFixtures, type OrderFixtures, type OrderRow, type PartnerRow, type RestaurantRow } from "../support/order-fixtures";
import type { AnyRoute } from "@chizze/contracts/route";

const MINE = ["orders-get", "orders-list", "restaurant-orders-list", "admin-orders-list"];

type OrderBody = z.infer<typeof Order>;
type Page<T> = { items: T[]; nextCursor: string | null };

let stack: TestStack;
let fx: OrderFixtures;

beforeAll(async () => {
  stack = await startTestStack();
  // Registered from their manifests as appwrite.json would register them, so the suite does not depend on
  // appwrite.json having been regenerated since these functions were added.
  const fns = (await listFunctions()).filter((f) => MINE.includes(f.id));
  expect(fns.map((f) => f.id).sort()).toEqual([...MINE].sort());
  loadFunctions(stack.appwrite.deps, stack.functions!.store(), fns.map((f) => functionConfig(f.manifest)));
  fx = orderFixtures(stack);
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => stack.reset());

const alice = identityOf("usr_cus_alice", ["customer"]);
const bob = identityOf("usr_cus_bob", ["customer"]);
const owner1 = identityOf("usr_own_one", ["restaurant"]);
const owner2 = identityOf("usr_own_two", ["restaurant"]);
const rider1 = identityOf("usr_prt_one", ["partner"]);
const rider2 = identityOf("usr_prt_two", ["partner"]);
const admin = identityOf("usr_adm_one", ["admin"]);

/** 2026-11-20 11:30 IST. */
const T0 = Date.UTC(2026, 10, 20, 6, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

interface World {
  r1: RestaurantRow;
  r2: RestaurantRow;
  p1: PartnerRow;
  p2: PartnerRow;
}

async function world(): Promise<World> {
  const [r1, r2, p1, p2] = await Promise.all([
    fx.restaurant(1, owner1.userId, "Meghana Foods"),
    fx.restaurant(2, owner2.userId, "Empire Restaurant"),
    fx.partner(1, rider1.userId),
    fx.partner(2, rider2.userId),
  ]);
  return { r1, r2, p1, p2 };
}

async function call(route: AnyRoute, identity: Identity, opts: Omit<CallOptions, "identity"> = {}): Promise<CallResult> {
  return callFunction(stack, route, { ...opts, identity });
}

async function getAs(identity: Identity, id: string): Promise<CallResult & { body: OrderBody }> {
  return (await call(getOrderRoute, identity, { params: { id } })) as CallResult & { body: OrderBody };
}

function expectProblem(r: CallResult, status: number, code?: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.contentType).toMatch(/problem\+json/);
  if (code) expect(r.body).toMatchObject({ code });
}

/** Every page of a list, following nextCursor. */
async function allPages<T>(route: AnyRoute, identity: Identity, query: Record<string, string | number | undefined>): Promise<{ pages: T[][]; items: T[] }> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 20; guard++) {
    const r = await call(route, identity, { query: { ...query, cursor } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as Page<T>;
    pages.push(body.items);
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return { pages, items: pages.flat() };
}

describe("orders-get: who may read an order", () => {
  it("each of customer, restaurant owner, assigned partner and admin reads it in their own view; everyone else gets 404", async () => {
    const w = await world();
    const oA = await fx.order({ customerId: alice.userId, restaurant: w.r1, partner: w.p1, status: "picked_up", placedAt: at(0) });
    const oB = await fx.order({ customerId: bob.userId, restaurant: w.r2, partner: w.p2, status: "accepted", placedAt: at(5) });

    const asAlice = await getAs(alice, oA.$id);
    expect(asAlice.status).toBe(200);
    expect(asAlice.body).toMatchObject({ id: oA.$id, status: "picked_up", deliveryOtp: deliveryOtpFor(DEV_CODES_SECRET, oA.$id) });
    expect(asAlice.body).not.toHaveProperty("pickupCode");
    expect(asAlice.body).not.toHaveProperty("customerId");

    const asOwner = await getAs(owner1, oA.$id);
    expect(asOwner.status).toBe(200);
    expect(asOwner.body).toMatchObject({ id: oA.$id, pickupCode: oA.pickup_code, customerId: alice.userId });
    expect(asOwner.body).not.toHaveProperty("deliveryOtp");

    const asRider = await getAs(rider1, oA.$id);
    expect(asRider.status).toBe(200);
    expect(asRider.body).toMatchObject({ id: oA.$id, pickupCode: oA.pickup_code });
    expect(asRider.body).not.toHaveProperty("deliveryOtp");
    expect(asRider.body).not.toHaveProperty("customerId");

    for (const id of [oA.$id, oB.$id]) {
      const asAdmin = await getAs(admin, id);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body.customerId).toBe(id === oA.$id ? alice.userId : bob.userId);
      expect(asAdmin.body).not.toHaveProperty("deliveryOtp");
      expect(asAdmin.body).not.toHaveProperty("pickupCode");
    }

    // Strangers: the other customer, the other owner, the other rider, a rider with no order, and ids that do not exist.
    const unassigned = identityOf("usr_prt_three", ["partner"]);
    const ownerAsCustomer = identityOf(owner2.userId, ["customer"]);
    for (const [who, id] of [
      [bob, oA.$id],
      [alice, oB.$id],
      [owner2, oA.$id],
      [owner1, oB.$id],
      [rider2, oA.$id],
      [rider1, oB.$id],
      [unassigned, oA.$id],
      [ownerAsCustomer, oB.$id],
      [alice, "ord_does_not_exist"],
      [admin, "ord_does_not_exist"],
    ] as const) {
      expectProblem(await getAs(who, id), 404, "not_found");
    }
  });

  it("picks the view by relationship for a user with several roles, and ends access when a label is revoked", async () => {
    const w = await world();
    // The owner orders from their own kitchen: as the order's customer they get the customer view.
    const own = await fx.order({ customerId: owner1.userId, restaurant: w.r1, status: "placed", placedAt: at(0) });
    const r = await getAs(identityOf(owner1.userId, ["restaurant", "admin"]), own.$id);
    expect(r.status).toBe(200);
    expect(r.body.deliveryOtp).toBe(deliveryOtpFor(DEV_CODES_SECRET, own.$id));
    expect(r.body).not.toHaveProperty("pickupCode");

    // An admin who is the assigned rider reads it as the rider (pickup code, no customer id).
    const riding = await fx.order({ customerId: alice.userId, restaurant: w.r2, partner: w.p1, status: "ready", placedAt: at(1) });
    const riderAdmin = await getAs(identityOf(rider1.userId, ["partner", "admin"]), riding.$id);
    expect(riderAdmin.body).toMatchObject({ pickupCode: riding.pickup_code });
    expect(riderAdmin.body).not.toHaveProperty("customerId");

    // The owner without the restaurant label, or the rider without the partner label, is a stranger.
    expectProblem(await getAs(identityOf(owner2.userId, ["customer"]), riding.$id), 404, "not_found");
    expectProblem(await getAs(identityOf(rider1.userId, ["customer"]), riding.$id), 404, "not_found");
  });

  it("answers 401 to an anonymous caller", async () => {
    expectProblem(await callFunction(stack, getOrderRoute, { params: { id: "ord_x" } }), 401, "unauthenticated");
  });
});

describe("the Order view", () => {
  it("shows one timeline entry per status change, in order, from placedAt; the partner masked; review once delivered", async () => {
    const w = await world();
    const o = await fx.order({ customerId: alice.userId, restaurant: w.r1, partner: w.p1, status: "delivered", paymentMethod: "online", placedAt: at(0) });
    const r = await getAs(alice, o.$id);
    expect(r.status).toBe(200);
    const v = r.body;
    // payment_authorized and partner_assigned leave the status alone, so they add no entries.
    expect(v.timeline.map((e) => e.status)).toEqual(["awaiting_payment", "placed", "accepted", "preparing", "ready", "picked_up", "delivered"]);
    expect(v.timeline[0]!.at).toBe(at(0).toISOString());
    expect(v.placedAt).toBe(at(0).toISOString());
    const times = v.timeline.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(v.timeline.at(-1)!.at).toBe(v.deliveredAt);

    expect(v).toMatchObject({
      orderNumber: o.order_number,
      paymentMethod: "online",
      paymentStatus: "captured",
      dispatchState: "delivered",
      restaurant: { id: w.r1.$id, name: "Meghana Foods", location: { lat: w.r1.lat, lng: w.r1.lng } },
      partner: { name: "Rider 1", phoneMasked: "+91******3201", vehicle: { type: "scooter", number: "KA01AB1001" }, rating: 4.6 },
      deliveryAddress: { label: "home", text: "Flat 4B, Prestige Tower, HSR Layout, Bengaluru 560102", location: { lat: 12.9121, lng: 77.6446 }, instructions: "Ring twice" },
      prepTimeMinutes: 20,
      etaAt: null,
      discount: null,
      cancellation: null,
      canCancel: false,
      canReview: true,
    });
    expect(v.items.map((l) => [l.quantity, l.name, l.totalPaise])).toEqual([
      [2, "Chicken Biryani", 56_000],
      [1, "Raita", 4_000],
    ]);
    const a = v.amounts;
    expect(a.itemsPaise).toBe(60_000);
    expect(a.itemsPaise + a.fees.packagingPaise + a.fees.deliveryPaise + a.fees.surgePaise + a.fees.platformPaise + a.taxes.gstFoodPaise + a.taxes.gstFeesPaise + a.tipPaise - a.discountPaise).toBe(a.totalPaise);
    expect(a.totalPaise).toBe(o.total_paise);

    // Nobody but the customer may review, and only once.
    expect((await getAs(admin, o.$id)).body.canReview).toBe(false);
    await fx.review(o);
    expect((await getAs(alice, o.$id)).body.canReview).toBe(false);
  });

  it("says who may cancel a placed order, leaves the partner out of the kitchen's view until one is assigned, shows the coupon", async () => {
    const w = await world();
    const o = await fx.order({ customerId: alice.userId, restaurant: w.r1, status: "placed", placedAt: at(0), couponCode: "WELCOME50", discountPaise: 5_000 });
    const customer = (await getAs(alice, o.$id)).body;
    expect(customer).toMatchObject({ canCancel: true, partner: null, discount: { couponCode: "WELCOME50", amountPaise: 5_000 }, acceptedAt: null, prepTimeMinutes: null });
    expect(customer.amounts.discountPaise).toBe(5_000);
    expect(customer.timeline).toEqual([{ status: "placed", at: at(0).toISOString() }]);
    const kitchen = (await getAs(owner1, o.$id)).body;
    expect(kitchen.canCancel).toBe(true); // a placed order is declined by rejecting it
    expect(kitchen).not.toHaveProperty("partner");
    expect((await getAs(admin, o.$id)).body).toMatchObject({ canCancel: true, partner: null });

    // Once the food is ready the customer can no longer cancel; the kitchen (before pickup) and admins still can.
    const ready = await fx.order({ customerId: alice.userId, restaurant: w.r1, partner: w.p2, status: "ready", placedAt: at(1) });
    expect((await getAs(alice, ready.$id)).body.canCancel).toBe(false);
    expect((await getAs(owner1, ready.$id)).body).toMatchObject({ canCancel: true, partner: { name: "Rider 2" } });
    expect((await getAs(rider2, ready.$id)).body.canCancel).toBe(false);
    expect((await getAs(admin, ready.$id)).body.canCancel).toBe(true);
  });

  it("shows a cancellation with who, why and when", async () => {
    const w = await world();
    const o = await fx.order({ customerId: alice.userId, restaurant: w.r1, status: "cancelled", placedAt: at(0) });
    const v = (await getAs(alice, o.$id)).body;
    expect(v.cancellation).toEqual({ by: "customer", reasonCode: "changed_mind", note: null, at: new Date(Date.parse(o.cancelled_at!)).toISOString() });
    expect(v.timeline.map((e) => e.status)).toEqual(["placed", "cancelled"]);
    expect(v).toMatchObject({ canCancel: false, canReview: false });
    const rejected = await fx.order({ customerId: alice.userId, restaurant: w.r1, status: "rejected", placedAt: at(1) });
    expect((await getAs(owner1, rejected.$id)).body.cancellation).toMatchObject({ by: "restaurant", reasonCode: "restaurant_rejected" });
  });
});

describe("orders-list", () => {
  it("lists only the caller's orders, newest first, across pages without repeats, as summaries", async () => {
    const w = await world();
    const mine: OrderRow[] = [];
    // Two placed in the same millisecond: the id breaks the tie, and paging must neither repeat nor skip one.
    for (const [i, status, minutes] of [
      [0, "delivered", 0],
      [1, "cancelled", 10],
      [2, "placed", 20],
      [3, "accepted", 20],
      [4, "picked_up", 30],
    ] as const) {
      mine.push(await fx.order({ customerId: alice.userId, restaurant: i % 2 ? w.r2 : w.r1, partner: w.p1, status, placedAt: at(minutes) }));
    }
    await fx.order({ customerId: bob.userId, restaurant: w.r1, status: "placed", placedAt: at(25) });
    const expected = [...mine].sort((a, b) => Date.parse(b.placed_at) - Date.parse(a.placed_at) || (a.$id < b.$id ? 1 : -1)).map((o) => o.$id);

    const { pages, items } = await allPages<z.infer<typeof OrderSummary>>(listOrdersRoute, alice, { limit: 2 });
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(items.map((i) => i.id)).toEqual(expected);

    const first = items.find((i) => i.id === mine[0]!.$id)!;
    expect(first).toEqual({
      id: mine[0]!.$id,
      orderNumber: mine[0]!.order_number,
      status: "delivered",
      paymentStatus: "cod_collected",
      restaurant: { id: w.r1.$id, name: "Meghana Foods", imageUrl: w.r1.logo_url },
      itemCount: 3,
      itemsPreview: "2 × Chicken Biryani, 1 × Raita",
      totalPaise: mine[0]!.total_paise,
      placedAt: at(0).toISOString(),
      deliveredAt: new Date(Date.parse(mine[0]!.delivered_at!)).toISOString(),
    });

    const bobs = await call(listOrdersRoute, bob);
    expect((bobs.body as Page<{ id: string }>).items).toHaveLength(1);
    expect((await call(listOrdersRoute, identityOf("usr_cus_new", []))).body).toEqual({ items: [], nextCursor: null });
  });

  it("filters active and past orders, and keeps a long order's preview short", async () => {
    const w = await world();
    const statuses = ["awaiting_payment", "placed", "ready", "delivered", "cancelled", "rejected"] as const;
    const rows = new Map<string, OrderRow>();
    for (const [i, status] of statuses.entries()) {
      const row = await fx.order({ customerId: alice.userId, restaurant: w.r1, status, paymentMethod: status === "awaiting_payment" ? "online" : "cod", placedAt: at(i) });
      rows.set(status, row);
    }
    const statusOf = async (state: string) => (await allPages<{ status: string }>(listOrdersRoute, alice, { state, limit: 4 })).items.map((i) => i.status);
    expect(await statusOf("active")).toEqual(["ready", "placed", "awaiting_payment"]);
    expect(await statusOf("past")).toEqual(["rejected", "cancelled", "delivered"]);

    const lines = ["Ghee Rice", "Chicken 65", "Paneer Tikka", "Gobi Manchurian", "Veg Fried Rice"].map((name, i) => ({ name, quantity: i + 1, unitPaise: 10_000 }));
    await fx.order({ customerId: bob.userId, restaurant: w.r1, status: "placed", placedAt: at(9), lines: [...lines.slice(0, 1).map((l) => ({ ...l, variantName: "Full" })), ...lines.slice(1)] });
    const [summary] = ((await call(listOrdersRoute, bob)).body as Page<z.infer<typeof OrderSummary>>).items;
    expect(summary).toMatchObject({ itemCount: 15, itemsPreview: "1 × Ghee Rice (Full), 2 × Chicken 65, 3 × Paneer Tikka, +2 more" });
  });

  it("refuses a malformed cursor or one made for another list (400)", async () => {
    expectProblem(await call(listOrdersRoute, alice, { query: { cursor: "not-a-cursor" } }), 400);
    const w = await world();
    for (let i = 0; i < 3; i++) await fx.order({ customerId: alice.userId, restaurant: w.r1, status: "placed", placedAt: at(i) });
    const adminPage = (await call(adminOrdersRoute, admin, { query: { limit: 1 } })).body as Page<unknown>;
    expect(adminPage.nextCursor).toBeTruthy();
    expectProblem(await call(listOrdersRoute, alice, { query: { cursor: adminPage.nextCursor! } }), 400);
    expectProblem(await call(listOrdersRoute, alice, { query: { state: "later" } }), 400, "validation_failed");
  });
});

describe("restaurant-orders-list", () => {
  it("is the kitchen's live queue: placed to ready, oldest first, in the restaurant view, paged", async () => {
    const w = await world();
    const o = {
      delivered: await fx.order({ customerId: alice.userId, restaurant: w.r1, partner: w.p1, status: "delivered", placedAt: at(0) }),
      accepted: await fx.order({ customerId: bob.userId, restaurant: w.r1, status: "accepted", placedAt: at(10) }),
      ready: await fx.order({ customerId: alice.userId, restaurant: w.r1, partner: w.p2, status: "ready", placedAt: at(20) }),
      preparing: await fx.order({ customerId: alice.userId, restaurant: w.r1, status: "preparing", placedAt: at(25) }),
      placed: await fx.order({ customerId: bob.userId, restaurant: w.r1, status: "placed", placedAt: at(30) }),
      unpaid: await fx.order({ customerId: bob.userId, restaurant: w.r1, status: "awaiting_payment", paymentMethod: "online", placedAt: at(35) }),
      cancelled: await fx.order({ customerId: bob.userId, restaurant: w.r1, status: "cancelled", placedAt: at(40) }),
      elsewhere: await fx.order({ customerId: alice.userId, restaurant: w.r2, status: "placed", placedAt: at(15) }),
    };
    const { pages, items } = await allPages<OrderBody>(restaurantOrdersRoute, owner1, { limit: 3 });
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(items.map((i) => i.id)).toEqual([o.accepted.$id, o.ready.$id, o.preparing.$id, o.placed.$id]);
    for (const item of items) {
      const row = Object.values(o).find((r) => r.$id === item.id)!;
      expect(item).toMatchObject({ pickupCode: row.pickup_code, customerId: row.customer_id, restaurant: { id: w.r1.$id } });
      expect(item).not.toHaveProperty("deliveryOtp");
    }
    expect(items.find((i) => i.id === o.ready.$id)).toMatchObject({ partner: { name: "Rider 2" } });
    expect(items.find((i) => i.id === o.placed.$id)).not.toHaveProperty("partner");

    // A single status; a finished one is history, newest first.
    const placed = await call(restaurantOrdersRoute, owner1, { query: { status: "placed" } });
    expect((placed.body as Page<OrderBody>).items.map((i) => i.id)).toEqual([o.placed.$id]);
    const history = await call(restaurantOrdersRoute, owner1, { query: { status: "delivered" } });
    expect((history.body as Page<OrderBody>).items.map((i) => i.id)).toEqual([o.delivered.$id]);

    // The other owner sees only their own restaurant's queue.
    const other = await call(restaurantOrdersRoute, owner2);
    expect((other.body as Page<OrderBody>).items.map((i) => i.id)).toEqual([o.elsewhere.$id]);
  });

  it("answers 404 for another owner's restaurant or an owner with none, and 400 when an owner of several does not say which", async () => {
    const w = await world();
    await fx.order({ customerId: alice.userId, restaurant: w.r2, status: "placed", placedAt: at(0) });
    expectProblem(await call(restaurantOrdersRoute, owner1, { query: { restaurantId: w.r2.$id } }), 404, "not_found");
    expectProblem(await call(restaurantOrdersRoute, identityOf("usr_own_none", ["restaurant"])), 404, "not_found");

    const second = await fx.restaurant(3, owner1.userId, "Meghana Foods Koramangala");
    const late = await fx.order({ customerId: bob.userId, restaurant: second, status: "placed", placedAt: at(5) });
    expectProblem(await call(restaurantOrdersRoute, owner1), 400, "validation_failed");
    const picked = await call(restaurantOrdersRoute, owner1, { query: { restaurantId: second.$id } });
    expect((picked.body as Page<OrderBody>).items.map((i) => i.id)).toEqual([late.$id]);

    expectProblem(await call(restaurantOrdersRoute, alice), 403, "forbidden");
  });
});

describe("admin-orders-list", () => {
  it("lists every order newest first and narrows by status, payment, restaurant, customer, partner and IST day", async () => {
    const w = await world();
    // 23:59 IST on 25 Nov and 00:01 IST on 26 Nov: the same UTC day, different business days.
    const lateNight = await fx.order({ customerId: alice.userId, restaurant: w.r1, partner: w.p1, status: "delivered", placedAt: new Date("2026-11-25T18:29:00.000Z") });
    const earlyMorning = await fx.order({ customerId: bob.userId, restaurant: w.r2, partner: w.p2, status: "picked_up", paymentMethod: "online", placedAt: new Date("2026-11-25T18:31:00.000Z") });
    const later = await fx.order({ customerId: alice.userId, restaurant: w.r2, status: "cancelled", placedAt: new Date("2026-11-27T10:00:00.000Z") });

    const ids = async (query: Record<string, string | number>) => {
      const r = await call(adminOrdersRoute, admin, { query });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body as Page<z.infer<typeof AdminOrderRow>>).items.map((i) => i.id);
    };
    expect(await ids({})).toEqual([later.$id, earlyMorning.$id, lateNight.$id]);
    expect((await allPages<{ id: string }>(adminOrdersRoute, admin, { limit: 1 })).items.map((i) => i.id)).toEqual([later.$id, earlyMorning.$id, lateNight.$id]);
    expect(await ids({ status: "delivered" })).toEqual([lateNight.$id]);
    expect(await ids({ paymentStatus: "captured" })).toEqual([earlyMorning.$id]);
    expect(await ids({ restaurantId: w.r2.$id })).toEqual([later.$id, earlyMorning.$id]);
    expect(await ids({ customerId: alice.userId })).toEqual([later.$id, lateNight.$id]);
    expect(await ids({ partnerId: w.p1.$id })).toEqual([lateNight.$id]);
    expect(await ids({ from: "2026-11-26", to: "2026-11-26" })).toEqual([earlyMorning.$id]);
    expect(await ids({ to: "2026-11-25" })).toEqual([lateNight.$id]);
    expect(await ids({ from: "2026-11-26" })).toEqual([later.$id, earlyMorning.$id]);
    expect(await ids({ customerId: alice.userId, from: "2026-11-26", to: "2026-11-27" })).toEqual([later.$id]);

    const [row] = ((await call(adminOrdersRoute, admin, { query: { partnerId: w.p2.$id } })).body as Page<z.infer<typeof AdminOrderRow>>).items;
    expect(row).toMatchObject({
      id: earlyMorning.$id,
      orderNumber: earlyMorning.order_number,
      status: "picked_up",
      paymentStatus: "captured",
      paymentMethod: "online",
      restaurantId: w.r2.$id,
      restaurantName: "Empire Restaurant",
      customerId: bob.userId,
      partnerId: w.p2.$id,
      totalPaise: earlyMorning.total_paise,
      refundedPaise: 0,
      razorpayOrderId: null,
      placedAt: "2026-11-25T18:31:00.000Z",
    });
  });

  it("is for admins only and refuses a backwards date range", async () => {
    for (const identity of [alice, owner1, rider1]) expectProblem(await call(adminOrdersRoute, identity), 403, "forbidden");
    expectProblem(await call(adminOrdersRoute, admin, { query: { from: "2026-11-27", to: "2026-11-26" } }), 400, "validation_failed");
  });
});

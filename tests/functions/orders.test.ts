// Placing and running orders through the real functions on the devstack: the COD and online happy paths, the
// idempotency and race scorecard items (R1, R2, R8 of the reliability note) and the restaurant's side (accept,
// reject, ready, the acceptance deadline), with every amount checked against the ledger.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Query } from "node-appwrite";
import { cancelOrderRoute, type Order } from "@chizze/contracts/api/orders";
import { acceptOrderRoute, readyOrderRoute, rejectOrderRoute } from "@chizze/contracts/api/restaurant";
import { balances, orderIdFor, orderNumberFromId } from "@chizze/core";
import type { LedgerAccount } from "@chizze/schema/enums";
import { applyOrderEvent } from "@chizze/services/orders/transition";
import type { z } from "zod";
import { ledgerOf } from "../support/ledger";
import { serviceDeps } from "../support/deps";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, runSchedule } from "../support/functions";
import { place, placeAsAppWould, quote, seedOrderWorld, tallyAnswers, type OrderWorld, type PlaceBody } from "../support/order-world";
import { deliverPendingWebhooks } from "../support/razorpay";

let stack: TestStack;
let world: OrderWorld;

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => {
  await stack.reset();
  world = await seedOrderWorld(stack);
}, 60_000);

type OrderView = z.infer<typeof Order>;
/** Amounts add up: lines = items, and total = items + fees + taxes + tip − discount. */
function expectAmountsAddUp(o: OrderView): void {
  const a = o.amounts;
  expect(o.items.reduce((s, l) => s + l.totalPaise, 0)).toBe(a.itemsPaise);
  const fees = a.fees.packagingPaise + a.fees.deliveryPaise + a.fees.surgePaise + a.fees.platformPaise;
  expect(a.itemsPaise + fees + a.taxes.gstFoodPaise + a.taxes.gstFeesPaise + a.tipPaise - a.discountPaise).toBe(a.totalPaise);
}

/** Assign a partner and run pickup → delivery through the order machine (the delivery functions are issue 6). */
async function deliver(orderId: string): Promise<void> {
  const deps = serviceDeps(stack);
  const partner = world.city.rows.delivery_partners[0]!;
  await world.db.orders.update(orderId, { delivery_partner_id: partner.$id, dispatch_state: "assigned" });
  await applyOrderEvent(deps, orderId, { event: "partner_pickup", actor: { type: "partner", id: partner.user_id } });
  await applyOrderEvent(deps, orderId, { event: "partner_deliver", actor: { type: "partner", id: partner.user_id } });
}

describe("cash on delivery", () => {
  it("runs quote → place → accept → ready → delivered, and the ledger settles every paisa", async () => {
    const alice = await world.customer(1);
    const q = await quote(stack, world, alice, { items: [{ itemId: world.dishes[0]!.id, quantity: 2 }, { itemId: world.dishes[1]!.id, quantity: 1 }], tipPaise: 2_000 });
    const placed = await place(stack, alice.identity, q.body.quoteId, "cod-happy-1");
    expect(placed.status).toBe(201);
    const body = placed.body as PlaceBody;
    expect(body.payment).toBeNull();
    expect(body.order).toMatchObject({ status: "placed", paymentMethod: "cod", paymentStatus: "cod_pending" });
    expect(body.order.amounts.totalPaise).toBe(q.body.totalPaise);
    expect(body.order.deliveryOtp).toMatch(/^\d{4}$/);
    expectAmountsAddUp(body.order);
    const orderId = body.order.id;

    const accepted = await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: orderId }, body: { prepTimeMinutes: 20 } });
    expect(accepted.status).toBe(200);
    expect((accepted.body as { order: OrderView }).order).toMatchObject({ status: "accepted", prepTimeMinutes: 20 });
    expect((accepted.body as { order: OrderView }).order.etaAt).not.toBeNull();
    // The tablet retries the same tap: same answer, no 409.
    expect((await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: orderId }, body: { prepTimeMinutes: 20 } })).status).toBe(200);

    const ready = await callFunction(stack, readyOrderRoute, { identity: world.owner, params: { id: orderId }, body: {} });
    expect((ready.body as { order: OrderView }).order.status).toBe("ready");
    await deliver(orderId);

    const row = await world.db.orders.get(orderId);
    expect(row).toMatchObject({ status: "delivered", payment_status: "cod_collected", version: 5 });
    const events = (await world.db.order_events.list([Query.equal("order_id", orderId), Query.orderAsc("seq")])).rows;
    expect(events.map((e) => e.to_status)).toEqual(["placed", "accepted", "ready", "picked_up", "delivered"]);

    const txns = await ledgerOf(world.db, orderId);
    expect(txns.map((t) => t.txnId.split(":")[0]).sort()).toEqual(["cod", "settle"]);
    const bal = balances(txns);
    expect(bal.get("customer") ?? 0).toBe(0); // everything the customer paid was distributed
    const partner = world.city.rows.delivery_partners[0]!;
    expect(bal.get(`cod_cash:${partner.$id}` as LedgerAccount)).toBe(q.body.totalPaise); // the rider holds the cash
  });
});

describe("online payment", () => {
  it("gets a Razorpay order, becomes placed only when the capture webhook lands, then settles", async () => {
    const bob = await world.customer(2);
    const q = await quote(stack, world, bob, { paymentMethod: "online", tipPaise: 3_000 });
    const placed = await place(stack, bob.identity, q.body.quoteId, "online-happy-1");
    expect(placed.status).toBe(201);
    const body = placed.body as PlaceBody;
    expect(body.order).toMatchObject({ status: "awaiting_payment", paymentStatus: "pending" });
    expect(body.payment).toMatchObject({ amountPaise: q.body.totalPaise, currency: "INR", keyId: stack.razorpay.keyId });
    const rzpOrderId = body.payment!.razorpayOrderId;
    expect(stack.razorpay.state.orders.get(rzpOrderId)?.receipt).toBe(body.order.id);

    // Not paid yet: the kitchen cannot accept it (I4).
    expect((await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: body.order.id }, body: { prepTimeMinutes: 15 } })).status).toBe(409);

    stack.razorpay.checkout.pay(rzpOrderId);
    const deliveries = await deliverPendingWebhooks(stack);
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    expect(await world.db.orders.get(body.order.id)).toMatchObject({ status: "placed", payment_status: "captured" });

    expect((await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: body.order.id }, body: { prepTimeMinutes: 15 } })).status).toBe(200);
    expect((await callFunction(stack, readyOrderRoute, { identity: world.owner, params: { id: body.order.id }, body: {} })).status).toBe(200);
    await deliver(body.order.id);

    const txns = await ledgerOf(world.db, body.order.id);
    expect(txns.map((t) => t.txnId.split(":")[0]).sort()).toEqual(["capture", "settle"]);
    const bal = balances(txns);
    expect(bal.get("customer") ?? 0).toBe(0);
    expect(bal.get("razorpay_clearing")).toBe(q.body.totalPaise);
  });
});

describe("idempotent placement (R1, R2)", () => {
  it("R1: 200 concurrent identical POST /orders make exactly one order and one Razorpay order", async () => {
    const c = await world.customer(3);
    const q = await quote(stack, world, c, { paymentMethod: "online" });
    const rzpBefore = stack.razorpay.state.orders.size;
    const results = await Promise.all(Array.from({ length: 200 }, () => place(stack, c.identity, q.body.quoteId, "same-key-200")));
    const created = results.filter((r) => r.status === 201);
    const inFlight = results.filter((r) => r.status === 409);
    expect(created.length + inFlight.length).toBe(200);
    const ids = new Set(created.map((r) => (r.body as PlaceBody).order.id));
    expect(ids.size).toBe(1);
    expect((await world.db.orders.list([Query.equal("customer_id", c.identity.userId)])).rows).toHaveLength(1);
    expect(stack.razorpay.state.orders.size - rzpBefore).toBe(1);
    // A later retry replays the first answer (201, same body).
    const again = await place(stack, c.identity, q.body.quoteId, "same-key-200");
    expect(again.status).toBe(201);
    expect((again.body as PlaceBody).order.id).toBe([...ids][0]);
  });

  it("R2: key misuse is refused and never replays another user's answer", async () => {
    const a = await world.customer(4);
    const b = await world.customer(5);
    const qa = await quote(stack, world, a);
    const qa2 = await quote(stack, world, a, { items: [{ itemId: world.dishes[1]!.id, quantity: 1 }] });
    expect((await place(stack, a.identity, qa.body.quoteId, "k-misuse-1")).status).toBe(201);
    const reused = await place(stack, a.identity, qa2.body.quoteId, "k-misuse-1");
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: "idempotency_key_reused" });
    // Same key, another user: an independent request (their own quote → their own order).
    const qb = await quote(stack, world, b);
    const other = await place(stack, b.identity, qb.body.quoteId, "k-misuse-1");
    expect(other.status).toBe(201);
    expect((other.body as PlaceBody).order.id).not.toBe(((await place(stack, a.identity, qa.body.quoteId, "k-misuse-1")).body as PlaceBody).order.id);
    // Another user's quote id → 404, nothing written.
    expect((await place(stack, b.identity, qa2.body.quoteId, "k-misuse-2")).status).toBe(404);
    expect((await place(stack, a.identity, qa2.body.quoteId, null)).status).toBe(400);
    expect((await place(stack, a.identity, qa2.body.quoteId, "x".repeat(256))).status).toBe(400);
    expect((await world.db.orders.list([Query.equal("customer_id", a.identity.userId)])).rows).toHaveLength(1);
  });

  it("R3: a retry after a lost reply converges on the same order even when Redis lost the claim", async () => {
    const c = await world.customer(13);
    const q = await quote(stack, world, c, { paymentMethod: "online" });
    const first = await place(stack, c.identity, q.body.quoteId, "lost-reply-1");
    expect(first.status).toBe(201);
    // The reply never reached the phone, and Redis failed over without the claim (Upstash replicates asynchronously).
    await fetch(`${stack.upstash.url}/`, { method: "POST", headers: { authorization: `Bearer ${stack.upstash.token}`, "content-type": "application/json" }, body: JSON.stringify(["flushall"]) });
    const rzpBefore = stack.razorpay.state.orders.size;
    const retry = await place(stack, c.identity, q.body.quoteId, "lost-reply-1");
    expect(retry.status).toBe(201);
    expect((retry.body as PlaceBody).order.id).toBe((first.body as PlaceBody).order.id);
    expect((retry.body as PlaceBody).payment?.razorpayOrderId).toBe((first.body as PlaceBody).payment?.razorpayOrderId);
    expect(stack.razorpay.state.orders.size).toBe(rzpBefore);
  });

  it("one quote, ten keys at once → one order (orders.quote_id is unique)", async () => {
    const c = await world.customer(14);
    const q = await quote(stack, world, c);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => place(stack, c.identity, q.body.quoteId, `many-keys-${i}`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409)).toBe(true);
    expect((await world.db.orders.list([Query.equal("quote_id", q.body.quoteId)])).rows).toHaveLength(1);
  });

  it("an order-number collision is retried with the next number, not refused", async () => {
    const c = await world.customer(15);
    const first = (await place(stack, c.identity, (await quote(stack, world, c)).body.quoteId, "number-1")).body as PlaceBody;
    // Give the first order the number the second would get first.
    const taken = orderNumberFromId(orderIdFor(c.identity.userId, "number-2"), new Date());
    await world.db.orders.update(first.order.id, { order_number: taken });
    const second = await place(stack, c.identity, (await quote(stack, world, c)).body.quoteId, "number-2");
    expect(second.status).toBe(201);
    expect((second.body as PlaceBody).order.orderNumber).not.toBe(taken);
  });

  it("refuses an expired quote (422) and a used one (409)", async () => {
    const a = await world.customer(6);
    const q = await quote(stack, world, a);
    await world.db.quotes.update(q.body.quoteId, { expires_at: new Date(Date.now() - 1000).toISOString() });
    const expired = await place(stack, a.identity, q.body.quoteId, "expired-1");
    expect(expired.status).toBe(422);
    expect(expired.body).toMatchObject({ code: "quote_expired" });
    const q2 = await quote(stack, world, a);
    expect((await place(stack, a.identity, q2.body.quoteId, "used-1")).status).toBe(201);
    expect((await place(stack, a.identity, q2.body.quoteId, "used-2")).status).toBe(409);
  });
});

describe("races on stock and coupons (R8)", () => {
  it("stock 5 with 100 buyers → exactly 5 orders, stock 0, never negative", async () => {
    const buyers = await Promise.all(Array.from({ length: 100 }, (_, i) => world.customer(100 + i)));
    const quotes = await Promise.all(buyers.map((b) => quote(stack, world, b, { items: [{ itemId: world.limitedDishId, quantity: 1 }] })));
    const results = await Promise.all(buyers.map((b, i) => placeAsAppWould(stack, b.identity, quotes[i]!.body.quoteId, `stock-${i}`)));
    expect(tallyAnswers(results)).toEqual({ "201": 5, "422 item_unavailable": 95 });
    expect((await world.db.menu_items.get(world.limitedDishId))?.stock).toBe(0);
  });

  it("coupon with a global limit of 10 and 100 users → exactly 10 redemptions", async () => {
    const users = await Promise.all(Array.from({ length: 100 }, (_, i) => world.customer(300 + i)));
    const quotes = await Promise.all(users.map((u) => quote(stack, world, u, { couponCode: world.coupons.limit10 })));
    const results = await Promise.all(users.map((u, i) => placeAsAppWould(stack, u.identity, quotes[i]!.body.quoteId, `cpn-${i}`)));
    expect(tallyAnswers(results)).toEqual({ "201": 10, "422 coupon_invalid": 90 });
    expect((await world.db.coupons.get("cpn_limit10"))?.used_count).toBe(10);
    expect((await world.db.coupon_redemptions.list([Query.equal("coupon_id", "cpn_limit10")], { limit: 100 })).rows).toHaveLength(10);
  });

  it("per-user limit 1 with 20 parallel orders from one user → exactly 1", async () => {
    const u = await world.customer(500);
    const quotes = await Promise.all(Array.from({ length: 20 }, () => quote(stack, world, u, { couponCode: world.coupons.once })));
    const results = await Promise.all(quotes.map((q, i) => placeAsAppWould(stack, u.identity, q.body.quoteId, `once-${i}`)));
    expect(tallyAnswers(results)["201"]).toBe(1);
    expect((await world.db.coupons.get("cpn_once"))?.used_count).toBe(1);
  });
});

describe("the restaurant's side", () => {
  it("reject puts stock and the coupon back exactly once; another owner gets 404", async () => {
    const c = await world.customer(7);
    const q = await quote(stack, world, c, { items: [{ itemId: world.limitedDishId, quantity: 2 }], couponCode: world.coupons.limit10 });
    const placed = (await place(stack, c.identity, q.body.quoteId, "rej-1")).body as PlaceBody;
    expect((await world.db.menu_items.get(world.limitedDishId))?.stock).toBe(3);
    const stranger = identityOf("usr_own_99999", ["restaurant"]);
    expect((await callFunction(stack, rejectOrderRoute, { identity: stranger, params: { id: placed.order.id }, body: { reasonCode: "too_busy" } })).status).toBe(404);
    const rejections = await Promise.all(
      Array.from({ length: 5 }, () => callFunction(stack, rejectOrderRoute, { identity: world.owner, params: { id: placed.order.id }, body: { reasonCode: "too_busy" } })),
    );
    expect(rejections.every((r) => r.status === 200)).toBe(true);
    expect((rejections[0]!.body as { order: OrderView }).order).toMatchObject({ status: "rejected", cancellation: { by: "restaurant", reasonCode: "restaurant_rejected" } });
    expect((await world.db.menu_items.get(world.limitedDishId))?.stock).toBe(5);
    expect((await world.db.coupons.get("cpn_limit10"))?.used_count).toBe(0);
    const events = (await world.db.order_events.list([Query.equal("order_id", placed.order.id)])).rows;
    expect(events.map((e) => e.to_status).sort()).toEqual(["placed", "rejected"]);
  });

  it("ready checks the partner's pickup code when given", async () => {
    const c = await world.customer(8);
    const q = await quote(stack, world, c);
    const placed = (await place(stack, c.identity, q.body.quoteId, "ready-1")).body as PlaceBody;
    await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: placed.order.id }, body: { prepTimeMinutes: 10 } });
    const row = await world.db.orders.get(placed.order.id);
    const wrong = row!.pickup_code === "0000" ? "1111" : "0000";
    expect((await callFunction(stack, readyOrderRoute, { identity: world.owner, params: { id: placed.order.id }, body: { pickupCode: wrong } })).status).toBe(422);
    expect((await callFunction(stack, readyOrderRoute, { identity: world.owner, params: { id: placed.order.id }, body: { pickupCode: row!.pickup_code! } })).status).toBe(200);
  });

  it("an order not accepted by its deadline is auto-rejected by the schedule, stock released", async () => {
    const c = await world.customer(9);
    const q = await quote(stack, world, c, { items: [{ itemId: world.limitedDishId, quantity: 1 }] });
    const placed = (await place(stack, c.identity, q.body.quoteId, "deadline-1")).body as PlaceBody;
    await world.db.orders.update(placed.order.id, { accept_deadline_at: new Date(Date.now() - 1_000).toISOString() });
    const run = await runSchedule(stack, "orders-accept-deadline");
    expect(run.errors).toBe("");
    expect(run.logs).toContain('"timedOut":1');
    expect(await world.db.orders.get(placed.order.id)).toMatchObject({ status: "rejected", cancel_reason: "accept_timeout", cancelled_by: "system" });
    expect((await world.db.menu_items.get(world.limitedDishId))?.stock).toBe(5);
    // A second run finds nothing to do.
    expect((await runSchedule(stack, "orders-accept-deadline")).logs).toContain('"timedOut":0');
    expect((await world.db.order_events.list([Query.equal("order_id", placed.order.id)])).rows).toHaveLength(2);
  });
});

describe("cancellation", () => {
  it("a customer cancels before acceptance; a second cancel answers with the same cancelled order", async () => {
    const c = await world.customer(10);
    const q = await quote(stack, world, c);
    const placed = (await place(stack, c.identity, q.body.quoteId, "cancel-1")).body as PlaceBody;
    const other = await world.customer(11);
    expect((await callFunction(stack, cancelOrderRoute, { identity: other.identity, params: { id: placed.order.id }, body: { reasonCode: "changed_mind" }, headers: { "idempotency-key": "c1" } })).status).toBe(404);
    const r = await callFunction(stack, cancelOrderRoute, { identity: c.identity, params: { id: placed.order.id }, body: { reasonCode: "changed_mind" }, headers: { "idempotency-key": "c1" } });
    expect(r.status).toBe(200);
    expect((r.body as { order: OrderView; refund: unknown }).order).toMatchObject({ status: "cancelled", cancellation: { by: "customer", reasonCode: "changed_mind" } });
    expect((r.body as { refund: unknown }).refund).toBeNull(); // COD: nothing was charged
    expect((await callFunction(stack, cancelOrderRoute, { identity: c.identity, params: { id: placed.order.id }, body: { reasonCode: "changed_mind" }, headers: { "idempotency-key": "c2" } })).status).toBe(200);
  });

  it("a customer cannot cancel once the food is ready (409)", async () => {
    const c = await world.customer(12);
    const q = await quote(stack, world, c);
    const placed = (await place(stack, c.identity, q.body.quoteId, "cancel-2")).body as PlaceBody;
    await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: placed.order.id }, body: { prepTimeMinutes: 10 } });
    await callFunction(stack, readyOrderRoute, { identity: world.owner, params: { id: placed.order.id }, body: {} });
    const r = await callFunction(stack, cancelOrderRoute, { identity: c.identity, params: { id: placed.order.id }, body: { reasonCode: "changed_mind" }, headers: { "idempotency-key": "c3" } });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: "illegal_transition" });
  });
});

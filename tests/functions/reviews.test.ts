// Reviews through the real functions (bundled, run by the devstack runner, called as the edge calls them):
// POST /orders/{id}/review (orders-review) once per delivered order of the caller, and the reviews-aggregate event
// function that counts each review into its restaurant's and partner's rating exactly once — under concurrent
// reviews, duplicated event deliveries and hand-fired replays — plus its recompute (repair) request. Delivered
// orders are written straight into the database by tests/support/order-fixtures.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TablesDB } from "node-appwrite";
import { getOrderRoute, reviewOrderRoute, type Review } from "@chizze/contracts/api/orders";
import { DATABASE_ID } from "@chizze/schema";
import { createRedis, type Redis } from "@chizze/platform/redis/client";
import { tagVersionKey } from "@chizze/platform/redis/cache-tags";
import { reviewIdFor } from "@chizze/services/reviews/create";
import type { Identity } from "@chizze/platform/identity";
import type { z } from "zod";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, deliverRowEvent, handFire as handFireFn, identityOf, type CallResult } from "../support/functions";
import { orderFixtures, type OrderFixtures, type OrderRow, type PartnerRow, type RestaurantRow } from "../support/order-fixtures";

type ReviewBody = { review: z.infer<typeof Review> };

let stack: TestStack;
let fx: OrderFixtures;
let redis: Redis;
let tables: TablesDB;

beforeAll(async () => {
  stack = await startTestStack();
  fx = orderFixtures(stack);
  redis = createRedis({ url: stack.upstash.url, token: stack.upstash.token, timeoutMs: 5_000 });
  tables = new TablesDB(stack.admin());
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => stack.reset());

const alice = identityOf("usr_cus_alice", ["customer"]);
const bob = identityOf("usr_cus_bob", ["customer"]);
const owner1 = identityOf("usr_own_one", ["restaurant"]);
const rider1 = identityOf("usr_prt_one", ["partner"]);

/** 2026-11-20 11:30 IST. */
const T0 = Date.UTC(2026, 10, 20, 6, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const idle = () => stack.functions!.runner().idle();
const aggregateRuns = () => stack.functions!.store().listExecutions("reviews-aggregate", 1000, 0).executions;

interface World {
  r1: RestaurantRow;
  p1: PartnerRow;
}

/**
 * One restaurant with no ratings yet and one partner whose stored figures are a real tally (4.5 × 12 = 54 stars);
 * the fixture's own 4.6 × 12 is not a sum of whole stars, which the drift test uses on purpose.
 */
async function world(): Promise<World> {
  const r1 = await fx.restaurant(1, owner1.userId, "Meghana Foods");
  const p1 = await fx.db.delivery_partners.update((await fx.partner(1, rider1.userId)).$id, { rating: 4.5, rating_count: 12 });
  // The fixtures' own row events (catalog-invalidate) finish before the test measures anything.
  await idle();
  return { r1, p1 };
}

async function delivered(w: World, customer: Identity, n: number, opts: { partner?: PartnerRow | null } = {}): Promise<OrderRow> {
  const partner = opts.partner === undefined ? w.p1 : (opts.partner ?? undefined);
  return fx.order({ customerId: customer.userId, restaurant: w.r1, status: "delivered", placedAt: at(n * 10), ...(partner ? { partner } : {}) });
}

async function review(identity: Identity, orderId: string, body: Record<string, unknown>): Promise<CallResult & { body: ReviewBody }> {
  return (await callFunction(stack, reviewOrderRoute, { identity, params: { id: orderId }, body })) as CallResult & { body: ReviewBody };
}

function expectProblem(r: CallResult, status: number, code?: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.contentType).toMatch(/problem\+json/);
  if (code) expect(r.body).toMatchObject({ code });
}

async function figures(w: World): Promise<{ restaurant: [number, number]; partner: [number, number] }> {
  const [r, p] = await Promise.all([fx.db.restaurants.get(w.r1.$id), fx.db.delivery_partners.get(w.p1.$id)]);
  return { restaurant: [r!.rating ?? 0, r!.rating_count ?? 0], partner: [p!.rating ?? 0, p!.rating_count ?? 0] };
}

/** Every event-triggered reviews-aggregate run so far succeeded (a failed run would leave a review uncounted). */
function expectAggregateRunsClean(): void {
  const runs = aggregateRuns().filter((e) => e.trigger === "event");
  expect(runs.length).toBeGreaterThan(0);
  for (const e of runs) expect(e.status, `${e.responseStatusCode} ${e.errors}`).toBe("completed");
  for (const e of runs) expect(e.responseStatusCode, e.errors).toBe(200);
}

const deliverEvent = (row: Record<string, unknown>) => deliverRowEvent(stack, "reviews-aggregate", "reviews", row);
const handFire = (payload: unknown) => handFireFn(stack, "reviews-aggregate", payload);

/** The row JSON as the create event carried it (before the aggregation marked it). */
async function createPayload(reviewId: string): Promise<Record<string, unknown>> {
  const row = (await tables.getRow({ databaseId: DATABASE_ID, tableId: "reviews", rowId: reviewId })) as Record<string, unknown>;
  return { ...row, aggregated_at: null };
}

describe("POST /orders/{id}/review", () => {
  it("reviews a delivered order: 201 {review}, readable by its author only; the event counts it into the restaurant and partner ratings", async () => {
    const w = await world();
    const o = await delivered(w, alice, 1);
    const tag = tagVersionKey(`restaurant:${w.r1.$id}`);
    const tagBefore = Number((await redis.get<number | string>(tag)) ?? 0);

    const r = await review(alice, o.$id, { restaurantRating: 4, deliveryRating: 5, comment: "  Hot and on time  " });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const { createdAt, ...rest } = r.body.review;
    expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(rest).toEqual({
      id: reviewIdFor(o.$id),
      orderId: o.$id,
      restaurantId: w.r1.$id,
      restaurantRating: 4,
      deliveryRating: 5,
      comment: "Hot and on time",
    });
    const row = await tables.getRow({ databaseId: DATABASE_ID, tableId: "reviews", rowId: reviewIdFor(o.$id) });
    expect(row.$permissions).toEqual([`read("user:${alice.userId}")`]);
    expect(row).toMatchObject({ customer_id: alice.userId, delivery_partner_id: w.p1.$id, food_rating: 4, delivery_rating: 5 });

    await idle();
    expect(await figures(w)).toEqual({ restaurant: [4, 1], partner: [(54 + 5) / 13, 13] });
    expect((await fx.db.reviews.get(reviewIdFor(o.$id)))?.aggregated_at).toMatch(/^\d{4}-/);
    expectAggregateRunsClean();
    // The rating change reached the catalog caches once: catalog-invalidate answered the restaurant row update;
    // reviews-aggregate bumps nothing itself.
    expect(Number((await redis.get<number | string>(tag)) ?? 0)).toBe(tagBefore + 1);
    // The order no longer offers a review.
    const view = await callFunction(stack, getOrderRoute, { identity: alice, params: { id: o.$id } });
    expect((view.body as { canReview: boolean }).canReview).toBe(false);
  });

  it("is once per order: a second review is 409 conflict, and two racing submits make one row", async () => {
    const w = await world();
    const o = await delivered(w, alice, 1);
    const racing = await Promise.all([1, 2, 3].map((i) => review(alice, o.$id, { restaurantRating: i + 2 })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of racing.filter((x) => x.status === 409)) expectProblem(r, 409, "conflict");
    expectProblem(await review(alice, o.$id, { restaurantRating: 1 }), 409, "conflict");

    await idle();
    const rows = await fx.db.reviews.list([]);
    expect(rows.rows.map((x) => x.$id)).toEqual([reviewIdFor(o.$id)]);
    const won = racing.find((r) => r.status === 201)!.body.review.restaurantRating;
    expect((await figures(w)).restaurant).toEqual([won, 1]);
  });

  it("refuses an order that is not delivered yet (409 illegal_transition) and writes nothing", async () => {
    const w = await world();
    for (const [n, status] of (["placed", "picked_up", "cancelled"] as const).entries()) {
      const o = await fx.order({ customerId: alice.userId, restaurant: w.r1, partner: w.p1, status, placedAt: at(n * 10) });
      expectProblem(await review(alice, o.$id, { restaurantRating: 5 }), 409, "illegal_transition");
    }
    expect((await fx.db.reviews.list([])).rows).toEqual([]);
  });

  it("answers 404 for another customer's order or an unknown one, 401 without a caller, 400 for a bad rating", async () => {
    const w = await world();
    const o = await delivered(w, alice, 1);
    expectProblem(await review(bob, o.$id, { restaurantRating: 1 }), 404, "not_found");
    expectProblem(await review(alice, "ord_doesnotexist", { restaurantRating: 1 }), 404, "not_found");
    // Every signed-in user is a customer too: the restaurant's owner and the rider are just not this order's customer.
    expectProblem(await review(owner1, o.$id, { restaurantRating: 5 }), 404, "not_found");
    expectProblem(await review(rider1, o.$id, { restaurantRating: 5 }), 404, "not_found");
    expectProblem(await callFunction(stack, reviewOrderRoute, { params: { id: o.$id }, body: { restaurantRating: 5 } }), 401, "unauthenticated");
    expectProblem(await review(alice, o.$id, { restaurantRating: 6 }), 400, "validation_failed");
    expect((await fx.db.reviews.list([])).rows).toEqual([]);
    // The owner's own review still works afterwards.
    expect((await review(alice, o.$id, { restaurantRating: 5 })).status).toBe(201);
  });

  it("keeps no delivery rating for an order without a partner, and leaves partners alone", async () => {
    const w = await world();
    const o = await delivered(w, alice, 1, { partner: null });
    const r = await review(alice, o.$id, { restaurantRating: 3, deliveryRating: 1 });
    expect(r.status).toBe(201);
    expect(r.body.review.deliveryRating).toBeNull();
    await idle();
    expect(await figures(w)).toEqual({ restaurant: [3, 1], partner: [4.5, 12] });
  });
});

describe("reviews-aggregate", () => {
  it("counts 20 concurrent reviews of one restaurant exactly: count 20, the exact mean, for the restaurant and the partner", async () => {
    const w = await world();
    const customers = Array.from({ length: 20 }, (_, i) => identityOf(`usr_cus_${String(i).padStart(3, "0")}`, ["customer"]));
    const orders: OrderRow[] = [];
    for (const [i, c] of customers.entries()) orders.push(await delivered(w, c, i));
    const food = [5, 4, 3, 5, 1, 2, 4, 5, 5, 3, 4, 4, 2, 5, 1, 3, 5, 4, 4, 5];
    const delivery = [4, 5, 5, 3, 2, 5, 4, 4, 1, 5, 5, 3, 4, 2, 5, 5, 4, 3, 5, 1];

    const answers = await Promise.all(customers.map((c, i) => review(c, orders[i]!.$id, { restaurantRating: food[i], deliveryRating: delivery[i] })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    await idle();

    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(await figures(w)).toEqual({ restaurant: [sum(food) / 20, 20], partner: [(54 + sum(delivery)) / 32, 32] });
    const rows = (await fx.db.reviews.list([], { limit: 100 })).rows;
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.aggregated_at !== null)).toBe(true);
    expect(aggregateRuns()).toHaveLength(20);
    expectAggregateRunsClean();
  }, 120_000);

  it("counts an event delivered twice once — sequentially, concurrently, and as a hand-fired replay", async () => {
    const w = await world();
    const o1 = await delivered(w, alice, 1);
    expect((await review(alice, o1.$id, { restaurantRating: 5, deliveryRating: 3 })).status).toBe(201);
    await idle();
    const after1 = await figures(w);
    expect(after1).toEqual({ restaurant: [5, 1], partner: [57 / 13, 13] });

    // The same event again, as Appwrite would redeliver it, and an operator's replay over the Functions API.
    const payload = await createPayload(reviewIdFor(o1.$id));
    const again = await deliverEvent(payload);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: "duplicate", reviewId: reviewIdFor(o1.$id) });
    const replay = await handFire(payload);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ outcome: "duplicate" });
    expect(await figures(w)).toEqual(after1);

    // A review whose event was lost, then delivered three times at once: one run counts it, the others see it counted.
    const o2 = await delivered(w, bob, 2);
    await stack.functions!.runner().withoutEvents(() => fx.review(o2)); // food 5, delivery 4
    const lost = await createPayload(`rev_${o2.$id.slice(4)}`);
    const runs = await Promise.all([deliverEvent(lost), deliverEvent(lost), handFire(lost)]);
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(runs.map((r) => r.body.outcome).sort()).toEqual(["aggregated", "duplicate", "duplicate"]);
    await idle();
    expect(await figures(w)).toEqual({ restaurant: [5, 2], partner: [61 / 14, 14] });
  });

  it("validates what it is handed: garbage is 400, another table's row and an unknown review are ignored", async () => {
    await world();
    expect((await handFire({ nope: true })).status).toBe(400);
    expect((await handFire({ recompute: { restaurantId: "rst_t0001", extra: 1 } })).status).toBe(400);
    expect((await handFire({ $id: "ord_1", $tableId: "orders" })).body).toMatchObject({ outcome: "ignored" });
    expect((await handFire({ $id: "rev_nothere" })).body).toMatchObject({ outcome: "ignored" });
    expect((await deliverEvent({ $id: "rev_nothere" })).body).toMatchObject({ outcome: "ignored" });
  });

  it("recounts an aggregate it finds inconsistent before adding the new rating (partner seeded 4.6 × 12)", async () => {
    const w = await world();
    const o1 = await delivered(w, alice, 1);
    expect((await review(alice, o1.$id, { restaurantRating: 2, deliveryRating: 3 })).status).toBe(201);
    await idle();
    // 4.6 × 12 = 55.2 stars: no set of whole-star ratings has that mean and count.
    await fx.db.delivery_partners.update(w.p1.$id, { rating: 4.6, rating_count: 12 });
    await fx.db.restaurants.update(w.r1.$id, { rating: 3.3, rating_count: 0 });
    await idle();

    const o2 = await delivered(w, bob, 2);
    const r = await review(bob, o2.$id, { restaurantRating: 5, deliveryRating: 5 });
    expect(r.status).toBe(201);
    await idle();
    // Recounted from the one review counted before (2 / 3 stars), plus this one.
    expect(await figures(w)).toEqual({ restaurant: [3.5, 2], partner: [4, 2] });
    expectAggregateRunsClean();
  });

  it("repairs on request: counts reviews whose event was lost and recounts a wrong aggregate; a second run changes nothing", async () => {
    const w = await world();
    const ratings = [5, 4, 4];
    for (const [i, stars] of ratings.entries()) {
      const c = identityOf(`usr_cus_r${i}`, ["customer"]);
      expect((await review(c, (await delivered(w, c, i)).$id, { restaurantRating: stars, deliveryRating: stars })).status).toBe(201);
    }
    await idle();
    // A fourth review whose event never came (food 5, delivery 4), and figures someone overwrote with a
    // plausible-looking but wrong pair (4 × 7 = 28 stars).
    const lost = await delivered(w, bob, 9);
    await stack.functions!.runner().withoutEvents(() => fx.review(lost));
    await fx.db.restaurants.update(w.r1.$id, { rating: 4, rating_count: 7 });
    await idle();

    const fixed = await handFire({ recompute: { restaurantId: w.r1.$id } });
    expect(fixed.status).toBe(200);
    // Recounted from the three counted reviews (13 / 3), then the lost one counted on top.
    expect(fixed.body).toMatchObject({ before: { rating: 4, ratingCount: 7 }, changed: true, counted: 1, more: false, after: { rating: 18 / 4, ratingCount: 4 } });
    expect(await figures(w)).toEqual({ restaurant: [18 / 4, 4], partner: [(54 + 13 + 4) / 16, 16] });

    const again = await handFire({ recompute: { restaurantId: w.r1.$id } });
    expect(again.body).toMatchObject({ changed: false, counted: 0, after: { rating: 18 / 4, ratingCount: 4 } });
    // The partner's recount covers only counted reviews: the figures before the reviews (54 stars over 12) came from
    // outside this table, so a partner recount replaces them with what the reviews say.
    const partner = await handFire({ recompute: { partnerId: w.p1.$id } });
    expect(partner.body).toMatchObject({ before: { rating: 71 / 16, ratingCount: 16 }, changed: true, counted: 0, after: { rating: 17 / 4, ratingCount: 4 } });
    expect((await handFire({ recompute: { restaurantId: "rst_nothere" } })).status).toBe(404);
    await idle();
    expectAggregateRunsClean();
  });
});

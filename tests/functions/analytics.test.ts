// Analytics on the devstack (issue 8): the hourly analytics-aggregate run recomputes per-restaurant daily figures
// (IST days) and the platform SLO row of the last completed UTC hour from the orders and reviews. Figures are checked
// against hand-computed values for a fixed clock (the verb with a set `now`), and the cron path is fired as the
// scheduler fires it (runSchedule): run twice → identical rows; killed after the first day and re-run → every row
// present and equal to a clean run's, nothing counted twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Functions, Query, TablesDB } from "node-appwrite";
import { estimateEtaMin, istDate } from "@chizze/core";
import { createDb, type Db } from "@chizze/services/deps";
import { dailyRowIdFor, runAnalytics, sloRowIdFor, type AnalyticsRunReport } from "@chizze/services/analytics/run";
import { dispatchDueAt } from "@chizze/services/dispatch/rules";
import { istDayRange } from "@chizze/services/analytics/window";
import { DEFAULT_DISPATCH_CONFIG } from "@chizze/core";
import { startTestStack, type TestStack } from "../support/stack";
import { runSchedule } from "../support/functions";
import { serviceDeps } from "../support/deps";
import { orderFixtures, type OrderFixtures, type OrderRow, type RestaurantRow, type PartnerRow } from "../support/order-fixtures";

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

const MIN = 60_000;
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
/** Rows as stored, without Appwrite's own bookkeeping. */
const BOOKKEEPING = new Set(["$createdAt", "$updatedAt", "$sequence", "$permissions", "$databaseId", "$tableId"]);
const strip = <R extends { $id: string }>(rows: R[]): Record<string, unknown>[] =>
  rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !BOOKKEEPING.has(k)))).sort((a, b) => String(a.$id).localeCompare(String(b.$id)));
const withoutComputedAt = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "computed_at")));
const dailyRows = async () => strip((await db.analytics_daily.list([], { limit: 100 })).rows);
const sloRows = async () => strip((await db.analytics_slo.list([], { limit: 100 })).rows);

function runAt(now: Date): Promise<AnalyticsRunReport> {
  const deps = { ...serviceDeps(stack), now: () => now };
  return runAnalytics(deps, { lookbackDays: 7 });
}

/** Orders written without their events firing functions (as if long done). */
const order = (spec: Parameters<OrderFixtures["order"]>[0]) => stack.functions!.runner().withoutEvents(() => fx.order(spec));

interface World {
  r1: RestaurantRow;
  r2: RestaurantRow;
  p1: PartnerRow;
}

async function world(): Promise<World> {
  return stack.functions!.runner().withoutEvents(async () => ({
    r1: await fx.restaurant(1, "usr_own_1", "Meghana Foods"),
    r2: await fx.restaurant(2, "usr_own_2", "Truffles"),
    p1: await fx.partner(1, "usr_prt_1"),
  }));
}

describe("figures for a fixed clock (hand-computed)", () => {
  // 2026-11-20 09:07 UTC = 14:37 IST: today (IST) is 2026-11-20, yesterday 2026-11-19; the last completed hour 08:00 UTC.
  const NOW = at("2026-11-20T09:07:00Z");
  const TODAY = "2026-11-20";
  const YESTERDAY = "2026-11-19";
  const H8 = Date.parse("2026-11-20T08:00:00Z");

  /**
   * Fixture orders move every 4 minutes: COD with a partner — accepted +4 (partner assigned then), ready +16,
   * delivered +24; COD without a partner — accepted +4, ready +12, delivered +20; online with a partner — paid +8,
   * accepted +12, ready +24, delivered +32. Default lines are ₹600 of items; cancelled = by the customer
   * (changed_mind) at +4, rejected = by the kitchen (restaurant_rejected) at +4.
   */
  async function orders(w: World): Promise<Record<string, OrderRow>> {
    const o: Record<string, OrderRow> = {};
    o.o1 = await order({ customerId: "usr_c1", restaurant: w.r1, status: "delivered", placedAt: at("2026-11-20T08:00:00Z"), partner: w.p1 });
    o.o2 = await order({ customerId: "usr_c2", restaurant: w.r1, status: "delivered", placedAt: at("2026-11-20T07:00:00Z"), lines: [{ name: "Thali", quantity: 1, unitPaise: 25_000 }] });
    o.o3 = await order({ customerId: "usr_c3", restaurant: w.r1, status: "cancelled", placedAt: at("2026-11-20T07:30:00Z") });
    o.o4 = await order({ customerId: "usr_c4", restaurant: w.r1, status: "rejected", placedAt: at("2026-11-20T06:00:00Z") });
    // Online and never paid: the kitchen never saw it.
    o.o5 = await order({ customerId: "usr_c5", restaurant: w.r1, status: "awaiting_payment", paymentMethod: "online", placedAt: at("2026-11-20T06:30:00Z") });
    o.o6 = await order({ customerId: "usr_c6", restaurant: w.r1, status: "delivered", placedAt: at("2026-11-19T10:00:00Z") });
    o.o7 = await order({ customerId: "usr_c7", restaurant: w.r2, status: "delivered", paymentMethod: "online", placedAt: at("2026-11-20T08:10:00Z"), partner: w.p1 });
    // 2026-11-20 00:15 IST (the 19th in UTC) is today's; 2026-11-19 23:45 IST is yesterday's.
    o.o8 = await order({ customerId: "usr_c8", restaurant: w.r2, status: "cancelled", placedAt: at("2026-11-19T18:45:00Z") });
    o.o9 = await order({ customerId: "usr_c9", restaurant: w.r2, status: "delivered", placedAt: at("2026-11-19T18:15:00Z") });
    o.o10 = await order({ customerId: "usr_c10", restaurant: w.r2, status: "cancelled", placedAt: at("2026-11-20T08:30:00Z") });
    // Four days back: not recomputed by a first run (only today and yesterday).
    o.o11 = await order({ customerId: "usr_c11", restaurant: w.r1, status: "delivered", placedAt: at("2026-11-16T08:00:00Z") });
    await stack.functions!.runner().withoutEvents(async () => {
      await fx.review(o.o1!); // food 5
      await fx.review(o.o6!); // food 5
    });
    return o;
  }

  const daily = (restaurantId: string, day: string, f: Record<string, unknown>) => ({ $id: dailyRowIdFor(restaurantId, day), restaurant_id: restaurantId, day, ...f });

  it("stores exactly the hand-computed rows; running again leaves them identical", { timeout: 60_000 }, async () => {
    const w = await world();
    const o = await orders(w);
    const report = await runAt(NOW);
    expect(report).toMatchObject({ since: null, days: [YESTERDAY, TODAY], hours: ["2026-11-20T08:00:00.000Z"], dailyWritten: 4, dailyRows: 4, sloWritten: 1 });

    const computedAt = NOW.toISOString();
    const rows = (await dailyRows()).map((r) => ({ ...r, computed_at: new Date(String(r.computed_at)).toISOString() }));
    expect(rows).toEqual(
      [
        // o1 (₹600, prep 12 min, rated 5) + o2 (₹250, prep 8 min) delivered; o3 cancelled, o4 rejected; o5 unpaid.
        daily(w.r1.$id, TODAY, { orders_count: 4, delivered_count: 2, cancelled_count: 2, revenue_paise: 85_000, avg_prep_sec: 600, cancellations: '{"changed_mind":1,"restaurant_rejected":1}', rating_sum: 5, rating_count: 1, computed_at: computedAt }),
        daily(w.r1.$id, YESTERDAY, { orders_count: 1, delivered_count: 1, cancelled_count: 0, revenue_paise: 60_000, avg_prep_sec: 480, cancellations: "{}", rating_sum: 5, rating_count: 1, computed_at: computedAt }),
        // o7 (online, prep 12 min) delivered; o8 (00:15 IST) and o10 cancelled.
        daily(w.r2.$id, TODAY, { orders_count: 3, delivered_count: 1, cancelled_count: 2, revenue_paise: 60_000, avg_prep_sec: 720, cancellations: '{"changed_mind":2}', rating_sum: 0, rating_count: 0, computed_at: computedAt }),
        // o9 (23:45 IST).
        daily(w.r2.$id, YESTERDAY, { orders_count: 1, delivered_count: 1, cancelled_count: 0, revenue_paise: 60_000, avg_prep_sec: 480, cancellations: "{}", rating_sum: 0, rating_count: 0, computed_at: computedAt }),
      ].sort((a, b) => a.$id.localeCompare(b.$id)),
    );

    // Hour 08:00–09:00 UTC: received o1 (08:00), o7 (paid 08:18), o10 (08:30); accepted o1 (+4 min), o7 (+4 min
    // after payment); delivered o1 08:24, o7 08:42 — both before the promise made at acceptance; o10 cancelled 08:34.
    const promisedMin = estimateEtaMin({ prepRemainingMin: 20, riderToRestaurantM: null, restaurantToCustomerM: 2_400, vehicle: "motorcycle" });
    const o1Promised = Date.parse("2026-11-20T08:04:00Z") + promisedMin * MIN;
    const o7Promised = Date.parse("2026-11-20T08:22:00Z") + promisedMin * MIN;
    const errs = [Math.abs(Date.parse("2026-11-20T08:24:00Z") - o1Promised) / 1000, Math.abs(Date.parse("2026-11-20T08:42:00Z") - o7Promised) / 1000].sort((a, b) => a - b);
    const match = [o.o1!, o.o7!].map((x) => Date.parse(x.partner_assigned_at!) - dispatchDueAt(x, DEFAULT_DISPATCH_CONFIG).getTime()).sort((a, b) => a - b);
    const [slo] = await sloRows();
    expect({ ...slo, computed_at: new Date(String(slo!.computed_at)).toISOString(), hour_start: new Date(String(slo!.hour_start)).toISOString() }).toEqual({
      $id: sloRowIdFor(H8),
      hour_start: "2026-11-20T08:00:00.000Z",
      orders_count: 3,
      delivered_count: 2,
      cancelled_count: 1,
      accept_latency_p50_ms: 4 * MIN,
      accept_latency_p95_ms: 4 * MIN,
      match_latency_p50_ms: match[0],
      match_latency_p95_ms: match[1],
      eta_abs_error_p50_sec: errs[0],
      eta_abs_error_p95_sec: errs[1],
      on_time_bps: 10_000,
      computed_at: computedAt,
    });

    // Run again → the same rows, not even computed_at moves. (The fixtures were written after this fake clock's
    // first run, so the second run also finds o11's day touched and adds that day's row — and only that.)
    const before = { daily: await dailyRows(), slo: await sloRows() };
    const again = await runAt(new Date(NOW.getTime() + 5 * MIN));
    expect(again).toMatchObject({ days: ["2026-11-16", YESTERDAY, TODAY], dailyWritten: 1, dailyRows: 5, sloWritten: 0 });
    const afterSecond = { daily: await dailyRows(), slo: await sloRows() };
    expect(afterSecond.slo).toEqual(before.slo);
    expect(afterSecond.daily.filter((r) => r.day !== "2026-11-16")).toEqual(before.daily);
    const third = await runAt(new Date(NOW.getTime() + 6 * MIN));
    expect(third).toMatchObject({ dailyWritten: 0, dailyRows: 5, sloWritten: 0 });
    expect({ daily: await dailyRows(), slo: await sloRows() }).toEqual(afterSecond);
  });

  it("recomputes (never adds to) a day when its orders change, including days touched since the last run", { timeout: 60_000 }, async () => {
    const w = await world();
    const o = await orders(w);
    await runAt(NOW);
    expect((await db.analytics_daily.list([Query.equal("day", "2026-11-16")], { limit: 10 })).rows).toHaveLength(0);

    // A late review of today's o2, and o11 (four days back) refunded into a cancellation by an admin.
    await stack.functions!.runner().withoutEvents(async () => {
      await fx.review(o.o2!);
      await db.orders.update(o.o11!.$id, { status: "cancelled", cancelled_at: "2026-11-16T09:00:00.000Z", cancel_reason: "admin_action" });
    });
    const next = await runAt(new Date(NOW.getTime() + HOUR));
    expect(next.days).toContain("2026-11-16");
    expect(next.hours).toEqual(["2026-11-20T08:00:00.000Z", "2026-11-20T09:00:00.000Z"]);
    const r1Today = await db.analytics_daily.get(dailyRowIdFor(w.r1.$id, TODAY));
    expect(r1Today).toMatchObject({ orders_count: 4, delivered_count: 2, rating_sum: 10, rating_count: 2 });
    expect(await db.analytics_daily.get(dailyRowIdFor(w.r1.$id, "2026-11-16"))).toMatchObject({ orders_count: 1, delivered_count: 0, cancelled_count: 1, revenue_paise: 0, cancellations: '{"admin_action":1}' });
    // Three runs of the same hour still give one row per restaurant and day.
    await runAt(new Date(NOW.getTime() + HOUR + MIN));
    expect((await db.analytics_daily.list([Query.equal("restaurant_id", w.r1.$id)], { limit: 100 })).rows.map((r) => r.day).sort()).toEqual(["2026-11-16", YESTERDAY, TODAY]);
    expect(await db.analytics_daily.get(dailyRowIdFor(w.r1.$id, TODAY))).toMatchObject({ rating_sum: 10, rating_count: 2 });
  });
});

describe("the hourly cron (analytics-aggregate)", () => {
  /** Runs the cron; a scheduled execution keeps no response body, so the report is read from its log line. */
  async function runCron(): Promise<{ status: number; report: AnalyticsRunReport | null; errors: string }> {
    const r = await runSchedule(stack, "analytics-aggregate");
    for (const text of `${r.logs}\n${r.errors}`.split("\n")) {
      if (!text.includes('"analytics run done')) continue;
      const line = JSON.parse(text) as { report?: AnalyticsRunReport };
      if (line.report) return { status: r.status, report: line.report, errors: r.errors };
    }
    return { status: r.status, report: null, errors: r.errors };
  }

  /** Orders of today and yesterday (IST) relative to the real clock, and the figures each day must show. */
  async function recentOrders(w: World) {
    // Two orders earlier today and two at 06:00–07:00 IST yesterday, whatever the time of day the test runs.
    const now = Date.now();
    const todayStart = istDayRange(istDate(new Date(now))).startMs;
    const placed = [todayStart + (now - todayStart) / 3, todayStart + (now - todayStart) / 2, todayStart - 18 * HOUR, todayStart - 17 * HOUR].map(Math.floor);
    const specs = [
      { status: "delivered" as const, placedAt: new Date(placed[0]!) },
      { status: "cancelled" as const, placedAt: new Date(placed[1]!) },
      { status: "delivered" as const, placedAt: new Date(placed[2]!) },
      { status: "delivered" as const, placedAt: new Date(placed[3]!) },
    ];
    const expected = new Map<string, { orders_count: number; delivered_count: number; cancelled_count: number; revenue_paise: number }>();
    for (const [i, s] of specs.entries()) {
      await order({ customerId: `usr_r${i}`, restaurant: w.r1, ...s });
      const day = istDate(s.placedAt);
      const e = expected.get(day) ?? { orders_count: 0, delivered_count: 0, cancelled_count: 0, revenue_paise: 0 };
      e.orders_count++;
      if (s.status === "delivered") {
        e.delivered_count++;
        e.revenue_paise += 60_000;
      } else e.cancelled_count++;
      expected.set(day, e);
    }
    return expected;
  }

  async function expectDays(w: World, expected: Map<string, Record<string, number>>): Promise<void> {
    for (const [day, e] of expected) expect(await db.analytics_daily.get(dailyRowIdFor(w.r1.$id, day)), day).toMatchObject(e);
  }

  it("fired by the schedule: rows for today and yesterday and the last hour's SLO row; fired again → identical rows", { timeout: 60_000 }, async () => {
    const w = await world();
    const expected = await recentOrders(w);
    const first = await runCron();
    expect(first.status, first.errors).toBe(200);
    expect(first.report?.days).toEqual([...expected.keys()].sort());
    await expectDays(w, expected);
    const hour = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    expect((await sloRows()).map((r) => r.$id)).toContain(sloRowIdFor(hour));

    const before = { daily: await dailyRows(), slo: await sloRows() };
    const second = await runCron();
    expect(second.status).toBe(200);
    expect(second.report).toMatchObject({ dailyWritten: 0 });
    expect(second.report?.since).not.toBeNull();
    expect(await dailyRows()).toEqual(before.daily);
    // The SLO rows of the hours both runs computed are equal (a run in a new hour adds that hour's row only).
    const after = await sloRows();
    for (const r of before.slo) expect(after.find((x) => x.$id === r.$id)).toEqual(r);
  });

  it("killed after the first day's rows and fired again: every row present, equal to a clean run's, nothing doubled", { timeout: 90_000 }, async () => {
    const w = await world();
    const expected = await recentOrders(w);
    const fns = new Functions(stack.admin());
    await fns.createVariable({ functionId: "analytics-aggregate", variableId: "ANALYTICS_FAULT", key: "ANALYTICS_FAULT", value: "exit_after_first_day" });
    try {
      const killed = await runCron();
      expect(killed.status).toBeGreaterThanOrEqual(500);
    } finally {
      await fns.updateVariable({ functionId: "analytics-aggregate", variableId: "ANALYTICS_FAULT", key: "ANALYTICS_FAULT", value: "" });
    }
    const [firstDay, secondDay] = [...expected.keys()].sort();
    // The dead run stored its first day only and never finished.
    expect(await db.analytics_daily.get(dailyRowIdFor(w.r1.$id, firstDay!))).toMatchObject(expected.get(firstDay!)!);
    expect(await db.analytics_daily.get(dailyRowIdFor(w.r1.$id, secondDay!))).toBeNull();
    expect((await db.job_runs.list([Query.equal("job", "analytics")], { limit: 10 })).rows.map((r) => r.status)).toEqual(["running"]);

    const rerun = await runCron();
    expect(rerun.status, rerun.errors).toBe(200);
    await expectDays(w, expected);
    expect((await db.analytics_daily.list([], { limit: 100 })).rows).toHaveLength(2);
    expect((await db.job_runs.list([Query.equal("job", "analytics")], { limit: 10 })).rows.map((r) => r.status)).toEqual(["succeeded"]);

    // A clean recomputation from scratch gives the same figures.
    const killedThenRerun = withoutComputedAt(await dailyRows());
    await stack.functions!.runner().withoutEvents(async () => {
      for (const r of await db.analytics_daily.list([], { limit: 100 }).then((p) => p.rows)) await db.analytics_daily.delete(r.$id);
    });
    expect((await runCron()).status).toBe(200);
    expect(withoutComputedAt(await dailyRows())).toEqual(killedThenRerun);
  });
});

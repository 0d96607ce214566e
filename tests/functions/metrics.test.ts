// Function metrics (ops/metrics.json, docs/operations.md): what the real functions write into their execution logs as
// `{"metric":…}` lines — the exporter's input. Orders entering statuses (once per committed change, never for a
// replay), order value, accept duration, function executions with their RSS, and the gauges the dispatch sweeper and
// the payments reconciler count at the end of each run.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { acceptOrderRoute } from "@chizze/contracts/api/restaurant";
import type { MetricLine } from "@chizze/platform/observability/metrics";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, runSchedule } from "../support/functions";
import { place, quote, seedOrderWorld, type OrderWorld, type PlaceBody } from "../support/order-world";

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

/** Metric lines in a log text (other lines are the structured logs). */
function metricsIn(logs: string): MetricLine[] {
  return logs
    .split("\n")
    .filter((l) => l.startsWith('{"metric"'))
    .map((l) => JSON.parse(l) as MetricLine);
}

async function metricsOf(functionId: string): Promise<MetricLine[]> {
  await stack.functions!.runner().idle();
  const runs = stack.functions!.store().listExecutions(functionId, 1000, 0).executions;
  return runs.flatMap((e) => metricsIn(e.logs));
}

const named = (lines: MetricLine[], name: string) => lines.filter((l) => l.metric === name);

describe("function metrics", () => {
  it("count an order into each status once, with its value and accept time; a replayed placement counts nothing", async () => {
    const c = await world.customer(1);
    const q = await quote(stack, world, c);
    const placed = (await place(stack, c.identity, q.body.quoteId, "metrics-1")).body as PlaceBody;
    expect((await place(stack, c.identity, q.body.quoteId, "metrics-1")).status).toBe(201); // replay
    const accepted = await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: placed.order.id }, body: { prepTimeMinutes: 15 } });
    expect(accepted.status).toBe(200);
    await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: placed.order.id }, body: { prepTimeMinutes: 15 } }); // a repeated tap

    const placeLines = await metricsOf("orders-place");
    expect(named(placeLines, "chizze_orders_total")).toEqual([expect.objectContaining({ type: "counter", value: 1, labels: { status: "placed" } })]);
    expect(named(placeLines, "chizze_order_value_paise_total")).toEqual([expect.objectContaining({ value: placed.order.amounts.totalPaise, labels: { payment_method: "cod" } })]);
    expect(named(placeLines, "chizze_restaurant_orders_total")).toEqual([expect.objectContaining({ value: 1, labels: { restaurant_id: world.restaurantId } })]);
    // Every execution counts itself with its status code and reports its RSS.
    const executions = named(placeLines, "chizze_function_executions_total");
    expect(executions.map((l) => l.labels)).toEqual([
      { function: "orders-place", trigger: "http", status_code: "201" },
      { function: "orders-place", trigger: "http", status_code: "201" },
    ]);
    for (const rss of named(placeLines, "chizze_function_memory_rss_bytes")) expect(rss.value).toBeGreaterThan(10_000_000);

    const acceptLines = await metricsOf("restaurant-orders-accept");
    expect(named(acceptLines, "chizze_orders_total").map((l) => l.labels)).toEqual([{ status: "accepted" }]);
    const acceptSec = named(acceptLines, "chizze_order_accept_duration_seconds");
    expect(acceptSec).toHaveLength(1);
    expect(acceptSec[0]!.value).toBeGreaterThanOrEqual(0);
    expect(acceptSec[0]!.value).toBeLessThan(60);
  });

  it("a problem answer is counted with its status", async () => {
    const c = await world.customer(2);
    const q = await quote(stack, world, c);
    expect((await place(stack, c.identity, q.body.quoteId, null)).status).toBe(400);
    const lines = await metricsOf("orders-place");
    expect(named(lines, "chizze_function_executions_total").map((l) => l.labels.status_code)).toEqual(["400"]);
    expect(named(lines, "chizze_orders_total")).toEqual([]);
  });

  it("the dispatch sweeper reports live orders per dispatch state, food waiting and partners online", async () => {
    const c = await world.customer(3);
    const q = await quote(stack, world, c);
    const placed = (await place(stack, c.identity, q.body.quoteId, "metrics-sweep")).body as PlaceBody;
    await world.db.orders.update(placed.order.id, { status: "ready", ready_at: new Date().toISOString() });
    const run = await runSchedule(stack, "dispatch-sweeper");
    expect(run.status).toBeLessThan(300);
    const lines = metricsIn(run.logs);
    const perState: Record<string, number> = Object.fromEntries(named(lines, "chizze_dispatch_orders").map((l) => [l.labels.dispatch_state ?? "", l.value]));
    expect(Object.keys(perState).sort()).toEqual(["assigned", "at_dropoff", "at_pickup", "delivered", "escalated", "none", "offered", "picked_up", "searching"]);
    expect(Object.values(perState).reduce((s, n) => s + n, 0)).toBe(1);
    expect(named(lines, "chizze_orders_waiting_pickup")).toEqual([expect.objectContaining({ type: "gauge", value: 1 })]);
    expect(named(lines, "chizze_delivery_partners_online").map((l) => l.labels.state).sort()).toEqual(["available", "on_delivery"]);
    expect(named(lines, "chizze_function_executions_total")).toEqual([expect.objectContaining({ labels: { function: "dispatch-sweeper", trigger: "schedule", status_code: "200" } })]);
  });

  it("the reconciler reports its backlog, refunds and when it last ran", async () => {
    const c = await world.customer(4);
    const q = await quote(stack, world, c, { paymentMethod: "online" });
    const placed = (await place(stack, c.identity, q.body.quoteId, "metrics-rec")).body as PlaceBody;
    expect(placed.order.status).toBe("awaiting_payment");
    const before = Math.floor(Date.now() / 1000);
    const lines = metricsIn((await runSchedule(stack, "payments-reconcile")).logs);
    const backlog: Record<string, number> = Object.fromEntries(named(lines, "chizze_reconciler_backlog").map((l) => [l.labels.kind ?? "", l.value]));
    // The new order is inside its payment window and its payment row is pending: watched, not overdue.
    expect(backlog).toEqual({ events_stuck: 0, orders_payment_overdue: 0, payments_uncaptured: 1 });
    expect(Object.fromEntries(named(lines, "chizze_refunds").map((l) => [l.labels.status ?? "", l.value]))).toEqual({ pending: 0, failed: 0 });
    expect(named(lines, "chizze_refunds_pending_oldest_age_seconds")).toEqual([expect.objectContaining({ value: 0 })]);
    expect(named(lines, "chizze_reconciler_failures_total")).toEqual([expect.objectContaining({ type: "counter", value: 0 })]);
    expect(named(lines, "chizze_reconciler_last_run_timestamp_seconds")[0]!.value).toBeGreaterThanOrEqual(before);
  });
});

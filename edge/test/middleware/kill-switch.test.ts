// The order kill switch (reliability note §1.5, production-architecture §10.2), read from Redis through the real
// @upstash/redis client and cached per isolate.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { routeById } from "@chizze/contracts/routes";
import { APP_CONFIG_KEYS, writeKillSwitch } from "@chizze/platform/redis/app-config-store";
import { createKillSwitchMiddleware, DEFAULT_PAUSED_MESSAGE } from "../../src/middleware/kill-switch";
import { appFor, counted, executionContext, pathOf, startStack, TEST_USER_HEADER, uid, type Stack } from "./harness";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});
afterEach(async () => {
  vi.useRealTimers();
  stack.upstash.faults.clear();
  await stack.redis.del(APP_CONFIG_KEYS.killSwitchOrders, APP_CONFIG_KEYS.minVersions);
});

const placeRoute = routeById("orders.place")!;
const listRoute = routeById("orders.list")!;
const cancelRoute = routeById("orders.cancel")!;
const quoteRoute = routeById("cart.quote")!;
const menuRoute = routeById("catalog.menu")!;
const appConfigRoute = routeById("appConfig.get")!;

function app(mw: Parameters<typeof appFor>[1][number]) {
  const downstream = counted((_n, c) => new Response(JSON.stringify({ ok: c.req.path }), { status: c.req.method === "POST" ? 201 : 200, headers: { "content-type": "application/json" } }));
  const a = appFor(
    [placeRoute, listRoute, cancelRoute, quoteRoute, menuRoute, appConfigRoute].map((route) => ({ route, handler: downstream.handler })),
    [mw],
  );
  const ec = executionContext();
  const call = (route: typeof placeRoute, headers: Record<string, string> = {}) =>
    a.request(pathOf(route, { id: "x1" }), { method: route.method, headers: { [TEST_USER_HEADER]: uid(), ...headers }, ...(route.method === "POST" ? { body: "{}" } : {}) }, stack.env, ec.ctx);
  return { call, calls: downstream.calls };
}

describe("kill switch", () => {
  it("paused: POST /orders → 503 intake_paused with Retry-After and the admin's message; reads and other writes unaffected", async () => {
    const t = app(createKillSwitchMiddleware({ redis: stack.redis, cacheMs: 0 }));
    expect((await t.call(placeRoute)).status).toBe(201);

    const until = new Date(Date.now() + 20 * 60_000).toISOString();
    await writeKillSwitch(stack.redis, { ordersPaused: true, message: "Heavy rain: orders paused for 20 minutes.", until });
    const paused = await t.call(placeRoute);
    expect(paused.status).toBe(503);
    const retryAfter = Number(paused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(19 * 60);
    expect(retryAfter).toBeLessThanOrEqual(20 * 60);
    expect(await paused.json()).toMatchObject({ code: "intake_paused", status: 503, detail: "Heavy rain: orders paused for 20 minutes.", until });

    const before = t.calls();
    expect((await t.call(listRoute)).status).toBe(200);
    expect((await t.call(menuRoute)).status).toBe(200);
    expect((await t.call(cancelRoute)).status).toBe(201);
    expect((await t.call(quoteRoute)).status).toBe(201);
    expect(t.calls()).toBe(before + 4);

    await writeKillSwitch(stack.redis, { ordersPaused: false });
    expect((await t.call(placeRoute)).status).toBe(201);
  });

  it("the flag can name other routes; without a message or end time the answer is a default message and 300 s", async () => {
    const t = app(createKillSwitchMiddleware({ redis: stack.redis, cacheMs: 0 }));
    await writeKillSwitch(stack.redis, { ordersPaused: true, routes: ["orders.place", "cart.quote"] });
    const q = await t.call(quoteRoute);
    expect(q.status).toBe(503);
    expect(q.headers.get("retry-after")).toBe("300");
    expect(((await q.json()) as { detail: string }).detail).toBe(DEFAULT_PAUSED_MESSAGE);
    expect((await t.call(cancelRoute)).status).toBe(201);
  });

  it("is cached per isolate for cacheMs, then re-read", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-11-26T12:00:00Z") });
    const t = app(createKillSwitchMiddleware({ redis: stack.redis, cacheMs: 5_000 }));
    expect((await t.call(placeRoute)).status).toBe(201);
    await writeKillSwitch(stack.redis, { ordersPaused: true });
    expect((await t.call(placeRoute)).status).toBe(201); // still the value read 0 s ago
    vi.setSystemTime(Date.parse("2026-11-26T12:00:06Z"));
    expect((await t.call(placeRoute)).status).toBe(503);
  });

  it("Redis down: keeps the last value it saw (here: paused), and fails open when it never saw one", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-11-26T12:00:00Z") });
    const seen = app(createKillSwitchMiddleware({ redis: stack.redis, cacheMs: 1_000 }));
    await writeKillSwitch(stack.redis, { ordersPaused: true });
    expect((await seen.call(placeRoute)).status).toBe(503);
    stack.upstash.faults.set({ down: true });
    vi.setSystemTime(Date.parse("2026-11-26T12:00:05Z"));
    expect((await seen.call(placeRoute)).status).toBe(503);
    const fresh = app(createKillSwitchMiddleware({ redis: stack.redis, cacheMs: 1_000 }));
    expect((await fresh.call(placeRoute)).status).toBe(201);
  });
});

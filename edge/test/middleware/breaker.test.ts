// R11: the downstream (Appwrite Functions) answering 500s opens the breaker within 10 calls; while open the
// downstream is not called, a cached menu is served STALE from the Redis cache layer and writes get 503 +
// Retry-After; after the open period one probe is admitted (≤ 5); 4xx never trip it.
// Only Date is faked (cockatiel's open timer and the cache's ages read Date.now); timers stay real.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { routeById } from "@chizze/contracts/routes";
import { Breaker } from "@chizze/platform/resilience/breaker";
import { createBreakerMiddleware } from "../../src/middleware/breaker";
import { createCacheMiddleware } from "../../src/middleware/cache";
import { appFor, counted, executionContext, pathOf, startStack, TEST_USER_HEADER, uid, type Stack } from "./harness";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});
afterEach(() => {
  vi.useRealTimers();
});

const menuRoute = routeById("catalog.menu")!;
const placeRoute = routeById("orders.place")!;
const T0 = Date.parse("2026-11-26T12:00:00.000Z");

function setup() {
  let failWith: number | null = null;
  const downstream = counted((n, c) =>
    failWith !== null
      ? new Response(JSON.stringify({ code: "internal" }), { status: failWith, headers: { "content-type": "application/problem+json" } })
      : new Response(JSON.stringify({ path: c.req.path, n }), { status: c.req.method === "POST" ? 201 : 200, headers: { "content-type": "application/json" } }),
  );
  const breaker = new Breaker("appwrite");
  const states: string[] = [];
  const mws = [
    createCacheMiddleware({ redis: stack.redis, edgeCache: null }),
    createBreakerMiddleware({ breaker, log: (e) => states.push(String(e.state)) }),
  ];
  const app = appFor(
    [
      { route: menuRoute, handler: downstream.handler },
      { route: placeRoute, handler: downstream.handler },
    ],
    mws,
  );
  const ec = executionContext();
  const req = async (path: string, init: RequestInit = {}) => {
    const res = await app.request(path, init, stack.env, ec.ctx);
    await ec.settle();
    return res;
  };
  const menu = (rid: string) => req(pathOf(menuRoute, { id: rid }));
  const place = () => req(pathOf(placeRoute), { method: "POST", headers: { [TEST_USER_HEADER]: uid(), "content-type": "application/json" }, body: "{}" });
  return { breaker, states, menu, place, calls: downstream.calls, fail: (s: number | null) => (failWith = s) };
}

describe("breaker", () => {
  it("opens within 10 failing calls; while open: no downstream calls, cached menu STALE, writes 503 + Retry-After; then half-open", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const t = setup();
    const rid = uid("r");
    expect((await t.menu(rid)).headers.get("x-cache")).toBe("MISS");
    expect(t.calls()).toBe(1);
    // The entry is now past ttl + swr (360 s): only an emergency may serve it.
    vi.setSystemTime(T0 + 400_000);

    t.fail(500);
    let failing = 0;
    for (let i = 0; i < 10 && t.breaker.state === "closed"; i++) {
      expect((await t.place()).status).toBe(500);
      failing++;
    }
    expect(t.breaker.state).toBe("open");
    expect(failing).toBeLessThanOrEqual(10);
    expect(t.states).toContain("open");
    const callsWhenOpened = t.calls();

    for (let i = 0; i < 5; i++) {
      const res = await t.place();
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("10");
      expect(((await res.json()) as { code: string }).code).toBe("dependency_unavailable");
    }
    const stale = await t.menu(rid);
    expect(stale.status).toBe(200);
    expect(stale.headers.get("x-cache")).toBe("STALE");
    expect(stale.headers.get("warning")).toBe('110 - "Response is Stale"');
    expect(stale.headers.get("cache-control")).toBe("private, max-age=0");
    expect(await stale.json()).toEqual({ path: pathOf(menuRoute, { id: rid }), n: 1 });
    // Nothing cached for this one: 503 like any other request.
    expect((await t.menu(uid("r"))).status).toBe(503);
    expect(t.calls()).toBe(callsWhenOpened);

    // Half-open after 10 s: ten concurrent requests, the downstream still failing → at most 5 admitted (here: the probe).
    vi.setSystemTime(T0 + 411_000);
    const burst = await Promise.all(Array.from({ length: 10 }, () => t.place()));
    const admitted = t.calls() - callsWhenOpened;
    expect(admitted).toBeGreaterThanOrEqual(1);
    expect(admitted).toBeLessThanOrEqual(5);
    expect(burst.filter((r) => r.status === 500)).toHaveLength(admitted);
    expect(t.breaker.state).toBe("open");

    // Next half-open with a healthy downstream: the probe passes and the circuit closes.
    vi.setSystemTime(T0 + 422_000);
    t.fail(null);
    expect((await t.place()).status).toBe(201);
    expect(t.breaker.state).toBe("closed");
    expect((await t.menu(rid)).headers.get("x-cache")).toBe("MISS");
  });

  it("4xx answers are a healthy dependency saying no: they never open the circuit", async () => {
    const t = setup();
    t.fail(404);
    for (let i = 0; i < 20; i++) expect((await t.place()).status).toBe(404);
    expect(t.breaker.state).toBe("closed");
    expect(t.calls()).toBe(20);
  });

  it("a mix below 50 % failures keeps it closed; reaching 50 % over ≥ 10 requests opens it", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const t = setup();
    for (let i = 0; i < 6; i++) await t.place();
    t.fail(503);
    for (let i = 0; i < 5; i++) await t.place();
    expect(t.breaker.state).toBe("closed"); // 5 of 11
    await t.place();
    expect(t.breaker.state).toBe("open"); // 6 of 12
  });
});

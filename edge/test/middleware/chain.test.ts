// The middlewares in the documented ORDER (index.ts), Redis from the Worker bindings (the default), as the app will
// mount them: properties that only hold because of the order.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MiddlewareHandler } from "hono";
import { routeById } from "@chizze/contracts/routes";
import { Breaker } from "@chizze/platform/resilience/breaker";
import type { EdgeEnv } from "../../src/env";
import { APP_CONFIG_KEYS, createPolicyMiddlewares, MIDDLEWARE_ORDER, writeKillSwitch } from "../../src/middleware/index";
import { appFor, counted, executionContext, pathOf, startStack, TEST_IP_HEADER, TEST_USER_HEADER, uid, type Stack } from "./harness";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});
afterEach(async () => {
  await stack.redis.del(APP_CONFIG_KEYS.killSwitchOrders);
});

const placeRoute = routeById("orders.place")!;
const menuRoute = routeById("catalog.menu")!;

function fullChain() {
  const downstream = counted((n, c) => new Response(JSON.stringify({ n, path: c.req.path }), { status: c.req.method === "POST" ? 201 : 200, headers: { "content-type": "application/json" } }));
  const p = createPolicyMiddlewares({ forcedUpdate: { cacheMs: 0 }, killSwitch: { cacheMs: 0 }, cache: { edgeCache: null }, breaker: { breaker: new Breaker("appwrite") } });
  // (auth sets identity between the two slots: done here by the harness's first middleware)
  const chain: MiddlewareHandler<EdgeEnv>[] = [...p.preAuth, ...p.route];
  expect(chain).toHaveLength(7);
  const app = appFor(
    [
      { route: placeRoute, handler: downstream.handler },
      { route: menuRoute, handler: downstream.handler },
    ],
    chain,
  );
  const ec = executionContext();
  const call = async (path: string, init: RequestInit) => {
    const res = await app.request(path, init, stack.env, ec.ctx);
    await ec.settle();
    return res;
  };
  return { call, calls: downstream.calls };
}

describe("the documented chain", () => {
  it("lists the steps in order", () => {
    expect(MIDDLEWARE_ORDER.indexOf("killSwitch")).toBeLessThan(MIDDLEWARE_ORDER.indexOf("idempotency"));
    expect(MIDDLEWARE_ORDER.indexOf("idempotency")).toBeLessThan(MIDDLEWARE_ORDER.indexOf("cache"));
    expect(MIDDLEWARE_ORDER.at(-2)).toBe("breaker");
  });

  it("a paused intake claims no idempotency key: the same key goes through once intake resumes", async () => {
    const t = fullChain();
    const user = uid("u");
    const key = crypto.randomUUID();
    const place = () =>
      t.call(pathOf(placeRoute), { method: "POST", headers: { [TEST_USER_HEADER]: user, [TEST_IP_HEADER]: "10.1.2.3", "idempotency-key": key, "content-type": "application/json" }, body: '{"quoteId":"qte_1"}' });
    await writeKillSwitch(stack.redis, { ordersPaused: true });
    const paused = await place();
    expect(paused.status).toBe(503);
    expect(((await paused.json()) as { code: string }).code).toBe("intake_paused");
    await writeKillSwitch(stack.redis, { ordersPaused: false });
    const placed = await place();
    expect(placed.status).toBe(201);
    expect(placed.headers.get("ratelimit-limit")).toBe("10");
    expect(placed.headers.get("idempotent-replayed")).toBeNull();
    const replay = await place();
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(t.calls()).toBe(1);
  });

  it("a cached GET passes every layer: rate-limit headers on the hit, origin called once", async () => {
    const t = fullChain();
    const path = pathOf(menuRoute, { id: uid("r") });
    const get = () => t.call(path, { headers: { [TEST_USER_HEADER]: uid("u"), [TEST_IP_HEADER]: "10.1.2.4" } });
    expect((await get()).headers.get("x-cache")).toBe("MISS");
    const hit = await get();
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(hit.headers.get("ratelimit-limit")).toBe("60");
    expect(t.calls()).toBe(1);
  });
});

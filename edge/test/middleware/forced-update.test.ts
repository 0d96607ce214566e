// Forced update (production-architecture §11.4, api.md): X-App-Version + X-Platform below the stored minimum → 426
// with the store link; minimums read from Redis through the real @upstash/redis client, cached per isolate.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { routeById } from "@chizze/contracts/routes";
import { APP_CONFIG_KEYS, writeMinVersions } from "@chizze/platform/redis/app-config-store";
import { compareSemVer, createForcedUpdateMiddleware } from "../../src/middleware/forced-update";
import { appFor, counted, executionContext, pathOf, startStack, TEST_USER_HEADER, uid, type Stack } from "./harness";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});
afterEach(async () => {
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

describe("forced update", () => {
  const minVersions = { minVersions: { android: "3.12.0", ios: "3.10.2" }, storeUrls: { android: "https://play.google.com/store/apps/details?id=in.chizze", ios: "https://apps.apple.com/app/id1234567890" } };

  it("below the platform's minimum → 426 upgrade_required with the store URL; at or above → allowed", async () => {
    await writeMinVersions(stack.redis, minVersions);
    const t = app(createForcedUpdateMiddleware({ redis: stack.redis, cacheMs: 0 }));
    const old = await t.call(menuRoute, { "x-app-version": "3.9.7", "x-platform": "android" });
    expect(old.status).toBe(426);
    expect(old.headers.get("link")).toBe(`<${minVersions.storeUrls.android}>; rel="alternate"`);
    const body = (await old.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: "upgrade_required", status: 426, storeUrl: minVersions.storeUrls.android, minVersion: "3.12.0", platform: "android" });
    expect(String(body.detail)).toContain(minVersions.storeUrls.android);

    expect((await t.call(placeRoute, { "x-app-version": "3.12.0", "x-platform": "android" })).status).toBe(201);
    expect((await t.call(menuRoute, { "x-app-version": "3.10.1", "x-platform": "ios" })).status).toBe(426);
    expect((await t.call(menuRoute, { "x-app-version": "3.10.10", "x-platform": "ios" })).status).toBe(200);
  });

  it("missing or unparseable headers (web, tools), a platform without a minimum, and GET /app-config are allowed", async () => {
    await writeMinVersions(stack.redis, minVersions);
    const t = app(createForcedUpdateMiddleware({ redis: stack.redis, cacheMs: 0 }));
    expect((await t.call(menuRoute)).status).toBe(200);
    expect((await t.call(menuRoute, { "x-app-version": "1.0.0" })).status).toBe(200);
    expect((await t.call(menuRoute, { "x-platform": "android" })).status).toBe(200);
    expect((await t.call(menuRoute, { "x-app-version": "banana", "x-platform": "android" })).status).toBe(200);
    expect((await t.call(menuRoute, { "x-app-version": "0.0.1", "x-platform": "web" })).status).toBe(200);
    expect((await t.call(appConfigRoute, { "x-app-version": "1.0.0", "x-platform": "android" })).status).toBe(200);
  });

  it("no stored minimums or Redis down → allowed", async () => {
    const t = app(createForcedUpdateMiddleware({ redis: stack.redis, cacheMs: 0 }));
    expect((await t.call(menuRoute, { "x-app-version": "1.0.0", "x-platform": "android" })).status).toBe(200);
    stack.upstash.faults.set({ down: true });
    expect((await t.call(menuRoute, { "x-app-version": "1.0.0", "x-platform": "android" })).status).toBe(200);
  });

  it("compares versions numerically", () => {
    expect(compareSemVer("3.10.0", "3.9.9")).toBe(1);
    expect(compareSemVer("3.9.9", "3.10.0")).toBe(-1);
    expect(compareSemVer("3.10.0", "3.10.0")).toBe(0);
  });
});

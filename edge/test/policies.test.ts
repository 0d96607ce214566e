// The policy middlewares (./middleware) wired into the app, against the devstack's Redis: a route limit answers 429
// before the function runs, an Idempotency-Key replays the first answer without a second execution, and a public
// GET is served from the cache on the second call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "@chizze/contracts/policies";
import { startHarness, type Harness } from "./support/harness";
import type { EdgeApp } from "../src/app";

let h: Harness;
let app: EdgeApp;
beforeAll(async () => {
  h = await startHarness();
  app = h.newApp({ policies: { rateLimit: { policies: { ...RATE_LIMITS, "orders.read": { ...RATE_LIMITS["orders.read"], limit: 2 } } }, cache: { edgeCache: null } } });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe("policy middlewares in the chain", () => {
  it("answers 429 with Retry-After once the route's limit is spent, without executing the function", async () => {
    const headers = { authorization: `Bearer ${h.tokens.restaurant}` };
    const first = await h.request("/api/v1/orders/ord_1", { headers }, app);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    expect((await h.request("/api/v1/orders/ord_1", { headers }, app)).status).toBe(200);
    const before = h.executionCount();
    const limited = await h.request("/api/v1/orders/ord_1", { headers }, app);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: "rate_limited" });
    expect(h.executionCount()).toBe(before);
  });

  it("replays an Idempotency-Key's first answer without a second execution", async () => {
    const init = () => ({
      method: "POST",
      headers: { authorization: `Bearer ${h.tokens.customer}`, "content-type": "application/json", "idempotency-key": "idem-wiring-1" },
      body: JSON.stringify({ reasonCode: "changed_mind" }),
    });
    const first = await h.request("/api/v1/orders/ord_5/cancel", init(), app);
    expect(first.status).toBe(200);
    await h.settle();
    const before = h.executionCount();
    const second = await h.request("/api/v1/orders/ord_5/cancel", init(), app);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(await first.json());
    expect(h.executionCount()).toBe(before);
  });

  it("serves a public GET from the cache the second time", async () => {
    const first = await h.request("/api/v1/restaurants/rst_cached", {}, app);
    expect(first.status).toBe(200);
    await h.settle();
    const before = h.executionCount();
    const second = await h.request("/api/v1/restaurants/rst_cached", {}, app);
    expect(second.status).toBe(200);
    expect(second.headers.get("x-cache")).toMatch(/HIT/i);
    expect(h.executionCount()).toBe(before);
  });
});

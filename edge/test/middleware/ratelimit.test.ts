// Every contracts rate-limit policy against the real @upstash/ratelimit over the devstack Upstash endpoint and a
// private redis-server: N calls pass, the N+1th is a 429 with Retry-After and RateLimit-* headers — counted across
// two app instances sharing Redis (R15). Redis down or slow → OTP 503 (closed), reads 200 (open, logged).
//
// Date (only Date) is frozen mid-window so that no run straddles a window boundary: the sliding window weighs the
// previous window and would otherwise admit one extra call near a boundary. Timers stay real.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RATE_LIMITS, type RateLimitPolicy } from "@chizze/contracts/policies";
import type { AnyRoute } from "@chizze/contracts/route";
import { ROUTES, routeById } from "@chizze/contracts/routes";
import { createRateLimitMiddleware, policiesFor } from "../../src/middleware/ratelimit";
import type { EdgeLog } from "../../src/middleware/context";
import { appFor, executionContext, pathOf, startStack, TEST_IP_HEADER, TEST_USER_HEADER, uid, type Stack } from "./harness";

let stack: Stack;
const FROZEN = new Date("2026-11-26T10:30:30.000Z");

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: FROZEN });
  stack = await startStack();
});

afterAll(async () => {
  vi.useRealTimers();
  await stack.stop();
});

function routeFor(policyId: string): AnyRoute {
  const r = ROUTES.find((x) => x.rateLimit === policyId) ?? ROUTES.find((x) => (x.extraRateLimits ?? []).includes(policyId as never));
  if (!r) throw new Error(`no route uses ${policyId}`);
  return r;
}

function phone(): string {
  return `+919${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}

function ip(): string {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

/** Requests that share the policy's key and vary every other key, so only this policy can run out. */
function requestMaker(route: AnyRoute, policy: RateLimitPolicy): () => RequestInit {
  const fixed = { user: uid("u"), ip: ip(), phone: phone(), otpUser: uid("otp") };
  return () => {
    const user = policy.key === "user" ? fixed.user : uid("u");
    const addr = policy.key === "ip" ? fixed.ip : ip();
    let body: string | undefined;
    if (route.id === "auth.sendOtp") body = JSON.stringify({ phone: policy.key === "phone" ? fixed.phone : phone() });
    else if (route.id === "auth.verifyOtp") body = JSON.stringify({ userId: policy.key === "phone" ? fixed.otpUser : uid("otp"), otp: "123456" });
    else if (route.method !== "GET" && route.method !== "DELETE") body = "{}";
    return {
      method: route.method,
      headers: { [TEST_USER_HEADER]: user, [TEST_IP_HEADER]: addr, "content-type": "application/json" },
      ...(body === undefined ? {} : { body }),
    };
  };
}

const okHandler = () => new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } });

describe.each(Object.values(RATE_LIMITS).map((p) => [p.id, p] as const))("policy %s", (_id, policy) => {
  it(`allows ${policy.limit}, then answers 429 with Retry-After and RateLimit-* (counted across two app instances)`, async () => {
    const route = routeFor(policy.id);
    // Two instances = two isolates: separate limiter objects and ephemeral caches, one Redis.
    const apps = [0, 1].map(() => appFor([{ route, handler: okHandler }], [createRateLimitMiddleware()]));
    const make = requestMaker(route, policy);
    const path = pathOf(route);
    const ec = executionContext();
    const statuses: number[] = [];
    for (let i = 0; i < policy.limit; i++) {
      const res = await apps[i % 2]!.request(path, make(), stack.env, ec.ctx);
      statuses.push(res.status);
      if (route.rateLimit === policy.id && i === 0) {
        expect(res.headers.get("ratelimit-limit")).toBe(String(policy.limit));
        expect(res.headers.get("ratelimit-remaining")).toBe(String(policy.limit - 1));
        expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
      }
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const denied = await apps[policy.limit % 2]!.request(path, make(), stack.env, ec.ctx);
    expect(denied.status).toBe(429);
    expect(denied.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(denied.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(denied.headers.get("retry-after"))).toBeLessThanOrEqual(policy.windowSec);
    expect(denied.headers.get("ratelimit-limit")).toBe(String(policy.limit));
    expect(denied.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(denied.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
    const body = (await denied.json()) as { code: string; status: number; requestId: string };
    expect(body).toMatchObject({ code: "rate_limited", status: 429 });
    expect(body.requestId).toBeTruthy();
    // The other instance agrees: the budget is global, not per isolate.
    expect((await apps[(policy.limit + 1) % 2]!.request(path, make(), stack.env, ec.ctx)).status).toBe(429);
    await ec.settle();
  });
});

describe("keys and headers", () => {
  it("verify-otp counts per OTP userId from the body, not per IP", async () => {
    const route = routeById("auth.verifyOtp")!;
    const app = appFor([{ route, handler: okHandler }], [createRateLimitMiddleware({ redis: stack.redis })]);
    const send = (userId: string) =>
      app.request(pathOf(route), { method: "POST", headers: { [TEST_IP_HEADER]: "10.9.9.9", "content-type": "application/json" }, body: JSON.stringify({ userId, otp: "000000" }) });
    const a = uid("a");
    for (let i = 0; i < 10; i++) expect((await send(a)).status).toBe(200);
    expect((await send(a)).status).toBe(429);
    // Same IP, another phone's user: its own budget.
    expect((await send(uid("b"))).status).toBe(200);
  });

  it("routes without a policy of their own carry no RateLimit-* headers but still count against the global per-IP limit", async () => {
    const route = routeById("auth.refresh")!;
    expect(policiesFor(route, "all", RATE_LIMITS).map((p) => p.id)).toEqual(["global.ip"]);
    const app = appFor([{ route, handler: okHandler }], [createRateLimitMiddleware({ redis: stack.redis })]);
    const res = await app.request(pathOf(route), { method: "POST", headers: { [TEST_IP_HEADER]: ip() }, body: "{}" });
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-limit")).toBeNull();
  });

  it("a route's own per-IP policy replaces the global fallback; phases split the chain around auth", () => {
    expect(policiesFor(routeById("auth.sendOtp")!, "all", RATE_LIMITS).map((p) => p.id)).toEqual(["auth.send-otp.phone", "auth.send-otp.ip"]);
    expect(policiesFor(routeById("orders.place")!, "all", RATE_LIMITS).map((p) => p.id)).toEqual(["orders.place", "global.ip"]);
    expect(policiesFor(routeById("orders.place")!, "global", RATE_LIMITS).map((p) => p.id)).toEqual(["global.ip"]);
    expect(policiesFor(routeById("orders.place")!, "route", RATE_LIMITS).map((p) => p.id)).toEqual(["orders.place"]);
    expect(policiesFor(routeById("appConfig.get")!, "all", RATE_LIMITS).map((p) => p.id)).toEqual(["global.ip"]);
    expect(policiesFor(null, "all", RATE_LIMITS).map((p) => p.id)).toEqual(["global.ip"]);
  });

  it("an anonymous request to a public route is counted once: the global phase checks the route's policy too, the route phase skips", async () => {
    const route = routeById("catalog.menu")!;
    const menu = RATE_LIMITS["catalog.menu"];
    const app = appFor([{ route, handler: okHandler }], [createRateLimitMiddleware({ phase: "global" }), createRateLimitMiddleware({ phase: "route" })]);
    const addr = ip();
    const send = () => app.request(pathOf(route, { id: "r1" }), { headers: { [TEST_IP_HEADER]: addr } }, stack.env);
    for (let i = 0; i < menu.limit; i++) {
      const res = await send();
      expect(res.status).toBe(200);
      if (i === 0) expect(res.headers.get("ratelimit-remaining")).toBe(String(menu.limit - 1));
    }
    const denied = await send();
    expect(denied.status).toBe(429);
    expect(denied.headers.get("ratelimit-limit")).toBe(String(menu.limit));
  });

  it("hands each limiter's Redis call and ratelimit's pending promise to executionCtx.waitUntil", async () => {
    const route = routeById("catalog.menu")!;
    const app = appFor([{ route, handler: okHandler }], [createRateLimitMiddleware({ redis: stack.redis })]);
    const ec = executionContext();
    expect((await app.request(pathOf(route, { id: "r1" }), { headers: { [TEST_USER_HEADER]: uid() } }, stack.env, ec.ctx)).status).toBe(200);
    // Two per limiter consulted (the route's policy and the global fallback): the call, so a late failure after a
    // timeout is still observed, and ratelimit's pending work.
    expect(ec.collected()).toBe(4);
    await ec.settle();
  });
});

describe("Redis failure (R10)", () => {
  const otp = routeById("auth.sendOtp")!;
  const menu = routeById("catalog.menu")!;

  function apps(timeoutMs?: number) {
    const lines: Parameters<EdgeLog>[0][] = [];
    const counters: string[] = [];
    const mw = createRateLimitMiddleware({
      redis: stack.redis,
      log: (e) => lines.push(e),
      metrics: { counter: (name, labels) => counters.push(`${name}:${labels?.policy}:${labels?.decision}`), histogram: () => {}, gauge: () => {} },
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    const app = appFor([{ route: otp, handler: okHandler }, { route: menu, handler: okHandler }], [mw]);
    const sendOtp = () => app.request(pathOf(otp), { method: "POST", headers: { "content-type": "application/json", [TEST_IP_HEADER]: ip() }, body: JSON.stringify({ phone: phone() }) });
    const readMenu = () => app.request(pathOf(menu, { id: "r1" }), { headers: { [TEST_USER_HEADER]: uid(), [TEST_IP_HEADER]: ip() } });
    return { lines, counters, sendOtp, readMenu };
  }

  it("Redis unreachable: OTP fails closed with 503 + Retry-After, the menu read fails open (200, logged)", async () => {
    const t = apps();
    stack.upstash.faults.set({ down: true });
    try {
      const o = await t.sendOtp();
      expect(o.status).toBe(503);
      expect(o.headers.get("retry-after")).toBe("5");
      expect(((await o.json()) as { code: string }).code).toBe("dependency_unavailable");
      const m = await t.readMenu();
      expect(m.status).toBe(200);
    } finally {
      stack.upstash.faults.clear();
    }
    expect(stack.upstash.faults.counters().refused).toBeGreaterThan(0);
    expect(t.lines.some((l) => l.msg === "rate limit unavailable: failing open" && l.policy === "catalog.menu" && l.reason === "error")).toBe(true);
    expect(t.lines.some((l) => l.msg === "rate limit unavailable: failing closed" && l.policy === "auth.send-otp.phone")).toBe(true);
    expect(t.counters).toContain("chizze_ratelimit_redis_failures_total:catalog.menu:open");
    // Redis back: both work again.
    expect((await t.sendOtp()).status).toBe(200);
  });

  it("Redis slower than the limiter's timeout (our race against the call gives up): same decisions", async () => {
    const t = apps(150);
    stack.upstash.faults.set({ latencyMs: 1_000 });
    try {
      expect((await t.sendOtp()).status).toBe(503);
      expect((await t.readMenu()).status).toBe(200);
    } finally {
      stack.upstash.faults.clear();
    }
    expect(t.lines.some((l) => l.policy === "catalog.menu" && l.reason === "timeout")).toBe(true);
  });
});

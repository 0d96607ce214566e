// The typed client against the edge running in-process (`app.request`) on a private devstack, plus the retry rules
// with a scripted fetch (no real waiting: `sleep` is recorded, never timed).
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { startHarness, type Harness } from "../../../edge/test/support/harness";
import { healthRoute } from "@chizze/contracts/api/health";
import { cancelOrderRoute, getOrderRoute, listOrdersRoute, placeOrderRoute } from "@chizze/contracts/api/orders";
import { ApiProblem, createClient, type ChizzeClient } from "./index";

let h: Harness;
const seen: Request[] = [];
const waits: number[] = [];

function client(token: string | null): ChizzeClient {
  return createClient({
    baseUrl: "http://edge.test/",
    getToken: () => token,
    fetch: async (req) => {
      seen.push(req.clone());
      return h.request(req.url.replace("http://edge.test", ""), { method: req.method, headers: req.headers, ...(req.body ? { body: await req.text() } : {}) });
    },
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
  });
}

beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  h.stack.appwrite.faults.clear();
  seen.length = 0;
  waits.length = 0;
});

describe("typed calls through the edge", () => {
  it("calls a public route and types its answer", async () => {
    const res = await client(null).call(healthRoute);
    expectTypeOf(res.body).toEqualTypeOf<{ status: "ok"; release: string; time: string }>();
    const byId = await client(null).call("health.live");
    expect(byId.status).toBe(200);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("fills path params and query, sends the token, and returns the function's answer", async () => {
    const res = await client(h.tokens.customer).call(getOrderRoute, { params: { id: "ord_42" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ functionId: "orders-get", params: { id: "ord_42" } });
    const list = await client(h.tokens.customer).call(listOrdersRoute, { query: { limit: 5 } });
    expect(list.body).toMatchObject({ query: { limit: 5 } });
    expect(seen.at(-1)?.url).toBe("http://edge.test/api/v1/orders?limit=5");
  });

  it("throws a typed ApiProblem for a problem answer", async () => {
    const err = await client(null).call("orders.list").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    const p = err as ApiProblem;
    expect(p.status).toBe(401);
    expect(p.code).toBe("unauthenticated");
    expect(p.requestId).toBe(p.headers.get("x-request-id"));
    expect(seen).toHaveLength(1); // 401 is not retried
  });

  it("generates an Idempotency-Key when the route requires one, and the function receives it", async () => {
    const res = await client(h.tokens.customer).call(cancelOrderRoute, { params: { id: "ord_1" }, body: { reasonCode: "changed_mind" } });
    const key = seen[0]?.headers.get("idempotency-key");
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toMatchObject({ idempotencyKey: key });
  });

  it("retries an idempotent call after a 503 with the same Idempotency-Key", async () => {
    const c = client(h.tokens.customer);
    await c.call("orders.get", { params: { id: "warm" } }); // the token is verified and cached: the next Appwrite call is the execution
    seen.length = 0;
    h.stack.appwrite.faults.set({ failNext: 1, failStatus: 503 });
    const res = await c.call(cancelOrderRoute, { params: { id: "ord_2" }, body: { reasonCode: "changed_mind" }, headers: { "idempotency-key": "given-key-1" } });
    expect(res.status).toBe(200);
    expect(seen.map((r) => r.headers.get("idempotency-key"))).toEqual(["given-key-1", "given-key-1"]);
    expect(res.body).toMatchObject({ idempotencyKey: "given-key-1" });
    expect(waits).toEqual([5_000]); // the edge's Retry-After
  });

  it("does not retry a call that is not idempotent", async () => {
    const c = client(h.tokens.customer);
    await c.call("orders.get", { params: { id: "warm" } });
    seen.length = 0;
    h.stack.appwrite.faults.set({ failNext: 1, failStatus: 503 });
    const err = await c.call("cart.quote", { body: { restaurantId: "rst_1", items: [] } }).catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(err).toBeInstanceOf(ApiProblem);
  });
});

describe("retry rules (scripted fetch)", () => {
  const scripted = (answers: (Response | Error)[]) => {
    const requests: Request[] = [];
    const sleeps: number[] = [];
    const c = createClient({
      baseUrl: "http://x",
      fetch: async (req) => {
        requests.push(req);
        const next = answers.shift();
        if (!next) throw new Error("no more answers");
        if (next instanceof Error) throw next;
        return next;
      },
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 1,
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
    });
    return { c, requests, sleeps };
  };
  const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify({ type: "t", title: "t", status, code, requestId: "r" }), { status, headers: { "content-type": "application/problem+json", ...headers } });
  const ok = () => new Response(JSON.stringify({ status: "ok", release: "r", time: "t" }), { status: 200, headers: { "content-type": "application/json" } });

  it("backs off exponentially after network errors on a GET and gives up after the attempts", async () => {
    const { c, requests, sleeps } = scripted([new TypeError("fetch failed"), new TypeError("fetch failed"), new TypeError("fetch failed")]);
    await expect(c.call("health.live")).rejects.toThrow("fetch failed");
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it("honours Retry-After on 429 and stops when it is too long", async () => {
    const a = scripted([problem(429, "rate_limited", { "retry-after": "2" }), ok()]);
    expect((await a.c.call("health.live")).status).toBe(200);
    expect(a.sleeps).toEqual([2_000]);
    const b = scripted([problem(429, "rate_limited", { "retry-after": "3600" })]);
    await expect(b.c.call("health.live")).rejects.toBeInstanceOf(ApiProblem);
    expect(b.requests).toHaveLength(1);
  });

  it("retries 409 idempotency_in_flight but not other 4xx", async () => {
    const a = scripted([problem(409, "idempotency_in_flight"), ok()]);
    expect((await a.c.call(placeOrderRoute, { body: { quoteId: "q1" } })).status).toBe(200);
    expect(a.requests.map((r) => r.headers.get("idempotency-key"))).toEqual([a.requests[0]?.headers.get("idempotency-key"), a.requests[0]?.headers.get("idempotency-key")]);
    const b = scripted([problem(422, "quote_expired")]);
    await expect(b.c.call(placeOrderRoute, { body: { quoteId: "q1" } })).rejects.toMatchObject({ code: "quote_expired", status: 422 });
    expect(b.requests).toHaveLength(1);
  });
});

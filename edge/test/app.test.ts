// The edge's own behaviour against a private devstack: health and readiness, request ids, CORS, 404/405, body
// limits (also chunked), content types, bad JSON, how function answers and failures are mapped, deprecation
// headers, the request log and metrics.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_CONTENT_TYPE } from "@chizze/contracts/errors";
import { ROUTES } from "@chizze/contracts/routes";
import type { AnyRoute } from "@chizze/contracts/route";
import { startHarness, WEB_ORIGIN, type Harness } from "./support/harness";
import { userIndex } from "../src/metrics";
import { startNodeEdge } from "../src/node";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  h.stack.appwrite.faults.clear();
  h.stack.upstash.faults.clear();
});

const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
const customer = () => ({ authorization: `Bearer ${h.tokens.customer}` });

describe("health", () => {
  it("answers liveness without touching a dependency", async () => {
    h.stack.appwrite.faults.set({ down: true });
    const res = await h.request("/api/v1/health");
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: "ok", release: "test-release" });
  });

  it("reports Redis, Appwrite and the health function as ready, executing the health function", async () => {
    const before = h.executionsOf("health");
    const res = await h.request("/api/v1/health/ready");
    expect(res.status).toBe(200);
    const body = await json<{ status: string; checks: Record<string, { status: string; latencyMs: number | null }> }>(res);
    expect(body.status).not.toBe("down");
    for (const dep of ["redis", "appwrite", "functions"]) expect(body.checks[dep]?.status, dep).not.toBe("down");
    expect(h.executionsOf("health")).toBe(before + 1);
  });

  it("answers 503 naming appwrite when Appwrite is down", async () => {
    h.stack.appwrite.faults.set({ down: true });
    const res = await h.request("/api/v1/health/ready");
    expect(res.status).toBe(503);
    const body = await json<{ status: string; checks: Record<string, { status: string; detail: string | null }> }>(res);
    expect(body.status).toBe("down");
    expect(body.checks.appwrite?.status).toBe("down");
    expect(body.checks.redis?.status).toBe("ok");
  });

  it("answers 503 naming redis when Redis is down", async () => {
    h.stack.upstash.faults.set({ down: true });
    const res = await h.request("/api/v1/health/ready");
    expect(res.status).toBe(503);
    const body = await json<{ checks: Record<string, { status: string }> }>(res);
    expect(body.checks.redis?.status).toBe("down");
    expect(body.checks.appwrite?.status).toBe("ok");
  });

  it("reuses one readiness result per isolate within its window", async () => {
    const app = h.newApp({ readinessCacheMs: 60_000 });
    const before = h.executionsOf("health");
    const first = await json(await h.request("/api/v1/health/ready", {}, app));
    h.stack.appwrite.faults.set({ down: true });
    const second = await h.request("/api/v1/health/ready", {}, app);
    expect(second.status).toBe(200);
    expect(await json(second)).toEqual(first);
    expect(h.executionsOf("health")).toBe(before + 1);
  });

  it("does not route the internal health-function route from outside", async () => {
    const res = await h.request("/api/v1/health/function");
    expect(res.status).toBe(404);
  });
});

describe("request ids and headers", () => {
  it("reuses a valid incoming X-Request-Id, replaces an invalid one, and passes it to the function", async () => {
    const ok = await h.request("/api/v1/restaurants/rst_1", { headers: { "x-request-id": "client-req.42" } });
    expect(ok.headers.get("x-request-id")).toBe("client-req.42");
    expect(await json(ok)).toMatchObject({ requestId: "client-req.42" });
    const bad = await h.request("/api/v1/health", { headers: { "x-request-id": "bad id <script>" } });
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await h.request("/api/v1/nope", { headers: { "x-request-id": "rid-404" } });
    expect(problem.headers.get("x-request-id")).toBe("rid-404");
    expect(await json(problem)).toMatchObject({ requestId: "rid-404", code: "not_found", status: 404 });
  });

  it("sets security headers", async () => {
    const res = await h.request("/api/v1/health");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("answers a CORS preflight for an allowed origin only, exposing the API's headers", async () => {
    const pre = await h.request("/api/v1/orders", {
      method: "OPTIONS",
      headers: { origin: WEB_ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "authorization, idempotency-key, content-type" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
    expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("idempotency-key");
    expect(pre.headers.get("x-request-id")).toBeTruthy();
    const get = await h.request("/api/v1/health", { headers: { origin: WEB_ORIGIN } });
    expect(get.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
    expect(get.headers.get("access-control-expose-headers")).toContain("Retry-After");
    const evil = await h.request("/api/v1/orders", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("adds Deprecation and Sunset to a deprecated route", async () => {
    const health = ROUTES.find((r) => r.id === "health.live") as AnyRoute;
    const app = h.newApp({ routes: [{ ...health, deprecated: { sunset: "2027-03-31" } }] });
    const res = await h.request("/api/v1/health", {}, app);
    expect(res.status).toBe(200);
    expect(res.headers.get("deprecation")).toBe("true");
    expect(res.headers.get("sunset")).toBe("Wed, 31 Mar 2027 00:00:00 GMT");
  });
});

describe("routing and request bodies", () => {
  it("answers 404 problem+json for an unknown path and 405 with Allow for a wrong method", async () => {
    const missing = await h.request("/api/v1/does-not-exist");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    const wrong = await h.request("/api/v1/health", { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("GET");
    expect(await json(wrong)).toMatchObject({ code: "method_not_allowed" });
  });

  it("answers 400 for a body that is not JSON, without executing anything", async () => {
    const before = h.executionCount();
    const res = await h.request("/api/v1/cart/quote", { method: "POST", headers: { ...customer(), "content-type": "application/json" }, body: '{"restaurantId": "r1",' });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: "bad_request" });
    expect(h.executionCount()).toBe(before);
  });

  it("answers 415 for a body that is not JSON by content type", async () => {
    const before = h.executionCount();
    const res = await h.request("/api/v1/auth/send-otp", { method: "POST", headers: { "content-type": "text/plain" }, body: "phone=+919876543210" });
    expect(res.status).toBe(415);
    expect(await json(res)).toMatchObject({ code: "unsupported_media_type" });
    const form = await h.request("/api/v1/auth/send-otp", { method: "POST", body: new URLSearchParams({ phone: "+919876543210" }) });
    expect(form.status).toBe(415);
    expect(h.executionCount()).toBe(before);
  });

  it("answers 413 for an oversize body, with a length and chunked", async () => {
    const before = h.executionCount();
    const big = JSON.stringify({ phone: "+919876543210", pad: "x".repeat(70 * 1024) });
    const sized = await h.request("/api/v1/auth/send-otp", { method: "POST", headers: { "content-type": "application/json", "content-length": String(big.length) }, body: big });
    expect(sized.status).toBe(413);
    expect(await json(sized)).toMatchObject({ code: "payload_too_large" });

    const chunks = (n: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < n; i++) controller.enqueue(new TextEncoder().encode(i === 0 ? '{"phone":"+919876543210","pad":"' : "y".repeat(8 * 1024)));
          controller.close();
        },
      });
    const chunked = await h.request("/api/v1/auth/send-otp", {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: chunks(12),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(h.executionCount()).toBe(before);
  });

  it("holds the limit for a chunked upload over a real socket (Node server)", async () => {
    const edge = await startNodeEdge({ bindings: h.bindings, port: 0, app: { logWriter: () => {} } });
    try {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("z".repeat(10 * 1024)));
          controller.close();
        },
      });
      const res = await fetch(`${edge.url}/api/v1/auth/send-otp`, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
      expect(res.status).toBe(413);
      const live = await fetch(`${edge.url}/api/v1/health`);
      expect(live.status).toBe(200);
    } finally {
      await edge.close();
    }
  });

  it("passes a valid body through unchanged (raw bytes) with the forwarded headers", async () => {
    const raw = '{ "phone" : "+919876543210" }';
    const res = await h.request("/api/v1/auth/send-otp", { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: raw });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ functionId: "auth-send-otp", rawBody: raw, body: { phone: "+919876543210" } });
  });
});

describe("function answers and failures", () => {
  it("maps the execution back unchanged: status, body, content type", async () => {
    const res = await h.request("/api/v1/orders/ord_9", { headers: customer() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await json(res)).toMatchObject({ functionId: "orders-get", params: { id: "ord_9" } });
  });

  it("adds Retry-After to a 503 problem from a function (Appwrite drops function headers)", async () => {
    const res = await h.request("/api/v1/admin/flags", { headers: { authorization: `Bearer ${h.tokens.admin}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("content-type")).toContain("problem+json");
  });

  it("answers 502 bad_gateway when the execution failed without a body", async () => {
    const res = await h.request("/api/v1/me/export", { headers: customer() });
    expect(res.status).toBe(502);
    expect(await json(res)).toMatchObject({ code: "bad_gateway" });
  });

  it("answers 504 timeout when the execution outlives the edge's budget", async () => {
    const app = h.newApp({ invokeTimeoutMs: 200 });
    h.stack.appwrite.faults.set({ latencyMs: 1_500 });
    const res = await h.request("/api/v1/restaurants/rst_1", {}, app);
    expect(res.status).toBe(504);
    expect(await json(res)).toMatchObject({ code: "timeout" });
  });

  it("answers 503 dependency_unavailable with Retry-After when Appwrite is unreachable", async () => {
    h.stack.appwrite.faults.set({ down: true });
    const res = await h.request("/api/v1/restaurants/rst_1");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await json(res)).toMatchObject({ code: "dependency_unavailable" });
  });

  it("answers 503 (not 401) on a protected route when Appwrite cannot verify the token", async () => {
    const app = h.newApp();
    h.stack.upstash.faults.set({ down: true }); // no session cache either
    h.stack.appwrite.faults.set({ down: true });
    const res = await h.request("/api/v1/orders", { headers: customer() }, app);
    expect(res.status).toBe(503);
  });
});

describe("session cache", () => {
  it("asks Appwrite once per token: later requests hit the isolate LRU, other isolates hit Redis", async () => {
    const token = h.tokens.partner;
    const a = h.newApp();
    for (let i = 0; i < 3; i++) expect((await h.request("/api/v1/delivery/offers", { headers: { authorization: `Bearer ${token}` } }, a)).status).toBe(200);
    expect(a.state.authenticator.accountCalls).toBe(1);
    await h.settle();
    const b = h.newApp();
    expect((await h.request("/api/v1/delivery/offers", { headers: { authorization: `Bearer ${token}` } }, b)).status).toBe(200);
    expect(b.state.authenticator.accountCalls).toBe(0);
  });
});

describe("logs and metrics", () => {
  it("writes one JSON line per request with id, route, status, timing and user", async () => {
    const res = await h.request("/api/v1/orders/ord_7", { headers: { ...customer(), "x-request-id": "log-check-1" } });
    expect(res.status).toBe(200);
    const line = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "request" && l.requestId === "log-check-1");
    expect(line).toMatchObject({ route: "orders.get", method: "GET", status: 200, userId: h.users.customer.userId });
    expect(typeof line?.ms).toBe("number");
  });

  it("writes the §8.1 metrics to Analytics Engine when bound", async () => {
    const points: { indexes?: string[]; blobs?: string[]; doubles?: number[] }[] = [];
    const res = await h.app.request("/api/v1/health", {}, { ...h.bindings, METRICS: { writeDataPoint: (p) => void points.push(p) } });
    expect(res.status).toBe(200);
    expect(points.map((p) => p.indexes?.[0])).toEqual(["chizze_http_requests_total", "chizze_http_request_duration_seconds"]);
    expect(points[0]?.blobs).toEqual(["chizze_http_requests_total", "GET", "health.live", "200"]);
  });

  it("counts a signed-in request toward active users, indexed by a hash of the user id (never the id)", async () => {
    const points: { indexes?: string[]; blobs?: string[]; doubles?: number[] }[] = [];
    const bindings = { ...h.bindings, METRICS: { writeDataPoint: (p: { indexes?: string[]; blobs?: string[]; doubles?: number[] }) => void points.push(p) } };
    expect((await h.app.request("/api/v1/orders/ord_7", { headers: customer() }, bindings)).status).toBe(200);
    expect((await h.app.request("/api/v1/health", {}, bindings)).status).toBe(200); // anonymous: not counted
    const active = points.filter((p) => p.blobs?.[0] === "chizze_active_users");
    expect(active).toEqual([{ indexes: [userIndex(h.users.customer.userId)], blobs: ["chizze_active_users"], doubles: [1] }]);
    expect(JSON.stringify(active)).not.toContain(h.users.customer.userId);
    expect(userIndex("usr_a")).not.toBe(userIndex("usr_b"));
  });
});

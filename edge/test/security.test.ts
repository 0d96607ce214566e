// The route × role matrix over every contract route (R14), forged identities, and the rule that a request the
// edge refuses never costs a function execution (counted in the devstack's execution store).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "@chizze/contracts/routes";
import type { AnyRoute } from "@chizze/contracts/route";
import { PROBLEM_CONTENT_TYPE } from "@chizze/contracts/errors";
import { signIdentity } from "@chizze/platform/identity";
import { startHarness, type Harness, type Persona } from "./support/harness";
import { admits, init, needsJwt, urlOf } from "./support/routes";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const PERSONAS: Persona[] = ["customer", "restaurant", "partner", "admin"];
const functionRoutes: AnyRoute[] = ROUTES.filter((r) => r.functionId !== null);

interface Problem {
  code: string;
  status: number;
  requestId: string;
  errors?: { path: string; message: string }[];
}

async function problemOf(res: Response): Promise<Problem> {
  expect(res.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
  const body = (await res.json()) as Problem;
  expect(body.requestId).toBe(res.headers.get("x-request-id"));
  expect(JSON.stringify(body)).not.toMatch(/at .+\.ts:\d+/); // never a stack trace
  return body;
}

describe("authentication and roles, before any function runs", () => {
  it("answers 401 without a token on every route that needs one", async () => {
    const before = h.executionCount();
    const protectedRoutes = functionRoutes.filter(needsJwt);
    expect(protectedRoutes.length).toBeGreaterThan(30);
    for (const route of protectedRoutes) {
      const res = await h.request(urlOf(route), init(route, null));
      expect(res.status, route.id).toBe(401);
      expect((await problemOf(res)).code, route.id).toBe("unauthenticated");
    }
    expect(h.executionCount()).toBe(before);
  });

  it("answers 403 for every persona whose role a route does not admit", async () => {
    const before = h.executionCount();
    let checked = 0;
    for (const route of functionRoutes.filter(needsJwt)) {
      for (const persona of PERSONAS.filter((p) => !admits(route, p))) {
        const res = await h.request(urlOf(route), init(route, h.tokens[persona]));
        expect(res.status, `${route.id} as ${persona}`).toBe(403);
        expect((await problemOf(res)).code).toBe("forbidden");
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(h.executionCount()).toBe(before);
  });

  it("answers 401 for a forged, expired or garbage token without asking a function", async () => {
    const before = h.executionCount();
    const route = ROUTES.find((r) => r.id === "orders.list");
    if (!route) throw new Error("orders.list missing");
    const [header, payload] = h.tokens.admin.split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;
    const expired = `${header}.${btoa(JSON.stringify({ userId: "u1", sessionId: "s1", exp: 1 })).replace(/=+$/, "")}.xyz`;
    for (const token of [forged, expired, "not-a-jwt", ""]) {
      const res = await h.request(urlOf(route), { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, token.slice(0, 12)).toBe(401);
    }
    const basic = await h.request(urlOf(route), { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(basic.status).toBe(401);
    expect(h.executionCount()).toBe(before);
  });

  it("lets each admitted persona through to the function, which sees the edge-signed identity", async () => {
    for (const persona of PERSONAS) {
      const res = await h.request("/api/v1/orders/ord_1", { headers: { authorization: `Bearer ${h.tokens[persona]}` } });
      expect(res.status, persona).toBe(200);
      const body = (await res.json()) as { identity: { userId: string; roles: string[] }; requestId: string };
      expect(body.identity.userId).toBe(h.users[persona].userId);
      expect(body.identity.roles).toContain(persona);
      expect(body.requestId).toBe(res.headers.get("x-request-id"));
    }
  });
});

describe("forged identity headers", () => {
  it("ignores an x-chizze-identity sent by the client, even one signed with the real secret", async () => {
    const forged = await signIdentity({ userId: "attacker", roles: ["customer", "admin"] }, { secret: h.bindings.CHIZZE_IDENTITY_SECRET, functionId: "restaurants-get", requestId: "r1" });
    const res = await h.request("/api/v1/restaurants/rst_1", { headers: { "x-chizze-identity": forged, "x-appwrite-user-id": "attacker" } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { identity: unknown }).identity).toBeNull();

    const asAdmin = await signIdentity({ userId: h.users.customer.userId, roles: ["customer", "admin"] }, { secret: h.bindings.CHIZZE_IDENTITY_SECRET, functionId: "admin-orders-list", requestId: "r2" });
    const before = h.executionCount();
    const denied = await h.request("/api/v1/admin/orders", { headers: { authorization: `Bearer ${h.tokens.customer}`, "x-chizze-identity": asAdmin } });
    expect(denied.status).toBe(403);
    expect(h.executionCount()).toBe(before);
  });
});

describe("validation never costs a function execution", () => {
  it("answers 400 problem+json with field errors for a bad body on every body route", async () => {
    const before = h.executionCount();
    let checked = 0;
    for (const route of functionRoutes.filter((r) => r.request.body)) {
      const persona = PERSONAS.find((p) => admits(route, p)) ?? "customer";
      const token = needsJwt(route) ? h.tokens[persona] : null;
      // An array where every contract expects an object.
      const res = await h.request(urlOf(route), init(route, token, "[1]", { "idempotency-key": "k-1", "x-session-secret": "s" }));
      expect(res.status, route.id).toBe(400);
      const p = await problemOf(res);
      expect(p.code, route.id).toBe("validation_failed");
      expect(p.errors?.some((e) => e.path.startsWith("body")), route.id).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
    expect(h.executionCount()).toBe(before);
  });

  it("answers 400 for a bad path parameter and a bad query, naming the field", async () => {
    const before = h.executionCount();
    for (const route of functionRoutes.filter((r) => r.request.params && r.method === "GET")) {
      const persona = PERSONAS.find((p) => admits(route, p)) ?? "customer";
      const res = await h.request(urlOf(route, "-bad id-"), init(route, needsJwt(route) ? h.tokens[persona] : null));
      expect(res.status, route.id).toBe(400);
      expect((await problemOf(res)).errors?.map((e) => e.path)).toContain("params.id");
    }
    const nearby = await h.request("/api/v1/restaurants/nearby?lat=999&lng=77.6", { headers: { authorization: `Bearer ${h.tokens.customer}` } });
    expect(nearby.status).toBe(400);
    expect((await problemOf(nearby)).errors?.map((e) => e.path)).toContain("query.lat");
    expect(h.executionCount()).toBe(before);
  });

  it("asks for an Idempotency-Key where the contract requires one", async () => {
    const before = h.executionCount();
    const res = await h.request("/api/v1/orders", { method: "POST", headers: { authorization: `Bearer ${h.tokens.customer}`, "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).code).toBe("idempotency_key_required");
    expect(h.executionCount()).toBe(before);
  });

  it("refuses the session route without a session secret, and passes one through", async () => {
    const before = h.executionCount();
    const none = await h.request("/api/v1/auth/refresh", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(none.status).toBe(401);
    expect(h.executionCount()).toBe(before);
    const ok = await h.request("/api/v1/auth/refresh", { method: "POST", headers: { "content-type": "application/json", "x-session-secret": "secret-1" }, body: "{}" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sessionSecret: "secret-1", identity: null });
    expect(h.executionCount()).toBe(before + 1);
  });
});

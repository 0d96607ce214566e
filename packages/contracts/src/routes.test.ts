// The route table against api.md (the contract): every endpoint present with its role and rate limit, and the
// table's own invariants (unique ids/paths, kebab function ids, strict bodies, money routes idempotent, every
// schema convertible to JSON Schema for the OpenAPI document).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { INTERNAL_ROUTES, ROUTES, httpFunctionIds, routeById, routeByPath } from "./routes";
import type { AnyRoute, Method, Role } from "./route";
import { FUNCTION_ID_PATTERN, errorCodesOf, pathParams, rateLimitPoliciesOf, toOpenApiPath } from "./route";
import { GLOBAL_FALLBACK_POLICY_ID, RATE_LIMITS, isRateLimitPolicyId, templateVars } from "./policies";
import { NoContent } from "./common";

const MIN = 60;
const HOUR = 3600;

/**
 * api.md's endpoint table, transcribed: method, path (Hono style, without /api/v1), a role that must be allowed,
 * and the per-route limit as [limit, windowSec] (null = "–" in api.md: only the global fallback or a route-specific
 * exemption). Rows like "GET/POST/PATCH/DELETE /me/addresses" are expanded.
 */
const API_MD: [Method, string, Role, [number, number] | null][] = [
  ["POST", "/auth/send-otp", "public", [5, HOUR]],
  ["POST", "/auth/verify-otp", "public", [10, HOUR]],
  ["POST", "/auth/refresh", "session", null],
  ["GET", "/app-config", "public", [100, MIN]],
  ["GET", "/categories", "public", [100, MIN]],
  ["GET", "/restaurants/nearby", "customer", [30, MIN]],
  ["GET", "/restaurants/:id", "public", [60, MIN]],
  ["GET", "/restaurants/:id/menu", "public", [60, MIN]],
  ["GET", "/search", "customer", [30, MIN]],
  ["POST", "/cart/quote", "customer", [30, MIN]],
  ["GET", "/coupons", "customer", [30, MIN]],
  ["POST", "/orders", "customer", [10, MIN]],
  ["GET", "/orders", "customer", [60, MIN]],
  ["GET", "/orders/:id", "customer", [60, MIN]],
  ["POST", "/orders/:id/cancel", "customer", [10, MIN]],
  ["POST", "/orders/:id/cancel", "restaurant", [10, MIN]],
  ["POST", "/orders/:id/cancel", "admin", [10, MIN]],
  ["POST", "/payments/verify", "customer", [10, MIN]],
  ["POST", "/orders/:id/review", "customer", [10, MIN]],
  ["GET", "/me/addresses", "customer", [30, MIN]],
  ["POST", "/me/addresses", "customer", [30, MIN]],
  ["PATCH", "/me/addresses/:id", "customer", [30, MIN]],
  ["DELETE", "/me/addresses/:id", "customer", [30, MIN]],
  ["GET", "/me/export", "self", [2, HOUR]],
  ["DELETE", "/me", "self", [2, HOUR]],
  ["GET", "/restaurant/orders", "restaurant", [60, MIN]],
  ["POST", "/restaurant/orders/:id/accept", "restaurant", [60, MIN]],
  ["POST", "/restaurant/orders/:id/reject", "restaurant", [60, MIN]],
  ["POST", "/restaurant/orders/:id/ready", "restaurant", [60, MIN]],
  ["PATCH", "/restaurant", "restaurant", [30, MIN]],
  ["POST", "/restaurant/menu/items", "restaurant", [30, MIN]],
  ["PATCH", "/restaurant/menu/items/:id", "restaurant", [30, MIN]],
  ["DELETE", "/restaurant/menu/items/:id", "restaurant", [30, MIN]],
  ["PUT", "/delivery/status", "partner", [20, MIN]],
  ["PUT", "/delivery/location", "partner", [20, MIN]],
  ["GET", "/delivery/offers", "partner", [60, MIN]],
  ["POST", "/delivery/offers/:id/accept", "partner", [60, MIN]],
  ["POST", "/delivery/offers/:id/reject", "partner", [60, MIN]],
  ["POST", "/delivery/orders/:id/picked-up", "partner", [30, MIN]],
  ["POST", "/delivery/orders/:id/delivered", "partner", [30, MIN]],
  ["GET", "/delivery/earnings", "partner", [30, MIN]],
  ["POST", "/admin/restaurants/:id/approve", "admin", [60, MIN]],
  ["GET", "/admin/orders", "admin", [60, MIN]],
  ["POST", "/admin/orders/:id/refund", "admin", [60, MIN]],
  ["GET", "/admin/flags", "admin", [60, MIN]],
  ["GET", "/admin/app-config", "admin", [60, MIN]],
  ["POST", "/webhooks/razorpay", "razorpay", null],
  ["GET", "/health", "public", null],
  ["GET", "/health/ready", "public", null],
  ["GET", "/openapi.json", "public", null],
  ["GET", "/docs", "public", null],
];

const ALL: readonly AnyRoute[] = [...ROUTES, ...INTERNAL_ROUTES];
const bodyRoutes = (ROUTES as readonly AnyRoute[]).filter((r) => r.request.body !== undefined);

describe("api.md endpoint table", () => {
  it.each(API_MD)("%s %s exists for %s with its rate limit", (method, path, role, limit) => {
    const route = routeByPath(method, `/api/v1${path}`);
    expect(route, `${method} ${path}`).toBeDefined();
    if (!route) return;
    expect(route.roles).toContain(role);
    const primary = rateLimitPoliciesOf(route)[0];
    if (limit) {
      expect(primary).toBeDefined();
      expect([primary?.limit, primary?.windowSec]).toEqual(limit);
    } else {
      // "–" in api.md: nothing stricter than the global fallback may apply.
      expect(primary?.limit ?? Infinity).toBeGreaterThanOrEqual(RATE_LIMITS[GLOBAL_FALLBACK_POLICY_ID].limit);
    }
  });

  it("has the admin writes that the admin rows imply (flags and app-config are editable)", () => {
    expect(ROUTES.some((r) => r.method !== "GET" && r.path.startsWith("/api/v1/admin/flags"))).toBe(true);
    expect(ROUTES.some((r) => r.method !== "GET" && r.path === "/api/v1/admin/app-config")).toBe(true);
  });

  it("auth routes key by phone, everything customer-facing by user (api.md: Auth routes key by phone, others by user id)", () => {
    for (const id of ["auth.sendOtp", "auth.verifyOtp"]) {
      expect(rateLimitPoliciesOf(routeById(id) as AnyRoute)[0]?.key).toBe("phone");
    }
    for (const r of ROUTES.filter((x) => x.roles.some((role) => ["customer", "restaurant", "partner", "admin"].includes(role)))) {
      for (const p of rateLimitPoliciesOf(r)) expect(p.key, r.id).toBe("user");
    }
  });

  it("send-otp also limits per IP against SMS pumping, failing closed", () => {
    const policies = rateLimitPoliciesOf(routeById("auth.sendOtp") as AnyRoute);
    expect(policies.map((p) => p.key)).toEqual(["phone", "ip"]);
    expect(policies.every((p) => p.onRedisFailure === "closed")).toBe(true);
  });
});

describe("route table invariants", () => {
  it("has unique ids and unique (method, path) pairs", () => {
    const ids = ALL.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = ALL.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keeps OpenAPI paths unique too (two Hono paths differing only in param names would collide)", () => {
    const keys = ALL.map((r) => `${r.method} ${toOpenApiPath(r.path).replace(/\{[^}]+\}/g, "{}")}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("uses kebab-case function ids of at most 36 chars; only edge-answered routes have none", () => {
    for (const r of ALL) {
      if (r.functionId === null) {
        expect(r.tags.some((t) => t === "health" || t === "docs"), r.id).toBe(true);
        continue;
      }
      expect(r.functionId, r.id).toMatch(FUNCTION_ID_PATTERN);
      expect(r.functionId.length, r.id).toBeLessThanOrEqual(36);
    }
    expect(ROUTES.filter((r) => r.functionId === null).map((r) => r.path).sort()).toEqual(
      ["/api/v1/docs", "/api/v1/health", "/api/v1/health/ready", "/api/v1/openapi.json"],
    );
  });

  it("gives each function exactly one route (one endpoint, one function)", () => {
    const fns = ALL.map((r) => r.functionId).filter((f): f is string => f !== null);
    expect(new Set(fns).size).toBe(fns.length);
    expect(httpFunctionIds()).toEqual([...new Set(fns)].sort());
  });

  it("declares exactly the path params it uses", () => {
    for (const r of ALL) {
      expect(Object.keys(r.request.params?.shape ?? {}).sort(), r.id).toEqual(pathParams(r.path).sort());
    }
  });

  it("rejects price/status/totalPaise smuggled into any first-party body", () => {
    const firstParty = bodyRoutes.filter((r) => !r.roles.includes("razorpay"));
    expect(firstParty.length).toBeGreaterThan(20);
    for (const r of firstParty) {
      const result = (r.request.body as z.ZodType).safeParse({ price: 1, status: "delivered", totalPaise: 1 });
      expect(result.success, r.id).toBe(false);
      const unknown = result.error?.issues.find((i) => i.code === "unrecognized_keys");
      expect(unknown, `${r.id} body is not strict`).toBeDefined();
      expect(unknown && "keys" in unknown ? [...unknown.keys].sort() : [], r.id).toEqual(["price", "status", "totalPaise"]);
    }
  });

  it("refers only to existing rate-limit policies", () => {
    for (const r of ALL) {
      for (const id of [r.rateLimit, ...(r.extraRateLimits ?? [])]) {
        if (id !== null) expect(isRateLimitPolicyId(id), `${r.id} → ${id}`).toBe(true);
      }
    }
  });

  it("requires Idempotency-Key exactly on the money-moving routes", () => {
    const required = ALL.filter((r) => r.idempotency === "required").map((r) => r.id).sort();
    expect(required).toEqual(["admin.orders.refund", "orders.cancel", "orders.place"]);
    for (const id of required) {
      const headers = routeById(id)?.request.headers;
      expect(headers?.safeParse({}).success, id).toBe(false);
      expect(headers?.safeParse({ "idempotency-key": "5f0c8a52-6f7e-4b7e-9a51-1f1a2c3d4e5f" }).success, id).toBe(true);
    }
  });

  it("fails closed on Redis trouble for OTP and money, open for reads", () => {
    const closed = (id: string) => rateLimitPoliciesOf(routeById(id) as AnyRoute).every((p) => p.onRedisFailure === "closed");
    for (const id of ["auth.sendOtp", "auth.verifyOtp", "orders.place", "orders.cancel", "payments.verify"]) expect(closed(id), id).toBe(true);
    for (const id of ["catalog.nearby", "catalog.menu", "catalog.restaurant", "delivery.location"]) expect(closed(id), id).toBe(false);
  });

  it("never shares per-user answers and keys public caches only by request data", () => {
    for (const r of ALL) {
      const c = r.cache;
      if (!c) continue;
      expect(r.method, r.id).toBe("GET");
      if (c.scope === "per-user") {
        expect(c.redisKey === null || c.redisKey.includes("{userId}"), r.id).toBe(true);
      } else {
        // A public cache on a route whose answer depends on the caller would leak one user's data to another.
        expect(r.roles.some((role) => role === "self"), r.id).toBe(false);
        for (const v of templateVars(c.redisKey ?? "")) expect([...pathParams(r.path), "hash"], r.id).toContain(v);
      }
    }
    for (const r of ROUTES.filter((x) => x.tags.includes("orders") || x.tags.includes("me") || x.tags.includes("delivery"))) {
      expect(r.cache, r.id).toBeNull();
    }
  });

  it("has the cache figures of api.md / production-architecture §3", () => {
    const ttl = (id: string) => routeById(id)?.cache?.ttlSec;
    expect(ttl("catalog.nearby")).toBe(60);
    expect(routeById("catalog.nearby")?.cache?.swrSec).toBeGreaterThan(0);
    expect(ttl("catalog.restaurant")).toBe(300);
    expect(routeById("catalog.restaurant")?.cache?.redisKey).toBe("rest:{id}");
    expect(ttl("catalog.menu")).toBe(300);
    expect(routeById("catalog.menu")?.cache?.redisKey).toBe("menu:{id}");
    expect(ttl("catalog.search")).toBe(120);
    expect(routeById("catalog.search")?.cache?.redisKey).toBe("search:{hash}");
    expect(ttl("catalog.coupons")).toBe(600);
    expect(ttl("catalog.categories")).toBe(3600);
    expect(ttl("appConfig.get")).toBe(60);
    expect(ttl("docs.openapi")).toBe(3600);
  });

  it("purges the menu and restaurant caches on every menu or restaurant write", () => {
    for (const id of ["restaurant.update", "restaurant.menu.create", "restaurant.menu.update", "restaurant.menu.delete"]) {
      expect(routeById(id)?.invalidates, id).toContain("restaurant:{restaurantId}");
    }
    for (const id of ["restaurant.menu.create", "restaurant.menu.update", "restaurant.menu.delete"]) {
      const route = routeById(id);
      expect(route?.invalidates, id).toContain("menu:{restaurantId}");
      // The edge reads {restaurantId} from the success body, so that body must carry it.
      const ok = Object.entries(route?.responses ?? {}).find(([s]) => Number(s) < 300)?.[1] as z.ZodObject | undefined;
      expect(Object.keys(ok?.shape ?? {}), id).toContain("restaurantId");
    }
  });

  it("converts every request schema (input side) and response schema (output side) to JSON Schema", () => {
    let converted = 0;
    for (const r of ALL) {
      for (const [part, schema] of Object.entries(r.request)) {
        expect(() => z.toJSONSchema(schema as z.ZodType, { io: "input" }), `${r.id} ${part}`).not.toThrow();
        converted++;
      }
      for (const [status, schema] of Object.entries(r.responses)) {
        if (schema === NoContent) continue;
        expect(() => z.toJSONSchema(schema), `${r.id} ${status}`).not.toThrow();
        converted++;
      }
    }
    expect(converted).toBeGreaterThan(100);
  });

  it("converts all schemas together without clashing ids (as the OpenAPI generator will)", () => {
    const all: Record<string, z.ZodType> = {};
    for (const r of ALL) {
      for (const [status, schema] of Object.entries(r.responses)) if (schema !== NoContent) all[`${r.id}:${status}`] = schema;
      if (r.request.body) all[`${r.id}:body`] = r.request.body;
    }
    const doc = z.toJSONSchema(z.object(all), { io: "output", unrepresentable: "throw" }) as { $defs?: Record<string, unknown> };
    // Shared schemas become one $def each instead of being inlined everywhere.
    expect(Object.keys(doc.$defs ?? {})).toEqual(expect.arrayContaining(["Order", "Quote", "AppwriteId", "Paise", "Timestamp"]));
  });

  it("never uses transforms in response schemas (they would not survive OpenAPI generation both ways)", () => {
    for (const r of ALL) {
      for (const [status, schema] of Object.entries(r.responses)) {
        if (schema === NoContent) continue;
        const out = JSON.stringify(z.toJSONSchema(schema, { io: "output" }));
        const inp = JSON.stringify(z.toJSONSchema(schema, { io: "input" }));
        // Identical input/output views mean no transform, default or coercion changes the wire shape.
        expect(inp.replaceAll('"additionalProperties":false,', "").replaceAll(',"additionalProperties":false', ""), `${r.id} ${status}`).toBe(
          out.replaceAll('"additionalProperties":false,', "").replaceAll(',"additionalProperties":false', ""),
        );
      }
    }
  });

  it("lists the error codes a route can produce from its metadata", () => {
    const place = errorCodesOf(routeById("orders.place") as AnyRoute, ["quote_expired"]);
    expect(place).toEqual(expect.arrayContaining(["idempotency_key_required", "idempotency_key_reused", "idempotency_in_flight", "unauthenticated", "forbidden", "rate_limited", "quote_expired"]));
    const health = errorCodesOf(routeById("health.live") as AnyRoute);
    expect(health).not.toContain("unauthenticated");
    expect(health).not.toContain("dependency_unavailable");
  });
});

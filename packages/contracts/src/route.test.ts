// defineRoute refuses, at module load, the mistakes that would otherwise surface only at runtime.
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { IdempotencyHeaders } from "./common";
import type { RouteClientInput, RouteInput, RouteOutput, RouteRequest, RouteResponses, RouteSpec } from "./route";
import { placeOrderRoute } from "./api/orders";
import type { nearbyRoute } from "./api/catalog";
import { defineRoute, pathParams, toOpenApiPath } from "./route";

const base: RouteSpec<RouteRequest, RouteResponses> = {
  id: "things.get",
  method: "GET",
  path: "/api/v1/things/:id",
  functionId: "things-get",
  roles: ["customer"],
  rateLimit: "orders.read",
  cache: null,
  idempotency: "none",
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: z.object({ id: z.string() }) },
  summary: "s",
  description: "d",
  tags: ["t"],
};

describe("defineRoute", () => {
  it("accepts a consistent route", () => {
    expect(defineRoute(base).id).toBe("things.get");
  });

  it.each<[string, Partial<RouteSpec>]>([
    ["a path outside /api/v1", { path: "/things/:id" }],
    ["path params missing from the schema", { path: "/api/v1/things/:id/:sub" }],
    ["a schema param missing from the path", { path: "/api/v1/things" }],
    ["a non-kebab function id", { functionId: "thingsGet" }],
    ["a function id over 36 chars", { functionId: `things-${"x".repeat(30)}` }],
    ["an unknown rate-limit policy", { rateLimit: "nope" as never }],
    ["an unknown extra rate-limit policy", { extraRateLimits: ["nope" as never] }],
    ["no 2xx response", { responses: { 404: z.object({}) } }],
    ["no roles", { roles: [] }],
    ["a body on GET", { request: { params: z.object({ id: z.string() }), body: z.strictObject({}) } }],
    ["a cache on POST", { method: "POST", cache: { scope: "public", ttlSec: 1, swrSec: 0, redisKey: null, tags: [] } }],
    ["idempotency on GET", { idempotency: "optional" }],
    ["optional idempotency without the header", { method: "POST", idempotency: "optional" }],
    ["required idempotency without the header", { method: "POST", idempotency: "required" }],
    ["a cache key placeholder that is not a param", { cache: { scope: "public", ttlSec: 1, swrSec: 0, redisKey: "thing:{slug}", tags: [] } }],
  ])("rejects %s", (_, patch) => {
    expect(() => defineRoute({ ...base, ...patch })).toThrow(/route things\.get/);
  });

  it("accepts required idempotency when the header is declared", () => {
    expect(() =>
      defineRoute({ ...base, method: "POST", idempotency: "required", request: { ...base.request, headers: IdempotencyHeaders, body: z.strictObject({}) } }),
    ).not.toThrow();
  });

  it("rejects an idempotency header that is optional when the route requires it", () => {
    const headers = z.object({ "idempotency-key": z.string().optional() });
    expect(() => defineRoute({ ...base, method: "POST", idempotency: "required", request: { ...base.request, headers } })).toThrow(/idempotency/);
  });
});

describe("paths", () => {
  it("reads Hono params and writes OpenAPI templates", () => {
    expect(pathParams("/api/v1/orders/:id/review")).toEqual(["id"]);
    expect(pathParams("/api/v1/admin/flags/:key")).toEqual(["key"]);
    expect(toOpenApiPath("/api/v1/restaurant/orders/:id/accept")).toBe("/api/v1/restaurant/orders/{id}/accept");
  });
});

describe("route types", () => {
  it("carry the schemas' types to handlers and clients", () => {
    expectTypeOf<RouteInput<typeof placeOrderRoute>["body"]>().toEqualTypeOf<{ quoteId: string; paymentMethod?: "online" | "cod" | undefined; addressId?: string | undefined }>();
    expectTypeOf<RouteInput<typeof placeOrderRoute>["headers"]>().toEqualTypeOf<{ "idempotency-key": string }>();
    expectTypeOf<RouteOutput<typeof placeOrderRoute, 201>["payment"]>().toEqualTypeOf<{ razorpayOrderId: string; keyId: string; amountPaise: number; currency: "INR" } | null>();
    // Handlers get the coerced number; clients may pass the raw query string value.
    expectTypeOf<RouteInput<typeof nearbyRoute>["query"]["limit"]>().toEqualTypeOf<number>();
    expectTypeOf<RouteClientInput<typeof nearbyRoute>["query"]["lat"]>().toEqualTypeOf<unknown>();
    expect(placeOrderRoute.request.body.safeParse({ quoteId: "qte_1" }).success).toBe(true);
  });
});

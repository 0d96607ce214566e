// The OpenAPI document's structure: 3.1.0, every contract route present with its parameters, body and problem
// responses, every $ref resolving; and the self-contained docs page.
import { describe, expect, it } from "vitest";
import { ROUTES } from "@chizze/contracts/routes";
import { errorCodesOf, toOpenApiPath } from "@chizze/contracts/route";
import { ERROR_CODES } from "@chizze/contracts/errors";
import { buildOpenApi } from "../src/openapi";
import { createApp } from "../src/app";

type Json = Record<string, unknown>;

const doc = buildOpenApi(ROUTES, { release: "t" });
const paths = doc.paths as Record<string, Record<string, Json>>;

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function resolve(ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const part of ref.slice(2).split("/")) node = node && typeof node === "object" ? (node as Json)[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  return node;
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1.0 with every route of the table", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect((doc.info as Json).version).toBe("t");
    for (const route of ROUTES) {
      const op = paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
      expect(op, route.id).toBeDefined();
      expect(op?.operationId).toBe(route.id);
    }
    const count = Object.values(paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(count).toBe(ROUTES.length);
  });

  it("resolves every $ref", () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(100);
    const broken = [...new Set(all)].filter((r) => resolve(r) === undefined);
    expect(broken).toEqual([]);
  });

  it("documents parameters, bodies, security and the problem responses a route can give", () => {
    const cancel = paths["/api/v1/orders/{id}/cancel"]?.post as Json;
    const params = cancel.parameters as { name: string; in: string; required: boolean }[];
    expect(params).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
    expect(params).toContainEqual(expect.objectContaining({ name: "idempotency-key", in: "header", required: true }));
    expect(cancel.requestBody).toBeDefined();
    expect(cancel.security).toEqual([{ bearerAuth: [] }]);
    const route = ROUTES.find((r) => r.id === "orders.cancel");
    if (!route) throw new Error("orders.cancel missing");
    const responses = cancel.responses as Record<string, Json>;
    for (const code of errorCodesOf(route)) expect(responses[String(ERROR_CODES[code])], code).toBeDefined();
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(["400", "401", "403", "404", "409", "422", "429", "503"]));
    expect((responses["429"]?.content as Json)["application/problem+json"]).toEqual({ schema: { $ref: "#/components/schemas/Problem" } });
    expect(cancel["x-chizze-rate-limit"]).toEqual([{ policy: "orders.cancel", limit: 10, windowSec: 60, key: "user" }]);

    const nearby = paths["/api/v1/restaurants/nearby"]?.get as Json;
    expect((nearby.parameters as { name: string; in: string }[]).filter((p) => p.in === "query").map((p) => p.name)).toEqual(expect.arrayContaining(["lat", "lng"]));
    expect((paths["/api/v1/categories"]?.get as Json).security).toEqual([]);
    const schemas = (doc.components as Json).schemas as Json;
    expect(schemas.Order).toBeDefined();
    expect(schemas.Problem).toBeDefined();
  });

  it("is served at /openapi.json with a cache policy, and rendered at /docs without external assets", async () => {
    const env = {
      APPWRITE_ENDPOINT: "http://127.0.0.1:9/v1",
      APPWRITE_PROJECT_ID: "p",
      APPWRITE_API_KEY: "k",
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9",
      UPSTASH_REDIS_REST_TOKEN: "t",
      CHIZZE_IDENTITY_SECRET: "x".repeat(32),
      RELEASE: "r1",
    };
    const app = createApp({ logWriter: () => {} });
    const res = await app.request("/api/v1/openapi.json", {}, env);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600, stale-while-revalidate=600");
    expect(((await res.json()) as Json).openapi).toBe("3.1.0");
    const page = await app.request("/api/v1/docs", {}, env);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("/api/v1/orders/{id}/cancel");
    expect(html).toContain('id="schema-Order"');
    // Nothing loaded from anywhere: no scripts, stylesheets, images or frames.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=/i);
  });
});

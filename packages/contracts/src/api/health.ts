// Liveness, readiness and the API's own documentation. Answered by the edge itself (functionId null), so they
// stay up when Appwrite is down — readiness is exactly the route that must report that.
import { z } from "zod";
import { Timestamp } from "../common";
import { CACHE } from "../policies";
import { defineRoute } from "../route";

export const HealthResponse = z
  .object({
    status: z.literal("ok"),
    release: z.string().meta({ description: "Deployed release (git sha or tag)", example: "2026.11.26-3f2a1c" }),
    time: Timestamp,
  })
  .meta({ id: "Health" });

export const DependencyCheck = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  latencyMs: z.number().int().nonnegative().nullable().meta({ description: "Round trip of the probe; null when it did not answer" }),
  detail: z.string().max(200).nullable().meta({ description: "Short reason when not ok; never a stack trace or a secret" }),
});

export const ReadinessResponse = z
  .object({
    status: z.enum(["ok", "degraded", "down"]).meta({ description: "down if any required dependency is down (answered with 503)" }),
    checks: z.object({ redis: DependencyCheck, appwrite: DependencyCheck, functions: DependencyCheck }),
    time: Timestamp,
  })
  .meta({ id: "Readiness" });

export const OpenApiDocument = z
  .looseObject({
    openapi: z.string().meta({ example: "3.1.0" }),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "OpenApiDocument", description: "OpenAPI 3.1 document generated from these contracts" });

export const DocsPage = z.string().meta({ description: "HTML page rendering the OpenAPI document" });

export const healthRoute = defineRoute({
  id: "health.live",
  method: "GET",
  path: "/api/v1/health",
  functionId: null,
  roles: ["public"],
  rateLimit: null,
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: HealthResponse },
  summary: "Liveness",
  description: "The edge is up. Touches no dependency, so it is cheap enough for every probe.",
  tags: ["health"],
});

export const readyRoute = defineRoute({
  id: "health.ready",
  method: "GET",
  path: "/api/v1/health/ready",
  functionId: null,
  roles: ["public"],
  rateLimit: null,
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: ReadinessResponse, 503: ReadinessResponse },
  summary: "Readiness",
  description: "Checks Redis, Appwrite and the function runtime and reports each; 503 when a required one is down.",
  tags: ["health"],
});

export const openApiRoute = defineRoute({
  id: "docs.openapi",
  method: "GET",
  path: "/api/v1/openapi.json",
  functionId: null,
  roles: ["public"],
  rateLimit: null,
  cache: CACHE.openapi,
  idempotency: "none",
  request: {},
  responses: { 200: OpenApiDocument },
  summary: "OpenAPI document",
  description: "OpenAPI 3.1 generated from the zod contracts of this package.",
  tags: ["docs"],
});

export const docsRoute = defineRoute({
  id: "docs.page",
  method: "GET",
  path: "/api/v1/docs",
  functionId: null,
  roles: ["public"],
  rateLimit: null,
  cache: CACHE.openapi,
  idempotency: "none",
  request: {},
  responses: { 200: DocsPage },
  contentType: "text/html",
  summary: "API reference",
  description: "Rendered API reference for /api/v1/openapi.json.",
  tags: ["docs"],
});

/** What the `health` Appwrite Function answers (runtime, release, uptime). */
export const FunctionHealthResponse = z
  .object({
    status: z.literal("ok"),
    function: z.string().meta({ example: "health" }),
    release: z.string(),
    runtime: z.string().meta({ example: "node-22.11.0" }),
    uptimeSec: z.number().int().nonnegative(),
    requestId: z.string(),
  })
  .meta({ id: "FunctionHealth" });

/**
 * Internal: the edge's readiness check executes the `health` function through this route; it is not routed to
 * apps (not in ROUTES), so release/runtime details are not public.
 */
export const functionHealthRoute = defineRoute({
  id: "health.function",
  method: "GET",
  path: "/api/v1/health/function",
  functionId: "health",
  roles: ["public"],
  rateLimit: null,
  cache: null,
  idempotency: "none",
  request: {},
  responses: { 200: FunctionHealthResponse },
  summary: "Function runtime liveness (internal)",
  description: "Proves deployment, bundling and the function kit work end to end.",
  tags: ["health"],
});

export const healthRoutes = [healthRoute, readyRoute, openApiRoute, docsRoute] as const;

// OpenAPI 3.1 generated from the contracts' route table: zod 4's own JSON Schema output (draft 2020-12, which is
// OpenAPI 3.1's dialect), schemas with `.meta({id})` lifted into components, every route with its parameters,
// body, responses, the problem responses its metadata implies (errorCodesOf), roles and rate limits.
import { z } from "zod";
import { ERROR_CODES, Problem, titleOf, type ErrorCode } from "@chizze/contracts/errors";
import { NoContent } from "@chizze/contracts/common";
import { RATE_LIMITS } from "@chizze/contracts/policies";
import { errorCodesOf, rateLimitPoliciesOf, toOpenApiPath, type AnyRoute } from "@chizze/contracts/route";

type Json = Record<string, unknown>;
type Io = "input" | "output";

const REF_PREFIX = "#/components/schemas/";

/** Collects component schemas; a schema whose input and output shapes differ gets an `…Input` twin. */
class Components {
  readonly schemas: Record<string, Json> = {};
  private readonly text = new Map<string, string>();

  /** Converts a zod schema, lifting its `$defs` into components; returns the inline schema with rewritten $refs. */
  add(schema: z.ZodType, io: Io): Json {
    const raw = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
    const defs = (raw.$defs ?? {}) as Record<string, Json>;
    delete raw.$defs;
    delete raw.$schema;
    const names = new Map<string, string>();
    for (const name of Object.keys(defs)) names.set(name, name);
    for (const [name, def] of Object.entries(defs)) {
      const candidate = JSON.stringify(rewrite(def, names));
      const existing = this.text.get(name);
      if (existing === undefined || existing === candidate) continue;
      let alt = io === "input" ? `${name}Input` : `${name}Output`;
      for (let i = 2; this.text.has(alt) && this.text.get(alt) !== candidate; i++) alt = `${name}${io === "input" ? "Input" : "Output"}${i}`;
      names.set(name, alt);
    }
    for (const [name, def] of Object.entries(defs)) {
      const final = names.get(name) ?? name;
      const body = rewrite(def, names) as Json;
      if (!this.text.has(final)) {
        this.text.set(final, JSON.stringify(body));
        this.schemas[final] = body;
      }
    }
    return rewrite(raw, names) as Json;
  }
}

function rewrite(value: unknown, names: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, names));
  if (value === null || typeof value !== "object") return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) {
      const name = v.slice("#/$defs/".length);
      out[k] = REF_PREFIX + (names.get(name) ?? name);
    } else out[k] = rewrite(v, names);
  }
  return out;
}

/** The object schema a `$ref` at the top points to (parameters are read property by property). */
function objectOf(schema: Json, components: Components): Json {
  const ref = schema.$ref;
  if (typeof ref === "string" && ref.startsWith(REF_PREFIX)) return components.schemas[ref.slice(REF_PREFIX.length)] ?? schema;
  return schema;
}

function parameters(where: "path" | "query" | "header", schema: z.ZodType | undefined, components: Components): Json[] {
  if (!schema) return [];
  const obj = objectOf(components.add(schema, "input"), components);
  const props = (obj.properties ?? {}) as Record<string, Json>;
  const required = new Set((obj.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === "path" ? true : required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function statusesOf(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const out = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code];
    out.set(status, [...(out.get(status) ?? []), code]);
  }
  return out;
}

const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { $ref: "#/components/headers/RateLimitLimit" },
  "RateLimit-Remaining": { $ref: "#/components/headers/RateLimitRemaining" },
  "RateLimit-Reset": { $ref: "#/components/headers/RateLimitReset" },
};

function securityOf(route: AnyRoute): Json[] {
  if (route.roles.includes("public") || route.roles.includes("razorpay")) return [];
  if (route.roles.includes("session")) return [{ sessionSecret: [] }];
  return [{ bearerAuth: [] }];
}

function notes(route: AnyRoute): string {
  const lines = [route.description, "", `**Roles:** ${route.roles.join(", ")}.`];
  const limits = rateLimitPoliciesOf(route).map((p) => `${p.limit} per ${p.windowSec >= 3600 ? `${p.windowSec / 3600} h` : `${p.windowSec / 60} min`} per ${p.key} (${p.id}, fails ${p.onRedisFailure} when Redis is down)`);
  lines.push(`**Rate limit:** ${limits.join("; ")}.`);
  if (route.cache) lines.push(`**Cache:** ${route.cache.scope}, ${route.cache.ttlSec} s (stale-while-revalidate ${route.cache.swrSec} s).`);
  if (route.idempotency !== "none") lines.push(`**Idempotency-Key:** ${route.idempotency}; same key + same body replays the first answer for 24 h.`);
  if (route.deprecated) lines.push(`**Deprecated:** sunset ${route.deprecated.sunset}.`);
  return lines.join("\n");
}

export interface OpenApiOptions {
  release: string;
  title?: string;
}

export function buildOpenApi(routes: readonly AnyRoute[], opts: OpenApiOptions): Json {
  const components = new Components();
  const problemRef = { $ref: REF_PREFIX + "Problem" };
  components.add(Problem, "output");
  const paths: Record<string, Record<string, Json>> = {};

  for (const route of routes) {
    const r = route.request;
    const op: Json = {
      operationId: route.id,
      summary: route.summary,
      description: notes(route),
      tags: [...route.tags],
      security: securityOf(route),
      "x-chizze-roles": [...route.roles],
      "x-chizze-rate-limit": rateLimitPoliciesOf(route).map((p) => ({ policy: p.id, limit: p.limit, windowSec: p.windowSec, key: p.key })),
      ...(route.functionId ? { "x-chizze-function": route.functionId } : {}),
    };
    if (route.deprecated) op.deprecated = true;

    const params = [
      ...parameters("path", r.params, components),
      ...parameters("query", r.query, components),
      ...parameters("header", r.headers, components),
    ];
    if (params.length > 0) op.parameters = params;
    if (r.body) {
      op.requestBody = { required: true, content: { "application/json": { schema: components.add(r.body, "input") } } };
    }

    const responses: Record<string, Json> = {};
    const successHeaders: Json = { "X-Request-Id": { $ref: "#/components/headers/XRequestId" }, ...RATE_LIMIT_HEADERS };
    if (route.deprecated) {
      successHeaders.Deprecation = { $ref: "#/components/headers/Deprecation" };
      successHeaders.Sunset = { $ref: "#/components/headers/Sunset" };
    }
    for (const [status, schema] of Object.entries(route.responses)) {
      if (schema === NoContent) {
        responses[status] = { description: "No content", headers: successHeaders };
        continue;
      }
      const mediaType = route.contentType ?? "application/json";
      responses[status] = { description: Number(status) < 300 ? "Success" : "See schema", headers: successHeaders, content: { [mediaType]: { schema: components.add(schema, "output") } } };
    }
    const codes = errorCodesOf(route);
    for (const [status, list] of statusesOf(codes)) {
      if (responses[String(status)]) continue;
      const headers: Json = { "X-Request-Id": { $ref: "#/components/headers/XRequestId" } };
      if (status === 429) Object.assign(headers, RATE_LIMIT_HEADERS, { "Retry-After": { $ref: "#/components/headers/RetryAfter" } });
      if (status === 503) headers["Retry-After"] = { $ref: "#/components/headers/RetryAfter" };
      responses[String(status)] = {
        description: list.map((c) => `\`${c}\`: ${titleOf(c)}`).join("; "),
        headers,
        content: { "application/problem+json": { schema: problemRef } },
      };
    }
    op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));

    const path = toOpenApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = op;
  }

  const tags = [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name }));
  const intHeader = (description: string) => ({ description, schema: { type: "integer", minimum: 0 } });
  return {
    openapi: "3.1.0",
    info: {
      title: opts.title ?? "Chizze API",
      version: opts.release,
      description:
        "Food delivery API (India). JSON in and out; money in integer paise; times ISO 8601 UTC. Errors are application/problem+json. " +
        `Rate-limit policies: ${Object.keys(RATE_LIMITS).length}; every answer carries X-Request-Id.`,
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    tags,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Appwrite account JWT (15 min), from /auth/verify-otp or /auth/refresh" },
        sessionSecret: { type: "apiKey", in: "header", name: "X-Session-Secret", description: "Appwrite session secret (or `sessionSecret` in the body)" },
      },
      headers: {
        XRequestId: { description: "Request id (echoes a valid incoming X-Request-Id)", schema: { type: "string" } },
        RateLimitLimit: intHeader("Requests allowed in the window"),
        RateLimitRemaining: intHeader("Requests left in the window"),
        RateLimitReset: intHeader("Seconds until the window resets"),
        RetryAfter: intHeader("Seconds to wait before retrying"),
        Deprecation: { description: "Present while the operation is deprecated", schema: { type: "string" } },
        Sunset: { description: "HTTP date after which the operation is removed (RFC 8594)", schema: { type: "string" } },
      },
    },
  };
}

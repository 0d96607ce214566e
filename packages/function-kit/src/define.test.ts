import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import { signIdentity, type Identity } from "@chizze/platform/identity";
import { defineFunction, ok, type RouteLike } from "./define";
import { runEntrypoint, type ExecutionRequest } from "@chizze/devstack/functions/runtime-context";

const SECRET = "test-identity-secret-0123456789-abcdef";
const env = { CHIZZE_IDENTITY_SECRET: SECRET, CHIZZE_ENV: "test" };

const route = {
  id: "things.rename",
  method: "POST",
  path: "/api/v1/things/:id",
  roles: ["customer"],
  idempotency: "required",
  request: {
    params: z.object({ id: z.string().max(36) }),
    query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
    body: z.strictObject({ name: z.string().min(1).max(40), quantity: z.number().int().min(1) }),
  },
  responses: { 200: z.object({ id: z.string(), name: z.string(), quantity: z.number(), by: z.string() }) },
} as const satisfies RouteLike;

const calls: string[] = [];
const main = defineFunction(
  {
    id: "things-rename",
    trigger: "http",
    route,
    handler: async (ctx) => {
      calls.push(ctx.params.id);
      if (ctx.body.name === "boom") throw new Error("database exploded at /secret/path");
      if (ctx.body.name === "taken") throw new ApiError("conflict", "Name already taken");
      if (ctx.body.name === "drift") return ok({ id: ctx.params.id });
      return ok({ id: ctx.params.id, name: ctx.body.name, quantity: ctx.body.quantity, by: ctx.identity!.userId });
    },
  },
  { env },
);

const customer: Identity = { userId: "u_cust_1", roles: ["customer"] };
const partner: Identity = { userId: "u_partner_1", roles: ["partner"] };

async function call(opts: { body?: string; identity?: Identity | null; token?: string; headers?: Record<string, string>; path?: string; method?: string }) {
  const headers: Record<string, string> = { "content-type": "application/json", "idempotency-key": "k-1", "x-request-id": "req-123", ...opts.headers };
  const identity = opts.identity === undefined ? customer : opts.identity;
  if (opts.token) headers["x-chizze-identity"] = opts.token;
  else if (identity) headers["x-chizze-identity"] = await signIdentity(identity, { secret: SECRET, functionId: "things-rename", requestId: "req-123" });
  const req: ExecutionRequest = { method: opts.method ?? "POST", path: opts.path ?? "/api/v1/things/t1?dryRun=false", headers, body: opts.body ?? JSON.stringify({ name: "Paneer", quantity: 2 }) };
  const r = await runEntrypoint(main, req);
  return { ...r, json: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : undefined };
}

describe("defineFunction (http)", () => {
  it("validates, verifies the caller and answers JSON with the request id", async () => {
    const r = await call({});
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: "t1", name: "Paneer", quantity: 2, by: "u_cust_1" });
    expect(r.headers["x-request-id"]).toBe("req-123");
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("answers bad JSON with 400 problem+json", async () => {
    const r = await call({ body: "{not json" });
    expect(r.status).toBe(400);
    expect(r.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(r.json).toMatchObject({ code: "bad_request", status: 400, requestId: "req-123" });
  });

  it("answers wrong types with 400 validation_failed naming the field", async () => {
    const r = await call({ body: JSON.stringify({ name: "x", quantity: "two" }) });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: "validation_failed" });
    expect(JSON.stringify(r.json!.errors)).toContain("body.quantity");
  });

  it("rejects extra fields such as price or status (the client never sets them)", async () => {
    for (const extra of [{ price: 1 }, { status: "delivered" }]) {
      const r = await call({ body: JSON.stringify({ name: "x", quantity: 1, ...extra }) });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ code: "validation_failed" });
    }
  });

  it("rejects a non-JSON content type with 415", async () => {
    const r = await call({ headers: { "content-type": "text/plain" } });
    expect(r.status).toBe(415);
  });

  it("answers 401 without an identity, and never runs the handler", async () => {
    const before = calls.length;
    const r = await call({ identity: null });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ code: "unauthenticated" });
    expect(calls.length).toBe(before);
  });

  it("ignores an x-appwrite-user-id a caller could have sent and trusts only the signed identity", async () => {
    const r = await call({ identity: null, headers: { "x-appwrite-user-id": "u_admin" } });
    expect(r.status).toBe(401);
  });

  it("answers 401 for a forged, expired or misdirected identity", async () => {
    const forged = await signIdentity(customer, { secret: "another-secret-of-sufficient-length-xx", functionId: "things-rename", requestId: "r" });
    expect((await call({ token: forged })).status).toBe(401);
    const otherFunction = await signIdentity(customer, { secret: SECRET, functionId: "orders-place", requestId: "r" });
    expect((await call({ token: otherFunction })).status).toBe(401);
    expect((await call({ token: "not.a.jwt" })).status).toBe(401);
  });

  it("answers 403 when the role does not fit", async () => {
    const r = await call({ identity: partner });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ code: "forbidden" });
  });

  it("requires an Idempotency-Key on routes that declare it", async () => {
    const r = await call({ headers: { "idempotency-key": "" } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: "idempotency_key_required" });
  });

  it("validates path params and query strings", async () => {
    expect((await call({ path: `/api/v1/things/${"x".repeat(40)}` })).status).toBe(400);
    expect((await call({ path: "/api/v1/things/t1?dryRun=maybe" })).status).toBe(400);
    expect((await call({ path: "/api/v1/other/t1" })).status).toBe(404);
    expect((await call({ method: "GET" })).status).toBe(405);
  });

  it("maps a thrown ApiError to its status", async () => {
    const r = await call({ body: JSON.stringify({ name: "taken", quantity: 1 }) });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ code: "conflict", detail: "Name already taken" });
  });

  it("answers an unknown failure with a generic 500 and logs the stack, never leaking it", async () => {
    const r = await call({ body: JSON.stringify({ name: "boom", quantity: 1 }) });
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({ code: "internal", requestId: "req-123" });
    expect(r.body).not.toContain("secret/path");
    expect(r.body).not.toContain("at ");
    const logged = r.errors.map((l) => JSON.parse(l) as { msg: string; err?: { stack?: string } });
    expect(logged.some((l) => l.msg === "unhandled" && l.err?.stack?.includes("database exploded"))).toBe(true);
  });

  it("fails loudly outside production when a response breaks its contract", async () => {
    const r = await call({ body: JSON.stringify({ name: "drift", quantity: 1 }) });
    expect(r.status).toBe(500);
    expect(r.errors.join("\n")).toContain("breaks its contract");
  });

  it("writes JSON log lines carrying the function and request id", async () => {
    const r = await call({});
    const lines = r.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === "done")).toMatchObject({ level: "info", msg: "done", fn: "things-rename", requestId: "req-123", status: 200 });
  });

  it("counts the execution and reports its RSS as metric lines, after the done line", async () => {
    const r = await call({});
    const lines = r.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = lines.findIndex((l) => l.msg === "done");
    expect(lines.slice(done + 1)).toEqual([
      expect.objectContaining({ metric: "chizze_function_executions_total", type: "counter", value: 1, labels: { function: "things-rename", trigger: "http", status_code: "200" } }),
      expect.objectContaining({ metric: "chizze_function_memory_rss_bytes", type: "gauge", labels: { function: "things-rename" } }),
    ]);
  });
});

describe("defineFunction (event and schedule)", () => {
  const seen: { event: string; total: number; userId: string | undefined }[] = [];
  const onOrder = defineFunction(
    {
      id: "orders-on-update",
      trigger: "event",
      input: z.object({ $id: z.string(), total_paise: z.number().int() }),
      handler: async (ctx) => {
        seen.push({ event: ctx.event, total: ctx.payload.total_paise, userId: ctx.userId });
      },
    },
    { env },
  );

  it("validates the event payload and tells the trigger apart", async () => {
    const ok1 = await runEntrypoint(onOrder, {
      headers: { "x-appwrite-trigger": "event", "x-appwrite-event": "databases.chizze.collections.orders.documents.o1.update", "x-appwrite-user-id": "u1", "content-type": "application/json" },
      body: JSON.stringify({ $id: "o1", total_paise: 1200 }),
    });
    expect(ok1.status).toBe(204);
    expect(seen.at(-1)).toEqual({ event: "databases.chizze.collections.orders.documents.o1.update", total: 1200, userId: "u1" });
    const bad = await runEntrypoint(onOrder, { headers: { "x-appwrite-trigger": "event", "content-type": "application/json" }, body: JSON.stringify({ $id: "o1" }) });
    expect(bad.status).toBe(400);
  });

  it("runs scheduled work and refuses to run it from an event", async () => {
    let runs = 0;
    const job = defineFunction({ id: "job", trigger: "schedule", handler: async () => void runs++ }, { env });
    expect((await runEntrypoint(job, { headers: { "x-appwrite-trigger": "schedule" } })).status).toBe(204);
    expect((await runEntrypoint(job, { headers: { "x-appwrite-trigger": "event" } })).status).toBe(400);
    expect(runs).toBe(1);
  });
});

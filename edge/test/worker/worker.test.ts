// Inside workerd: the Worker entry (src/worker.ts) boots and answers liveness, a 401 problem on a protected route,
// 404/405 problems and the OpenAPI document — no Node APIs involved — with and without Sentry's wrapper.
import { SELF, createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker";

describe("edge in workerd", () => {
  it("answers /health", async () => {
    const res = await SELF.fetch("https://edge.test/api/v1/health", { headers: { "x-request-id": "wrk-1" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("wrk-1");
    expect(await res.json()).toMatchObject({ status: "ok", release: "workerd-test" });
  });

  it("answers 401 problem+json on a protected route without a token", async () => {
    const res = await SELF.fetch("https://edge.test/api/v1/orders");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "unauthenticated", status: 401 });
  });

  it("answers 404 and 405 problems, and 413 for a chunked oversize body", async () => {
    expect((await SELF.fetch("https://edge.test/api/v1/nope")).status).toBe(404);
    expect((await SELF.fetch("https://edge.test/api/v1/health", { method: "DELETE" })).status).toBe(405);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(10 * 1024)));
        controller.close();
      },
    });
    const res = await SELF.fetch("https://edge.test/api/v1/auth/send-otp", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(413);
  });

  it("serves the OpenAPI document", async () => {
    const res = await SELF.fetch("https://edge.test/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("answers through Sentry's wrapper when SENTRY_DSN is set (nothing is sent for a 200)", async () => {
    const ctx = createExecutionContext();
    const withDsn = { ...env, SENTRY_DSN: "http://public@127.0.0.1:9/1" };
    const res = await worker.fetch(new Request("https://edge.test/api/v1/health", { headers: { "x-request-id": "wrk-sentry" } }) as never, withDsn as never, ctx as never);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("wrk-sentry");
  });
});

import { describe, expect, it } from "vitest";
import { runEntrypoint } from "@chizze/devstack/functions/runtime-context";
import main from "./main";

describe("health function", () => {
  it("answers with its name, runtime and the request id", async () => {
    const r = await runEntrypoint(main, { method: "GET", path: "/api/v1/health/function", headers: { "x-request-id": "req-h1" } });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: "ok", function: "health", requestId: "req-h1", runtime: `node-${process.versions.node}` });
  });

  it("refuses other methods and paths with problem+json", async () => {
    const wrongMethod = await runEntrypoint(main, { method: "POST", path: "/api/v1/health/function" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers["content-type"]).toMatch(/problem\+json/);
    expect((await runEntrypoint(main, { method: "GET", path: "/nope" })).status).toBe(404);
  });
});

// The function runner through the real node-appwrite client: executions (sync/async), events, schedules, and
// failures recorded as failed executions while the stack keeps serving.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { AppwriteException, Client, ExecutionMethod, Functions, Runtime } from "node-appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";
import { isoDate } from "../context";
import { createFunctionsModule, type FunctionsModule } from "./index";

const fixture = (id: string) => fileURLToPath(new URL(`./fixtures/${id}.ts`, import.meta.url));

let aw: RunningAppwrite;
let fm: FunctionsModule;
let functions: Functions;

beforeAll(async () => {
  fm = createFunctionsModule({ root: "/", env: { GREETING: "namaste" }, entryOf: (fn) => fixture(fn.$id.split("-")[0]!), schedules: false, idleMs: 5_000 });
  aw = await startAppwrite({ modules: [fm.module] });
  functions = new Functions(new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey("standard_devkey"));
  const make = (functionId: string, extra: { events?: string[]; schedule?: string; timeout?: number } = {}) =>
    functions.create({ functionId, name: functionId, runtime: Runtime.Node22, execute: [], entrypoint: "dist/main.js", ...extra });
  await make("echo");
  await make("echo-on-order", { events: ["databases.*.collections.orders.documents.*.update"] });
  await make("echo-nightly", { schedule: "0 3 * * *" });
  await make("crash");
  await make("exit");
  await make("loop", { timeout: 1 });
  await make("slow", { timeout: 1 });
  await make("noreturn");
}, 60_000);

afterAll(async () => {
  await fm.runner().stop();
  await aw.close();
});

describe("executions", () => {
  it("runs a function synchronously with Appwrite's headers and the function's environment", async () => {
    const e = await functions.createExecution({ functionId: "echo", body: '{"a":1}', async: false, xpath: "/api/v1/x?y=1", method: ExecutionMethod.PUT, headers: { "content-type": "application/json" } });
    expect(e.status).toBe("completed");
    expect(e.responseStatusCode).toBe(200);
    const body = JSON.parse(e.responseBody) as Record<string, unknown>;
    expect(body).toMatchObject({ method: "PUT", path: "/api/v1/x", query: "y=1", trigger: "http", hasKey: true, body: '{"a":1}', functionId: "echo", greeting: "namaste" });
    // Only allowlisted response headers are recorded.
    expect(e.responseHeaders.map((h) => h.name)).toContain("content-type");
    expect(e.responseHeaders.map((h) => h.name)).not.toContain("x-custom");
    expect(e.logs).toContain("echo PUT /api/v1/x");
    const fetched = await functions.getExecution({ functionId: "echo", executionId: e.$id });
    expect(fetched.status).toBe("completed");
  });

  it("refuses x-appwrite-* headers from the caller", async () => {
    await expect(functions.createExecution({ functionId: "echo", headers: { "x-appwrite-user-id": "admin" } })).rejects.toMatchObject({ code: 400 });
  });

  it("answers async executions with 202 waiting and finishes them in the background", async () => {
    const e = await functions.createExecution({ functionId: "echo", async: true });
    expect(e.status).toBe("waiting");
    await fm.runner().idle();
    const done = await functions.getExecution({ functionId: "echo", executionId: e.$id });
    expect(done.status).toBe("completed");
    expect(done.responseBody).toBe(""); // Appwrite keeps no body for async runs
  });

  it("404s an unknown function", async () => {
    const err = await functions.createExecution({ functionId: "nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppwriteException);
    expect((err as AppwriteException).type).toBe("function_not_found");
  });
});

describe("failures are failed executions, not a dead stack", () => {
  it("records a throw with its stack in errors", async () => {
    const e = await functions.createExecution({ functionId: "crash" });
    expect(e.status).toBe("failed");
    expect(e.responseStatusCode).toBe(500);
    expect(e.errors).toContain("kaboom in the kitchen");
  });

  it("records a missing return", async () => {
    const e = await functions.createExecution({ functionId: "noreturn" });
    expect(e.status).toBe("failed");
    expect(e.errors).toContain("Return statement missing");
  });

  it("survives process.exit inside a function and serves the next execution", async () => {
    const e = await functions.createExecution({ functionId: "exit" });
    expect(e.status).toBe("failed");
    expect(e.errors).toMatch(/exited/);
    const next = await functions.createExecution({ functionId: "echo" });
    expect(next.status).toBe("completed");
  });

  it("times out a slow execution alone: a runtime whose event loop still turns keeps serving", async () => {
    const slow = await functions.createExecution({ functionId: "slow", xpath: "/slow" });
    expect(slow.errors).toContain("Execution timed out.");
    await new Promise((r) => setTimeout(r, 2_500)); // past the liveness probe
    const next = await functions.createExecution({ functionId: "slow", xpath: "/" });
    expect(next.status).toBe("completed");
    expect(JSON.parse(next.responseBody)).toEqual({ runs: 2 }); // same runtime: its module state survived
  });

  it("times out a function that never returns and recycles its runtime", async () => {
    const e = await functions.createExecution({ functionId: "loop" });
    expect(e.status).toBe("failed");
    expect(e.errors).toContain("Execution timed out.");
    const again = await functions.createExecution({ functionId: "loop" });
    expect(again.errors).toContain("Execution timed out.");
  });
});

describe("triggers", () => {
  it("fires a function whose events match a published event, with the event name and payload", async () => {
    aw.deps.bus.publish({
      functionEvents: ["databases.chizze.collections.orders.documents.o1.update", "databases.*.collections.orders.documents.*.update", "databases.chizze.collections.orders.documents.o1"],
      realtimeEvents: [],
      channels: [],
      roles: [],
      payload: { $id: "o1", status: "accepted" },
      userId: "u1",
      timestamp: isoDate(Date.now()),
    });
    await fm.runner().idle();
    const list = await functions.listExecutions({ functionId: "echo-on-order" });
    expect(list.total).toBe(1);
    const ex = list.executions[0]!;
    expect(ex.trigger).toBe("event");
    expect(ex.status).toBe("completed");
    // Async runs keep no response body; the function logged what it received.
    expect(ex.logs).toContain("event=databases.chizze.collections.orders.documents.o1.update");
    expect(ex.logs).toContain("user=u1");
    expect(ex.logs).toContain('body={"$id":"o1","status":"accepted"}');
    const unrelated = await functions.listExecutions({ functionId: "echo" });
    expect(unrelated.executions.map((e) => String(e.trigger))).not.toContain("event");
  });

  it("does not fire on events that do not match", async () => {
    aw.deps.bus.publish({ functionEvents: ["databases.chizze.collections.reviews.documents.r1.create"], realtimeEvents: [], channels: [], roles: [], payload: {}, timestamp: isoDate(Date.now()) });
    await fm.runner().idle();
    expect((await functions.listExecutions({ functionId: "echo-on-order" })).total).toBe(1);
  });

  it("computes the next run of a schedule in UTC and runs it with trigger schedule", async () => {
    const next = fm.runner().nextRun("echo-nightly")!;
    expect(next.getUTCHours()).toBe(3);
    expect(next.getUTCMinutes()).toBe(0);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    await fm.runner().fireSchedule("echo-nightly");
    await fm.runner().idle();
    const list = await functions.listExecutions({ functionId: "echo-nightly" });
    expect(list.executions[0]).toMatchObject({ trigger: "schedule", status: "completed" });
  });
});

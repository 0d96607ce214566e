// Idempotency-Key fast path over the real @upstash/redis and Redis (R1, R2): 50 concurrent identical POST /orders run
// the order function once; later retries replay the 201; key misuse gets the IETF draft's errors; failures release
// the key; Redis down passes through to the durable guard.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { routeById } from "@chizze/contracts/routes";
import { createIdempotencyMiddleware } from "../../src/middleware/idempotency";
import type { EdgeLog } from "../../src/middleware/context";
import { appFor, counted, executionContext, pathOf, startStack, TEST_USER_HEADER, uid, type Stack } from "./harness";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});
afterEach(() => {
  stack.upstash.faults.clear();
});

const placeRoute = routeById("orders.place")!;
const cancelRoute = routeById("orders.cancel")!;
const createItemRoute = routeById("restaurant.menu.create")!;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function orderApp(opts: { status?: () => number; log?: EdgeLog } = {}) {
  const orders = counted(async (n, c) => {
    const body = await c.req.json<Record<string, unknown>>();
    // Keep the first request in flight while its duplicates arrive.
    await sleep(50);
    return new Response(JSON.stringify({ order: { id: `ord_${n}`, for: c.get("identity")?.userId, quoteId: body.quoteId } }), {
      status: opts.status?.() ?? 201,
      headers: { "content-type": "application/json" },
    });
  });
  const mw = createIdempotencyMiddleware({ redis: stack.redis, ...(opts.log ? { log: opts.log } : {}) });
  const app = appFor(
    [
      { route: placeRoute, handler: orders.handler },
      { route: cancelRoute, handler: orders.handler },
      { route: createItemRoute, handler: orders.handler },
    ],
    [mw],
  );
  const ec = executionContext();
  const post = async (path: string, body: unknown, headers: Record<string, string>): Promise<Response> =>
    app.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) }, stack.env, ec.ctx);
  const place = (user: string, key: string | null, body: unknown = { quoteId: "qte_1" }) =>
    post(pathOf(placeRoute), body, { [TEST_USER_HEADER]: user, ...(key === null ? {} : { "idempotency-key": key }) });
  return { post, place, calls: orders.calls };
}

describe("POST /orders with Idempotency-Key", () => {
  it("50 concurrent identical requests run the order function exactly once; the others get 409 or the replayed 201", async () => {
    const t = orderApp();
    const user = uid("u");
    const key = crypto.randomUUID();
    const responses = await Promise.all(Array.from({ length: 50 }, () => t.place(user, key)));
    expect(t.calls()).toBe(1);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const firsts = responses.filter((r) => r.status === 201 && r.headers.get("idempotent-replayed") === null);
    expect(firsts).toHaveLength(1);
    const bodies = new Set(await Promise.all(responses.filter((r) => r.status === 201).map((r) => r.text())));
    expect(bodies.size).toBe(1);
    const conflicts = responses.filter((r) => r.status === 409);
    for (const r of conflicts) {
      expect(r.headers.get("retry-after")).toBe("1");
      expect(((await r.json()) as { code: string }).code).toBe("idempotency_in_flight");
    }

    // A retry after completion: the same 201 and the same body, and still one order.
    const replay = await t.place(user, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.text()).toBe([...bodies][0]);
    expect(t.calls()).toBe(1);
  });

  it("the same request with keys reordered and other whitespace is the same request (replayed)", async () => {
    const t = orderApp();
    const user = uid("u");
    const key = crypto.randomUUID();
    expect((await t.place(user, key, { quoteId: "qte_9", note: "x" })).status).toBe(201);
    const again = await t.place(user, key, '{ "note": "x",   "quoteId": "qte_9" }');
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(t.calls()).toBe(1);
  });

  it("same key with a different body → 422 idempotency_key_reused; with another order id in the path → 422 too", async () => {
    const t = orderApp();
    const user = uid("u");
    const key = crypto.randomUUID();
    expect((await t.place(user, key, { quoteId: "qte_1" })).status).toBe(201);
    const reused = await t.place(user, key, { quoteId: "qte_2" });
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe("idempotency_key_reused");

    const k2 = crypto.randomUUID();
    const cancel = (orderId: string) => t.post(pathOf(cancelRoute, { id: orderId }), { reasonCode: "changed_mind" }, { [TEST_USER_HEADER]: user, "idempotency-key": k2 });
    expect((await cancel("ord_a")).status).toBe(201);
    expect((await cancel("ord_b")).status).toBe(422);
    expect(t.calls()).toBe(2);
  });

  it("another user with the same key is independent (no cross-user replay)", async () => {
    const t = orderApp();
    const key = "same-key-for-both";
    const a = await t.place(uid("ua"), key);
    const b = await t.place(uid("ub"), key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    expect(await a.text()).not.toBe(await b.text());
    expect(t.calls()).toBe(2);
  });

  it("missing key on a required route → 400 idempotency_key_required; malformed key → 400; nothing runs", async () => {
    const t = orderApp();
    const missing = await t.place(uid(), null);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe("idempotency_key_required");
    const long = await t.place(uid(), "k".repeat(256));
    expect(long.status).toBe(400);
    expect(((await long.json()) as { code: string }).code).toBe("validation_failed");
    expect(t.calls()).toBe(0);
  });

  it("optional route without a key runs every time; with a key it is deduplicated", async () => {
    const t = orderApp();
    const user = uid();
    const create = (key?: string) => t.post(`${pathOf(createItemRoute)}?restaurantId=r1`, { name: "Dosa" }, { [TEST_USER_HEADER]: user, ...(key ? { "idempotency-key": key } : {}) });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    expect(t.calls()).toBe(2);
    const key = crypto.randomUUID();
    await create(key);
    expect((await create(key)).headers.get("idempotent-replayed")).toBe("true");
    expect(t.calls()).toBe(3);
  });

  it("a 5xx is not stored: the key is released and the retry runs again", async () => {
    let status = 503;
    const t = orderApp({ status: () => status });
    const user = uid();
    const key = crypto.randomUUID();
    expect((await t.place(user, key)).status).toBe(503);
    status = 201;
    const retry = await t.place(user, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(t.calls()).toBe(2);
  });

  it("Redis unavailable: passes through to the function (its deterministic order id is the guard), and says so", async () => {
    const lines: string[] = [];
    const t = orderApp({ log: (e) => lines.push(e.msg) });
    stack.upstash.faults.set({ down: true });
    const user = uid();
    const key = crypto.randomUUID();
    expect((await t.place(user, key)).status).toBe(201);
    expect((await t.place(user, key)).status).toBe(201);
    expect(t.calls()).toBe(2);
    expect(lines).toContain("idempotency fast path unavailable: relying on the durable guard");
  });
});

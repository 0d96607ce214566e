// Addresses CRUD through the real functions (bundled, run by the devstack runner, called as the edge calls them).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAddressRoute, deleteAddressRoute, listAddressesRoute, updateAddressRoute } from "@chizze/contracts/api/me";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf } from "../support/functions";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => stack.reset());

const alice = identityOf("usr_alice", ["customer"]);
const bob = identityOf("usr_bob", ["customer"]);
const owner = identityOf("usr_owner", ["restaurant"]);
const home = { label: "home", line1: "Flat 4B, Prestige Tower", city: "Bengaluru", state: "Karnataka", pincode: "560038", lat: 12.9784, lng: 77.6408 };

describe("addresses", () => {
  it("creates, lists (default first), updates and deletes the caller's own addresses", async () => {
    const a = await callFunction(stack, createAddressRoute, { identity: alice, body: home });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ label: "home", isDefault: true, pincode: "560038" });
    const b = await callFunction(stack, createAddressRoute, { identity: alice, body: { ...home, label: "work", line1: "WeWork, Koramangala", isDefault: true } });
    expect(b.body).toMatchObject({ label: "work", isDefault: true });
    const list = await callFunction(stack, listAddressesRoute, { identity: alice });
    expect(list.status).toBe(200);
    const items = (list.body as { items: { id: string; label: string; isDefault: boolean }[] }).items;
    expect(items.map((i) => [i.label, i.isDefault])).toEqual([
      ["work", true],
      ["home", false],
    ]);
    const id = (a.body as { id: string }).id;
    const upd = await callFunction(stack, updateAddressRoute, { identity: alice, params: { id }, body: { landmark: "Opposite the park" } });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ id, landmark: "Opposite the park" });
    const del = await callFunction(stack, deleteAddressRoute, { identity: alice, params: { id: (b.body as { id: string }).id } });
    expect(del.status).toBe(204);
    const after = await callFunction(stack, listAddressesRoute, { identity: alice });
    expect((after.body as { items: { id: string; isDefault: boolean }[] }).items).toEqual([expect.objectContaining({ id, isDefault: true })]);
  });

  it("replays a retried create with the same Idempotency-Key instead of duplicating it", async () => {
    const headers = { "idempotency-key": "9b2c1f1e-retry" };
    const first = await callFunction(stack, createAddressRoute, { identity: alice, body: home, headers });
    const again = await callFunction(stack, createAddressRoute, { identity: alice, body: home, headers });
    expect(again.status).toBe(201);
    expect((again.body as { id: string }).id).toBe((first.body as { id: string }).id);
    expect(((await callFunction(stack, listAddressesRoute, { identity: alice })).body as { items: unknown[] }).items).toHaveLength(1);
  });

  it("answers 404 for another customer's address and never shows it", async () => {
    const a = await callFunction(stack, createAddressRoute, { identity: alice, body: home });
    const id = (a.body as { id: string }).id;
    for (const call of [
      callFunction(stack, updateAddressRoute, { identity: bob, params: { id }, body: { landmark: "x" } }),
      callFunction(stack, deleteAddressRoute, { identity: bob, params: { id } }),
      callFunction(stack, updateAddressRoute, { identity: owner, params: { id }, body: { landmark: "x" } }),
    ]) {
      const r = await call;
      expect(r.status).toBe(404);
      expect(r.contentType).toMatch(/problem\+json/);
    }
    expect(((await callFunction(stack, listAddressesRoute, { identity: bob })).body as { items: unknown[] }).items).toEqual([]);
  });

  it("answers 401 to an anonymous caller", async () => {
    expect((await callFunction(stack, listAddressesRoute, {})).status).toBe(401);
    expect((await callFunction(stack, createAddressRoute, { body: home })).status).toBe(401);
  });

  it("rejects bad input with 400 problem+json and writes nothing", async () => {
    const cases: unknown[] = [
      { ...home, lat: 123 },
      { ...home, lng: "east" },
      { ...home, pincode: "12" },
      { ...home, userId: "usr_bob" },
      { ...home, label: "villa" },
      {},
    ];
    for (const body of cases) {
      const r = await callFunction(stack, createAddressRoute, { identity: alice, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ code: "validation_failed" });
    }
    expect((await callFunction(stack, updateAddressRoute, { identity: alice, params: { id: "adr_x" }, body: {} })).status).toBe(400);
    expect(((await callFunction(stack, listAddressesRoute, { identity: alice })).body as { items: unknown[] }).items).toEqual([]);
  });
});

// The browse half end to end, as an app sees it: the typed client → the edge (Node entry, every middleware on) →
// the real functions in the devstack runner → the local Appwrite, Redis and outbox. Phone OTP login, the JWT,
// nearby/menu/search/addresses, caching at the edge, and Realtime-free reads only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, ApiProblem, type ChizzeClient } from "@chizze/client";
import { sendOtpRoute, verifyOtpRoute } from "@chizze/contracts/api/auth";
import { menuRoute, nearbyRoute, searchRoute } from "@chizze/contracts/api/catalog";
import { createAddressRoute, listAddressesRoute } from "@chizze/contracts/api/me";
import { DEV_API_KEY, DEV_IDENTITY_SECRET, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { latestOtp } from "@chizze/devstack/appwrite/auth/index";
import { generateCity, seedCity } from "@chizze/devstack/seed/index";
import { startNodeEdge, type NodeEdge } from "@chizze/edge/node";
import { startTestStack, type TestStack } from "../support/stack";

let stack: TestStack;
let edge: NodeEdge;
let anon: ChizzeClient;

beforeAll(async () => {
  stack = await startTestStack();
  await seedCity(stack.appwrite.endpoint, { projectId: DEV_PROJECT_ID, key: DEV_API_KEY, city: generateCity({ restaurants: 24, itemsPerRestaurant: [8, 12] }) });
  await stack.functions!.runner().idle();
  edge = await startNodeEdge({
    port: 0,
    bindings: {
      APPWRITE_ENDPOINT: stack.appwrite.endpoint,
      APPWRITE_PROJECT_ID: DEV_PROJECT_ID,
      APPWRITE_API_KEY: DEV_API_KEY,
      UPSTASH_REDIS_REST_URL: stack.upstash.url,
      UPSTASH_REDIS_REST_TOKEN: stack.upstash.token,
      CHIZZE_IDENTITY_SECRET: DEV_IDENTITY_SECRET,
      CHIZZE_ENV: "test",
    },
  });
  anon = createClient({ baseUrl: edge.url, retry: { attempts: 1 } });
}, 180_000);
afterAll(async () => {
  await edge?.close();
  await stack?.close();
});

async function login(phone: string): Promise<ChizzeClient> {
  const sent = await anon.call(sendOtpRoute, { body: { phone } });
  const otp = latestOtp(stack.appwrite.deps, phone);
  expect(otp).toMatch(/^\d{6}$/);
  const verified = await anon.call(verifyOtpRoute, { body: { userId: (sent.body as { userId: string }).userId, otp: otp! } });
  const jwt = (verified.body as { jwt: string }).jwt;
  return createClient({ baseUrl: edge.url, getToken: () => jwt, retry: { attempts: 1 } });
}

describe("browse through the edge", () => {
  it("logs in by phone OTP and browses: nearby → menu, search, saved addresses", async () => {
    const me = await login("+919812300001");

    // A point in HSR Layout (a seeded zone); the answer is a list or an empty list with a reason, never an error.
    const nearby = await me.call(nearbyRoute, { query: { lat: 12.9116, lng: 77.6389 } });
    expect(nearby.status).toBe(200);
    const page = nearby.body as { items: { id: string; distanceM: number }[]; reason: string | null };
    if (page.items.length === 0) expect(page.reason).not.toBeNull();
    for (let i = 1; i < page.items.length; i++) expect(page.items[i]!.distanceM).toBeGreaterThanOrEqual(page.items[i - 1]!.distanceM);

    const menu = await anon.call(menuRoute, { params: { id: "rst_00001" } });
    expect(menu.status).toBe(200);
    expect((menu.body as { categories: unknown[] }).categories.length).toBeGreaterThan(0);
    // The second read is served by the edge's cache.
    const again = await anon.call(menuRoute, { params: { id: "rst_00001" } });
    expect(again.headers.get("x-cache")).toMatch(/HIT|STALE/);

    const search = await me.call(searchRoute, { query: { q: "biryani", lat: 12.9116, lng: 77.6389 } });
    expect(search.status).toBe(200);

    const created = await me.call(createAddressRoute, { body: { label: "home", line1: "12, 27th Main", city: "Bengaluru", state: "Karnataka", pincode: "560102", lat: 12.9116, lng: 77.6389 } });
    expect(created.status).toBe(201);
    const list = await me.call(listAddressesRoute);
    expect((list.body as { items: unknown[] }).items).toHaveLength(1);
  });

  it("keeps one customer's addresses from another, and answers problems as problem+json", async () => {
    const a = await login("+919812300002");
    const b = await login("+919812300003");
    await a.call(createAddressRoute, { body: { label: "work", line1: "Embassy Tech Village", city: "Bengaluru", state: "Karnataka", pincode: "560103", lat: 12.93, lng: 77.69 } });
    expect(((await b.call(listAddressesRoute)).body as { items: unknown[] }).items).toEqual([]);

    const err = await anon.call(listAddressesRoute).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    expect((err as ApiProblem).status).toBe(401);
    const bad = await a.call(nearbyRoute, { query: { lat: 200, lng: 77.6 } }).catch((e: unknown) => e);
    expect((bad as ApiProblem).status).toBe(400);
    expect((bad as ApiProblem).requestId).toBeTruthy();
  });
});

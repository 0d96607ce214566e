// The restaurant side of the catalog through the real functions (bundled, run by the devstack runner, called as the
// edge calls them) on a seeded demo city: the owner's restaurants and PATCH, menu item create/update/delete, admin
// approval, and the catalog-invalidate event function retiring the caches the edge keys by `ver:{tag}`
// (platform/redis/cache-tags, the one mechanism the edge's cache middleware uses).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TablesDB, Query } from "node-appwrite";
import { createMenuItemRoute, deleteMenuItemRoute, myRestaurantsRoute, updateMenuItemRoute, updateRestaurantRoute } from "@chizze/contracts/api/restaurant";
import { approveRestaurantRoute } from "@chizze/contracts/api/admin";
import { DATABASE_ID, VariantsDoc, AddonGroupsDoc } from "@chizze/schema";
import { createRedis, type Redis } from "@chizze/platform/redis/client";
import { loadFunctions } from "@chizze/devstack/appwrite/functions/index";
import { generateCity, seedCity } from "@chizze/devstack/seed/index";
import { DEV_API_KEY, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { tagVersionKey, tagVersions, versionedKey } from "@chizze/platform/redis/cache-tags";
import { functionConfig } from "../../scripts/lib/appwrite-json";
import { listFunctions } from "../../scripts/lib/functions";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, type CallResult } from "../support/functions";

const MINE = ["restaurant-list", "restaurant-update", "menu-items-create", "menu-items-update", "menu-items-delete", "admin-restaurants-approve", "catalog-invalidate"];

// Eight restaurants cover every seeded story: rst_00001 and rst_00002 belong to the demo owner, rst_00003 to
// usr_own_00002, rst_00007 (usr_own_00006) awaits approval, rst_00008 is offline. Small menus keep seeding quick.
const city = generateCity({ restaurants: 8, partners: 2, customers: 2, itemsPerRestaurant: [6, 8], now: Date.UTC(2026, 10, 26) });

let stack: TestStack;
let redis: Redis;
let tables: TablesDB;

beforeAll(async () => {
  stack = await startTestStack();
  // Register these functions from their manifests exactly as appwrite.json does, so the suite does not depend on
  // appwrite.json having been regenerated after a manifest change (an upsert: a no-op when it is current).
  const fns = (await listFunctions()).filter((f) => MINE.includes(f.id));
  expect(fns.map((f) => f.id).sort()).toEqual([...MINE].sort());
  loadFunctions(stack.appwrite.deps, stack.functions!.store(), fns.map((f) => functionConfig(f.manifest)));
  redis = createRedis({ url: stack.upstash.url, token: stack.upstash.token, timeoutMs: 5_000 });
  tables = new TablesDB(stack.admin());
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => {
  await stack.reset();
  await seedCity(stack.appwrite.endpoint, { projectId: DEV_PROJECT_ID, key: DEV_API_KEY, city, mockNumbers: false });
  // Seeding fires catalog-invalidate for every row; let those runs finish so each test starts from a quiet stack.
  await stack.functions!.runner().idle();
}, 60_000);

const owner = identityOf("usr_own_00001", ["restaurant"]); // rst_00001, rst_00002
const otherOwner = identityOf("usr_own_00002", ["restaurant"]); // rst_00003
const pendingOwner = identityOf("usr_own_00006", ["restaurant"]); // rst_00007, unapproved
const customer = identityOf("usr_cus_00001", ["customer"]);
const partner = identityOf("usr_prt_00001", ["partner"]);
const admin = identityOf("usr_adm_00001", ["admin"]);

const idle = () => stack.functions!.runner().idle();
const version = async (tag: string): Promise<number> => Number((await redis.get<number | string>(tagVersionKey(tag))) ?? 0);
const versions = async (tags: string[]): Promise<Record<string, number>> => Object.fromEntries(await Promise.all(tags.map(async (t) => [t, await version(t)] as const)));
const catalogRuns = () => stack.functions!.store().listExecutions("catalog-invalidate", 1000, 0).executions;

function expectProblem(r: CallResult, status: number, code?: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.contentType).toMatch(/problem\+json/);
  if (code) expect(r.body).toMatchObject({ code });
}

function itemsOf(restaurantId: string) {
  return city.rows.menu_items.filter((i) => i.restaurant_id === restaurantId);
}
function categoryOf(restaurantId: string): string {
  const c = city.rows.menu_categories.find((x) => x.restaurant_id === restaurantId);
  if (!c) throw new Error(`no category for ${restaurantId}`);
  return c.$id;
}
async function countItems(restaurantId: string): Promise<number> {
  return (await tables.listRows({ databaseId: DATABASE_ID, tableId: "menu_items", queries: [Query.equal("restaurant_id", restaurantId), Query.limit(100)] })).rows.length;
}

const paneer = (categoryId: string) => ({
  categoryId,
  name: "Paneer Tikka",
  pricePaise: 24_900,
  isVeg: true,
  allergens: ["milk", "milk"],
  variants: [
    { name: "Half", pricePaise: 14_900 },
    { name: "Full", pricePaise: 24_900 },
  ],
  addonGroups: [{ name: "Dips", min: 0, max: 2, addons: [{ name: "Mint chutney", pricePaise: 0, isVeg: true }, { name: "Extra cheese", pricePaise: 3_000, isVeg: true }] }],
});

describe("restaurant-list", () => {
  it("lists exactly the caller's restaurants, including unapproved ones", async () => {
    const r = await callFunction(stack, myRestaurantsRoute, { identity: owner });
    expect(r.status).toBe(200);
    const items = (r.body as { items: { id: string; approvalStatus: string; isOnline: boolean; hours: { weekly: unknown[] } }[] }).items;
    expect(items.map((i) => i.id)).toEqual(["rst_00001", "rst_00002"]);
    expect(items[0]).toMatchObject({ approvalStatus: "approved", isOnline: true, hours: { timezone: "Asia/Kolkata" } });
    expect(items[0]?.hours.weekly).toHaveLength(7);
    const other = await callFunction(stack, myRestaurantsRoute, { identity: otherOwner });
    expect((other.body as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(["rst_00003"]);
    const pending = await callFunction(stack, myRestaurantsRoute, { identity: pendingOwner });
    expect((pending.body as { items: unknown[] }).items).toEqual([expect.objectContaining({ id: "rst_00007", approvalStatus: "pending", isOnline: false, isOpen: false })]);
  });

  it("is for restaurant owners only: anonymous 401, customer, partner and admin 403", async () => {
    expectProblem(await callFunction(stack, myRestaurantsRoute, {}), 401, "unauthenticated");
    for (const identity of [customer, partner, admin]) expectProblem(await callFunction(stack, myRestaurantsRoute, { identity }), 403, "forbidden");
  });
});

describe("restaurant-update", () => {
  it("takes a restaurant offline, and catalog-invalidate retires its cached pages, nearby and search", async () => {
    const tags = ["restaurant:rst_00001", "menu:rst_00001", "nearby", "search", "restaurant:rst_00002", "menu:rst_00002"];
    // What the edge and cache-aside readers hold right now.
    await redis.set("rest:rst_00001", { v: "cached detail", at: 1 });
    await redis.set("menu:rst_00001", { v: "cached menu", at: 1 });
    await redis.set("rest:rst_00002", { v: "someone else's", at: 1 });
    const before = await versions(tags);
    const seen = new Set(catalogRuns().map((e) => e.$id));

    const r = await callFunction(stack, updateRestaurantRoute, { identity: owner, query: { restaurantId: "rst_00001" }, body: { isOnline: false } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: "rst_00001", isOnline: false, isOpen: false });
    await idle();

    const runs = catalogRuns().filter((e) => !seen.has(e.$id));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: "event", status: "completed", responseStatusCode: 200 });
    expect(runs[0]?.logs).toContain("rst_00001");

    const after = await versions(tags);
    expect(after["restaurant:rst_00001"]).toBe((before["restaurant:rst_00001"] ?? 0) + 1);
    expect(after.nearby).toBe((before.nearby ?? 0) + 1);
    expect(after.search).toBe((before.search ?? 0) + 1);
    // The menu's entries carry the restaurant tag too (contracts CACHE.menu), so its own counter is left alone.
    expect(after["menu:rst_00001"]).toBe(before["menu:rst_00001"]);
    expect(after["restaurant:rst_00002"]).toBe(before["restaurant:rst_00002"]);
    expect(await redis.get("rest:rst_00001")).toBeNull();
    expect(await redis.get("menu:rst_00001")).toBeNull();
    expect(await redis.get("rest:rst_00002")).not.toBeNull();

    // What the edge's cache middleware reads (platform/redis/cache-tags): the detail page's key has moved on.
    const edgeView = await tagVersions(redis, ["restaurant:rst_00001"]);
    expect(edgeView).toEqual({ ok: true, value: [after["restaurant:rst_00001"]] });
    expect(versionedKey("rest:rst_00001", [after["restaurant:rst_00001"] ?? 0])).not.toBe(versionedKey("rest:rst_00001", [before["restaurant:rst_00001"] ?? 0]));

    const list = await callFunction(stack, myRestaurantsRoute, { identity: owner });
    expect((list.body as { items: { id: string; isOnline: boolean }[] }).items.find((i) => i.id === "rst_00001")?.isOnline).toBe(false);
  });

  it("replaces hours, closures and prep time, and writes nothing for a no-op", async () => {
    const weekly = ["sun", "sat", "fri", "thu", "wed", "tue", "mon"].map((day) => ({ day, slots: day === "mon" ? [] : [{ opens: "11:00", closes: "23:00" }] }));
    const closures = [{ startsAt: "2099-01-10T00:00:00.000Z", endsAt: "2099-01-12T00:00:00.000Z", reason: "Pongal" }];
    const r = await callFunction(stack, updateRestaurantRoute, { identity: otherOwner, body: { weekly, closures, prepTimeMinutes: 35, phone: "+919812345678" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as { id: string; prepTimeMinutes: number; phone: string; hours: { weekly: { day: string; slots: unknown[] }[]; closures: unknown[] } };
    expect(body).toMatchObject({ id: "rst_00003", prepTimeMinutes: 35, phone: "+919812345678" });
    expect(body.hours.weekly.map((d) => d.day)).toEqual(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    expect(body.hours.weekly[0]?.slots).toEqual([]);
    expect(body.hours.closures).toEqual(closures);
    const row = await tables.getRow({ databaseId: DATABASE_ID, tableId: "restaurants", rowId: "rst_00003" });
    expect(row.avg_prep_min).toBe(35);
    await idle();

    // rst_00008 is already offline: nothing to write, so no row event and no cache churn.
    const runsBefore = catalogRuns().length;
    const offlineOwner = identityOf(city.rows.restaurants.find((x) => x.$id === "rst_00008")!.owner_id, ["restaurant"]);
    const noop = await callFunction(stack, updateRestaurantRoute, { identity: offlineOwner, body: { isOnline: false } });
    expect(noop.status).toBe(200);
    await idle();
    expect(catalogRuns().length).toBe(runsBefore);
  });

  it("rejects bad input with 400 problem+json and changes nothing", async () => {
    const before = await tables.getRow({ databaseId: DATABASE_ID, tableId: "restaurants", rowId: "rst_00003" });
    const week = (days: string[]) => days.map((day) => ({ day, slots: [] }));
    const cases: unknown[] = [
      {},
      { prepTimeMinutes: 3 },
      { prepTimeMinutes: "20" },
      { isOnline: "no" },
      { name: "Renamed" },
      { weekly: week(["mon", "tue", "wed"]) },
      { weekly: week(["mon", "mon", "wed", "thu", "fri", "sat", "sun"]) },
      { weekly: [{ day: "mon", slots: [{ opens: "25:00", closes: "23:00" }] }, ...week(["tue", "wed", "thu", "fri", "sat", "sun"])] },
      { closures: [{ startsAt: "2099-01-12T00:00:00.000Z", endsAt: "2099-01-10T00:00:00.000Z", reason: null }] },
      { phone: "12345" },
      { isOnline: false, prepTimeMinutes: 500 },
    ];
    for (const body of cases) {
      const r = await callFunction(stack, updateRestaurantRoute, { identity: otherOwner, body });
      expectProblem(r, 400, "validation_failed");
    }
    const after = await tables.getRow({ databaseId: DATABASE_ID, tableId: "restaurants", rowId: "rst_00003" });
    expect(after).toEqual(before);
  });

  it("needs ?restaurantId= from an owner of several, and answers 404 for another owner's restaurant", async () => {
    expectProblem(await callFunction(stack, updateRestaurantRoute, { identity: owner, body: { isOnline: false } }), 400, "validation_failed");
    expectProblem(await callFunction(stack, updateRestaurantRoute, { identity: otherOwner, query: { restaurantId: "rst_00001" }, body: { isOnline: false } }), 404, "not_found");
    expectProblem(await callFunction(stack, updateRestaurantRoute, { identity: owner, query: { restaurantId: "rst_00003" }, body: { isOnline: false } }), 404, "not_found");
    expectProblem(await callFunction(stack, updateRestaurantRoute, { identity: owner, query: { restaurantId: "rst_nope" }, body: { isOnline: false } }), 404, "not_found");
    expect((await tables.getRow({ databaseId: DATABASE_ID, tableId: "restaurants", rowId: "rst_00001" })).is_online).toBe(true);
    expect((await tables.getRow({ databaseId: DATABASE_ID, tableId: "restaurants", rowId: "rst_00003" })).is_online).toBe(true);
  });

  it("is for restaurant owners only: anonymous 401, customer, partner and admin 403", async () => {
    expectProblem(await callFunction(stack, updateRestaurantRoute, { body: { isOnline: false } }), 401, "unauthenticated");
    for (const identity of [customer, partner, admin]) {
      expectProblem(await callFunction(stack, updateRestaurantRoute, { identity, query: { restaurantId: "rst_00001" }, body: { isOnline: false } }), 403, "forbidden");
    }
  });
});

describe("admin-restaurants-approve", () => {
  it("approves a pending restaurant once (twice is harmless), after which its owner can go online", async () => {
    expectProblem(await callFunction(stack, updateRestaurantRoute, { identity: pendingOwner, body: { isOnline: true } }), 409, "conflict");
    const before = await version("restaurant:rst_00007");

    const r = await callFunction(stack, approveRestaurantRoute, { identity: admin, params: { id: "rst_00007" }, body: { note: "FSSAI and GSTIN checked" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: "rst_00007", approvalStatus: "approved", approvedBy: "usr_adm_00001" });
    expect((r.body as { approvedAt: string }).approvedAt).toMatch(/^2\d{3}-.*Z$/);
    await idle();
    expect(await version("restaurant:rst_00007")).toBe(before + 1);

    const again = await callFunction(stack, approveRestaurantRoute, { identity: admin, params: { id: "rst_00007" }, body: {} });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: "rst_00007", approvalStatus: "approved", approvedAt: (r.body as { approvedAt: string }).approvedAt });
    await idle();
    expect(await version("restaurant:rst_00007")).toBe(before + 1); // nothing written the second time

    const online = await callFunction(stack, updateRestaurantRoute, { identity: pendingOwner, body: { isOnline: true } });
    expect(online.status, JSON.stringify(online.body)).toBe(200);
    expect(online.body).toMatchObject({ approvalStatus: "approved", isOnline: true });
  });

  it("refuses an expired FSSAI licence (422) and unknown ids (404), and is for admins only", async () => {
    await tables.updateRow({ databaseId: DATABASE_ID, tableId: "restaurants", rowId: "rst_00007", data: { fssai_valid_until: "2020-01-01T00:00:00.000Z" } });
    expectProblem(await callFunction(stack, approveRestaurantRoute, { identity: admin, params: { id: "rst_00007" }, body: {} }), 422, "unprocessable");
    expect((await tables.getRow({ databaseId: DATABASE_ID, tableId: "restaurants", rowId: "rst_00007" })).is_approved).toBe(false);
    expectProblem(await callFunction(stack, approveRestaurantRoute, { identity: admin, params: { id: "rst_missing" }, body: {} }), 404, "not_found");
    expectProblem(await callFunction(stack, approveRestaurantRoute, { identity: admin, params: { id: "rst_00007" }, body: { approved: true } }), 400, "validation_failed");
    expectProblem(await callFunction(stack, approveRestaurantRoute, { params: { id: "rst_00007" }, body: {} }), 401, "unauthenticated");
    for (const identity of [pendingOwner, owner, customer, partner]) {
      expectProblem(await callFunction(stack, approveRestaurantRoute, { identity, params: { id: "rst_00007" }, body: {} }), 403, "forbidden");
    }
  });
});

describe("menu items", () => {
  it("creates, edits and deletes an item of one of the caller's restaurants, retiring the menu's cache each time", async () => {
    const cat = categoryOf("rst_00002");
    const menuTags = ["restaurant:rst_00002", "menu:rst_00002", "search"];
    const v0 = await versions(menuTags);

    const c = await callFunction(stack, createMenuItemRoute, { identity: owner, query: { restaurantId: "rst_00002" }, body: paneer(cat) });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const created = c.body as { restaurantId: string; item: { id: string; allergens: string[]; variants: { id: string; name: string }[]; addonGroups: { id: string; min: number; max: number; addons: { id: string }[] }[]; inStock: boolean; sortOrder: number } };
    expect(created.restaurantId).toBe("rst_00002");
    expect(created.item).toMatchObject({ categoryId: cat, name: "Paneer Tikka", pricePaise: 24_900, isVeg: true, inStock: true, isAvailable: true, allergens: ["milk"] });
    expect(created.item.variants.map((v) => v.name)).toEqual(["Half", "Full"]);
    expect(created.item.addonGroups[0]).toMatchObject({ min: 0, max: 2 });
    // Placed at the end of its category.
    const lastInCategory = Math.max(...itemsOf("rst_00002").filter((i) => i.category_id === cat).map((i) => i.sort_order ?? 0));
    expect(created.item.sortOrder).toBe(lastInCategory + 10);
    const stored = await tables.getRow({ databaseId: DATABASE_ID, tableId: "menu_items", rowId: created.item.id });
    expect(VariantsDoc.parse(JSON.parse(stored.variants as string)).map((v) => v.isDefault)).toEqual([true, false]);
    await idle();
    const v1 = await versions(menuTags);
    for (const t of menuTags) expect(v1[t], t).toBe((v0[t] ?? 0) + 1);

    const half = created.item.variants[0]!;
    const group = created.item.addonGroups[0]!;
    const u = await callFunction(stack, updateMenuItemRoute, {
      identity: owner,
      params: { id: created.item.id },
      body: {
        pricePaise: 26_900,
        inStock: false,
        isBestseller: true,
        variants: [{ id: half.id, name: "Half plate", pricePaise: 15_900 }, { name: "Family", pricePaise: 44_900 }],
        addonGroups: [{ id: group.id, name: "Dips", min: 1, max: 1, addons: [{ id: group.addons[0]!.id, name: "Mint chutney", pricePaise: 0, isVeg: true }] }],
      },
    });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    const updated = (u.body as { restaurantId: string; item: typeof created.item & { pricePaise: number; isBestseller: boolean } }).item;
    expect(updated).toMatchObject({ id: created.item.id, pricePaise: 26_900, inStock: false, isAvailable: false, isBestseller: true });
    expect(updated.variants[0]).toEqual({ id: half.id, name: "Half plate", pricePaise: 15_900 });
    expect(updated.variants[1]?.id).toMatch(/^var_/);
    expect(updated.addonGroups).toEqual([{ id: group.id, name: "Dips", min: 1, max: 1, addons: [{ id: group.addons[0]!.id, name: "Mint chutney", pricePaise: 0, isVeg: true }] }]);
    const row = await tables.getRow({ databaseId: DATABASE_ID, tableId: "menu_items", rowId: created.item.id });
    expect(row).toMatchObject({ stock: 0, is_available: false, tags: ["bestseller"] });
    expect(VariantsDoc.parse(JSON.parse(row.variants as string)).find((v) => v.isDefault)?.id).toBe(half.id);
    expect(AddonGroupsDoc.parse(JSON.parse(row.addon_groups as string))[0]?.minSelect).toBe(1);

    const back = await callFunction(stack, updateMenuItemRoute, { identity: owner, params: { id: created.item.id }, body: { inStock: true } });
    expect(back.body).toMatchObject({ item: { inStock: true, isAvailable: true } });
    await idle();
    const v2 = await versions(menuTags);
    expect(v2["menu:rst_00002"]).toBe((v1["menu:rst_00002"] ?? 0) + 2);

    const d = await callFunction(stack, deleteMenuItemRoute, { identity: owner, params: { id: created.item.id } });
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ restaurantId: "rst_00002", itemId: created.item.id, deleted: true });
    await idle();
    expect(await version("menu:rst_00002")).toBe((v2["menu:rst_00002"] ?? 0) + 1);
    expectProblem(await callFunction(stack, deleteMenuItemRoute, { identity: owner, params: { id: created.item.id } }), 404, "not_found");
    expectProblem(await callFunction(stack, updateMenuItemRoute, { identity: owner, params: { id: created.item.id }, body: { pricePaise: 100 } }), 404, "not_found");
  });

  it("moves an item between categories of the same restaurant only", async () => {
    const item = itemsOf("rst_00001")[0]!;
    const otherCat = city.rows.menu_categories.find((c) => c.restaurant_id === "rst_00001" && c.$id !== item.category_id)!.$id;
    const ok = await callFunction(stack, updateMenuItemRoute, { identity: owner, params: { id: item.$id }, body: { categoryId: otherCat } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ restaurantId: "rst_00001", item: { categoryId: otherCat } });
    // rst_00002 belongs to the same owner, but an item never leaves its restaurant.
    expectProblem(await callFunction(stack, updateMenuItemRoute, { identity: owner, params: { id: item.$id }, body: { categoryId: categoryOf("rst_00002") } }), 422, "unprocessable");
    expect((await tables.getRow({ databaseId: DATABASE_ID, tableId: "menu_items", rowId: item.$id })).category_id).toBe(otherCat);
  });

  it("replays a retried create with the same Idempotency-Key instead of adding the dish twice", async () => {
    const headers = { "idempotency-key": "tablet-retry-7f3a" };
    const before = await countItems("rst_00002");
    const first = await callFunction(stack, createMenuItemRoute, { identity: owner, query: { restaurantId: "rst_00002" }, body: paneer(categoryOf("rst_00002")), headers });
    const again = await callFunction(stack, createMenuItemRoute, { identity: owner, query: { restaurantId: "rst_00002" }, body: paneer(categoryOf("rst_00002")), headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect((again.body as { item: { id: string } }).item.id).toBe((first.body as { item: { id: string } }).item.id);
    expect(await countItems("rst_00002")).toBe(before + 1);
  });

  it("rejects invalid items (400) and items that do not fit the restaurant (422), writing nothing", async () => {
    const cat = categoryOf("rst_00002");
    const base = paneer(cat);
    const before = await countItems("rst_00002");
    const invalid: unknown[] = [
      { ...base, pricePaise: -100 },
      { ...base, pricePaise: 99.5 },
      { ...base, pricePaise: 50 },
      { ...base, name: "" },
      { ...base, isVeg: undefined },
      { ...base, allergens: ["gluten-ish"] },
      { ...base, addonGroups: [{ name: "Dips", min: 3, max: 2, addons: [{ name: "a", pricePaise: 0, isVeg: true }, { name: "b", pricePaise: 0, isVeg: true }, { name: "c", pricePaise: 0, isVeg: true }] }] },
      { ...base, addonGroups: [{ name: "Dips", min: 0, max: 3, addons: [{ name: "a", pricePaise: 0, isVeg: true }] }] },
      { ...base, addonGroups: [{ name: "Dips", min: 0, max: 1, addons: [] }] },
      { ...base, variants: [{ name: "Half", pricePaise: -1 }] },
      { ...base, variants: [{ id: "var_same", name: "Half", pricePaise: 100 }, { id: "var_same", name: "Full", pricePaise: 200 }] },
      { ...base, restaurantId: "rst_00003" },
    ];
    for (const body of invalid) {
      const r = await callFunction(stack, createMenuItemRoute, { identity: owner, query: { restaurantId: "rst_00002" }, body });
      expectProblem(r, 400, "validation_failed");
    }
    const unprocessable: unknown[] = [
      { ...base, categoryId: categoryOf("rst_00003") },
      { ...base, categoryId: categoryOf("rst_00001") },
      { ...base, categoryId: "cat_missing" },
      { ...base, addonGroups: [{ name: "Extras", min: 0, max: 1, addons: [{ name: "Chicken tikka", pricePaise: 9_000, isVeg: false }] }] },
      { ...base, availableFrom: "07:00", availableTo: "11:00" },
    ];
    for (const body of unprocessable) {
      const r = await callFunction(stack, createMenuItemRoute, { identity: owner, query: { restaurantId: "rst_00002" }, body });
      expectProblem(r, 422, "unprocessable");
    }
    // An owner of two restaurants must say which one.
    expectProblem(await callFunction(stack, createMenuItemRoute, { identity: owner, body: base }), 400, "validation_failed");
    expect(await countItems("rst_00002")).toBe(before);

    const item = itemsOf("rst_00002")[0]!;
    const row = await tables.getRow({ databaseId: DATABASE_ID, tableId: "menu_items", rowId: item.$id });
    const badUpdates: [unknown, number][] = [
      [{}, 400],
      [{ pricePaise: -1 }, 400],
      [{ addonGroups: [{ name: "x", min: 2, max: 1, addons: [{ name: "a", pricePaise: 0, isVeg: true }, { name: "b", pricePaise: 0, isVeg: true }] }] }, 400],
      [{ variants: [{ id: "var_not_on_this_item", name: "Big", pricePaise: 100 }] }, 422],
      [{ categoryId: categoryOf("rst_00003") }, 422],
      [{ isVeg: true, addonGroups: [{ name: "x", min: 0, max: 1, addons: [{ name: "Egg", pricePaise: 1_000, isVeg: false }] }] }, 422],
    ];
    for (const [body, status] of badUpdates) expectProblem(await callFunction(stack, updateMenuItemRoute, { identity: owner, params: { id: item.$id }, body }), status);
    expect(await tables.getRow({ databaseId: DATABASE_ID, tableId: "menu_items", rowId: item.$id })).toEqual(row);
  });

  it("answers 404 for another owner's items and restaurants, and 401/403 to everyone else", async () => {
    const item = itemsOf("rst_00001")[0]!;
    const body = paneer(categoryOf("rst_00001"));
    expectProblem(await callFunction(stack, createMenuItemRoute, { identity: otherOwner, query: { restaurantId: "rst_00001" }, body }), 404, "not_found");
    expectProblem(await callFunction(stack, updateMenuItemRoute, { identity: otherOwner, params: { id: item.$id }, body: { pricePaise: 100 } }), 404, "not_found");
    expectProblem(await callFunction(stack, deleteMenuItemRoute, { identity: otherOwner, params: { id: item.$id } }), 404, "not_found");
    // Without ?restaurantId= the other owner's own (only) restaurant is meant, and the category is not in it.
    expectProblem(await callFunction(stack, createMenuItemRoute, { identity: otherOwner, body }), 422, "unprocessable");

    expectProblem(await callFunction(stack, createMenuItemRoute, { query: { restaurantId: "rst_00001" }, body }), 401, "unauthenticated");
    expectProblem(await callFunction(stack, updateMenuItemRoute, { params: { id: item.$id }, body: { pricePaise: 100 } }), 401, "unauthenticated");
    expectProblem(await callFunction(stack, deleteMenuItemRoute, { params: { id: item.$id } }), 401, "unauthenticated");
    for (const identity of [customer, partner, admin]) {
      expectProblem(await callFunction(stack, createMenuItemRoute, { identity, query: { restaurantId: "rst_00001" }, body }), 403, "forbidden");
      expectProblem(await callFunction(stack, updateMenuItemRoute, { identity, params: { id: item.$id }, body: { pricePaise: 100 } }), 403, "forbidden");
      expectProblem(await callFunction(stack, deleteMenuItemRoute, { identity, params: { id: item.$id } }), 403, "forbidden");
    }
    const row = await tables.getRow({ databaseId: DATABASE_ID, tableId: "menu_items", rowId: item.$id });
    expect(row.price_paise).toBe(item.price_paise);
    expect(await countItems("rst_00001")).toBe(itemsOf("rst_00001").length);
  });
});

describe("catalog-invalidate", () => {
  const run = (payload: unknown, event: string) =>
    stack.functions!.runner().execute("catalog-invalidate", { trigger: "event", async: false, method: "POST", path: "/", headers: { "content-type": "application/json" }, body: JSON.stringify(payload), event });
  const itemEvent = (action: string) => `databases.chizze.collections.menu_items.documents.itm_00003_001.${action}`;

  it("is safe to repeat and to receive out of order: each delivery retires the entries again, none brings data back", async () => {
    const row = { $id: "itm_00003_001", $tableId: "menu_items", restaurant_id: "rst_00003", name: "Old name" };
    const before = await versions(["restaurant:rst_00003", "menu:rst_00003", "search", "nearby"]);
    // delete arrives before the update that preceded it, and the update is delivered twice.
    for (const action of ["delete", "update", "update"]) {
      const e = await run(row, itemEvent(action));
      expect(e.responseStatusCode, e.errors).toBe(200);
      expect(JSON.parse(e.responseBody)).toMatchObject({ outcome: "invalidated", restaurantId: "rst_00003", table: "menu_items" });
      await redis.set("menu:rst_00003", { v: "refilled by a reader", at: 1 });
    }
    const after = await versions(["restaurant:rst_00003", "menu:rst_00003", "search", "nearby"]);
    expect(after["menu:rst_00003"]).toBe((before["menu:rst_00003"] ?? 0) + 3);
    expect(after["restaurant:rst_00003"]).toBe((before["restaurant:rst_00003"] ?? 0) + 3);
    expect(after.search).toBe((before.search ?? 0) + 3);
    expect(after.nearby).toBe(before.nearby); // a dish change does not alter nearby lists
    // The last delivery cleared what a reader cached in between; nothing from the payload was ever stored.
    await run(row, itemEvent("update"));
    expect(await redis.get("menu:rst_00003")).toBeNull();
    expect(await redis.keys("*Old name*")).toEqual([]);
  });

  it("reads the table from the event name when the payload lacks it, ignores other tables, and refuses rows without a restaurant", async () => {
    const before = await version("menu:rst_00002");
    const byName = await run({ $id: "cat_00002_01", restaurant_id: "rst_00002" }, "databases.chizze.tables.menu_categories.rows.cat_00002_01.update");
    expect(byName.responseStatusCode, byName.errors).toBe(200);
    expect(await version("menu:rst_00002")).toBe(before + 1);

    const other = await run({ $id: "ord_1", $tableId: "orders", restaurant_id: "rst_00002" }, "databases.chizze.tables.orders.rows.ord_1.update");
    expect(other.responseStatusCode).toBe(200);
    expect(JSON.parse(other.responseBody)).toMatchObject({ outcome: "ignored" });
    expect(await version("menu:rst_00002")).toBe(before + 1);

    const orphan = await run({ $id: "itm_x", $tableId: "menu_items" }, itemEvent("update"));
    expect(orphan.responseStatusCode).toBe(400);
    const garbage = await run({ nope: true }, itemEvent("update"));
    expect(garbage.responseStatusCode).toBe(400);
  });
});

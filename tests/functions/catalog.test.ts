// Browsing through the real functions (bundled, run by the devstack runner, called as the edge calls them) on the
// seeded demo city. The functions read the real clock, so the city is made deterministic at any hour: HSR Layout's
// restaurants are open around the clock (one closed all day, one inside a planned closure, two offline as seeded),
// Koramangala's are closed all day, and expectations are computed with core at the moment of the test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TablesDB } from "node-appwrite";
import { appConfigRoute } from "@chizze/contracts/api/app-config";
import { categoriesRoute, couponsRoute, menuRoute, nearbyRoute, restaurantRoute, searchRoute } from "@chizze/contracts/api/catalog";
import type { NearbyResponse, RestaurantDetail, Menu, SearchResponse, CouponsResponse, CategoriesResponse } from "@chizze/contracts/api/catalog";
import type { AppConfig } from "@chizze/contracts/api/app-config";
import type { AnyRoute } from "@chizze/contracts/route";
import {
  checkServiceability,
  deliveryFeeFor,
  estimateEtaMin,
  roadDistanceM,
  rolloutBucket,
  type ZoneArea,
} from "@chizze/core";
import { DATABASE_ID, WeeklyHoursDoc, type WeeklyHours } from "@chizze/schema";
import { generateCity, seedCity, type SeedCity } from "@chizze/devstack/seed/index";
import { DEV_API_KEY, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import type { z } from "zod";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, type CallOptions } from "../support/functions";

const FIXED_NOW = "2026-11-01T00:00:00.000Z";
const DAY_MS = 86_400_000;

const OPEN_ZONE = "zon_hsr-layout";
const CLOSED_ZONE = "zon_koramangala";
/** HSR Layout's and Koramangala's centres, inside their zones; Yelahanka lies outside every zone; Electronic City's zone is inactive. */
const HSR = { lat: 12.9116, lng: 77.6389 };
const HSR_EDGE = { lat: 12.9158, lng: 77.6431 };
const KORAMANGALA = { lat: 12.9352, lng: 77.6245 };
const YELAHANKA = { lat: 13.1007, lng: 77.5963 };
const ELECTRONIC_CITY = { lat: 12.8452, lng: 77.6602 };

const AROUND_THE_CLOCK: WeeklyHours = (["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const).map((day) => ({ day, slots: [{ opens: "00:00", closes: "24:00" }] }));
const NEVER_OPEN: WeeklyHours = (["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const).map((day) => ({ day, slots: [] }));

const alice = identityOf("usr_cus_00001", ["customer"]);
const owner = identityOf("usr_own_00001", ["restaurant"]);

let stack: TestStack;
let city: SeedCity;
const testStart = Date.now();
const currentClosure = { startsAt: new Date(testStart - 3_600_000).toISOString(), endsAt: new Date(Math.ceil((testStart + 2 * DAY_MS) / 60_000) * 60_000).toISOString(), reason: "Pest control" };
const upcomingClosure = { startsAt: new Date(testStart + 10 * DAY_MS).toISOString(), endsAt: new Date(testStart + 11 * DAY_MS).toISOString(), reason: "Diwali" };
const pastClosure = { startsAt: new Date(testStart - 10 * DAY_MS).toISOString(), endsAt: new Date(testStart - 9 * DAY_MS).toISOString(), reason: null };

/** The demo city with the deterministic hours described at the top. */
function deterministicCity(): SeedCity {
  const c = generateCity({ now: FIXED_NOW });
  for (const r of c.rows.restaurants) {
    if (r.zone_id === OPEN_ZONE) {
      r.hours = JSON.stringify(AROUND_THE_CLOCK);
      delete r.closures;
    }
    if (r.zone_id === CLOSED_ZONE) r.hours = JSON.stringify(NEVER_OPEN);
  }
  const set = (id: string, patch: Record<string, unknown>) => Object.assign(c.rows.restaurants.find((r) => r.$id === id) ?? {}, patch);
  set("rst_00037", { hours: JSON.stringify(NEVER_OPEN) });
  set("rst_00011", { closures: JSON.stringify([currentClosure]) });
  set("rst_00010", { closures: JSON.stringify([pastClosure, upcomingClosure]) });
  const noSchedule = c.rows.restaurants.find((r) => r.$id === "rst_00045");
  if (noSchedule) delete noSchedule.hours;
  // Menu cases on restaurant 1: its second category switched off, one dish sold out for the day (stock 0).
  const cat = c.rows.menu_categories.find((m) => m.$id === "cat_00001_02");
  if (cat) cat.is_active = false;
  const soldOut = c.rows.menu_items.find((i) => i.restaurant_id === "rst_00001" && i.category_id !== "cat_00001_02" && i.is_available !== false && i.stock === undefined);
  if (soldOut) soldOut.stock = 0;
  return c;
}

function zones(): ZoneArea[] {
  return city.rows.zones.map((z) => ({ id: z.$id, isActive: z.is_active ?? true, area: z.area }));
}

function restaurant(id: string) {
  const r = city.rows.restaurants.find((x) => x.$id === id);
  if (!r) throw new Error(`no ${id}`);
  return r;
}

/** What nearby must answer at `point` now, from core and the seeded rows. */
function expectedAt(point: { lat: number; lng: number }): Map<string, { distanceM: number; etaMinutes: number; feePaise: number }> {
  const out = new Map<string, { distanceM: number; etaMinutes: number; feePaise: number }>();
  for (const r of city.rows.restaurants) {
    if (!r.is_approved) continue;
    const s = checkServiceability(
      {
        id: r.$id,
        location: { lat: r.lat, lng: r.lng },
        zoneId: r.zone_id ?? null,
        deliveryRadiusM: r.delivery_radius_m ?? 5_000,
        isOnline: r.is_online === true,
        isApproved: true,
        hours: r.hours ? WeeklyHoursDoc.parse(JSON.parse(r.hours)) : null,
        closures: r.closures ? (JSON.parse(r.closures) as never) : null,
      },
      point,
      zones(),
      new Date(),
    );
    if (!s.ok) continue;
    const fee = deliveryFeeFor(roadDistanceM(s.distanceM));
    if (!fee.ok) continue;
    out.set(r.$id, { distanceM: s.distanceM, etaMinutes: estimateEtaMin({ prepRemainingMin: r.avg_prep_min ?? 20, riderToRestaurantM: null, restaurantToCustomerM: s.distanceM, vehicle: "scooter" }), feePaise: fee.feePaise });
  }
  return out;
}

async function call<T>(route: AnyRoute, opts: CallOptions = {}): Promise<{ status: number; body: T; contentType: string }> {
  const r = await callFunction(stack, route, opts);
  return { status: r.status, body: r.body as T, contentType: r.contentType };
}

type Nearby = z.infer<typeof NearbyResponse>;

/** Every page of a nearby query (bounded), in order. */
async function allPages(query: Record<string, string | number | boolean>, limit: number): Promise<Nearby["items"]> {
  const items: Nearby["items"] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const r: { status: number; body: Nearby } = await call<Nearby>(nearbyRoute, { identity: alice, query: { ...query, limit, ...(cursor ? { cursor } : {}) } });
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error("nearby kept returning cursors");
}

beforeAll(async () => {
  stack = await startTestStack();
  city = deterministicCity();
  await seedCity(stack.appwrite.endpoint, { projectId: DEV_PROJECT_ID, key: DEV_API_KEY, city, mockNumbers: false });
}, 180_000);
afterAll(async () => stack.close());

describe("GET /restaurants/nearby", () => {
  it("lists exactly the restaurants core says can deliver here now, nearest first, with distance, ETA and fee", async () => {
    const expected = expectedAt(HSR);
    expect([...expected.keys()].sort()).toEqual(["rst_00003", "rst_00010", "rst_00016", "rst_00045", "rst_00053"]);
    const r = await call<Nearby>(nearbyRoute, { identity: alice, query: { lat: HSR.lat, lng: HSR.lng } });
    expect(r.status).toBe(200);
    expect(r.body.reason).toBeNull();
    expect(r.body.nextCursor).toBeNull();
    expect(r.body.items.map((i) => i.id).sort()).toEqual([...expected.keys()].sort());
    for (const item of r.body.items) {
      const e = expected.get(item.id);
      expect(item).toMatchObject({ distanceM: e?.distanceM, etaMinutes: e?.etaMinutes, deliveryFeePaise: e?.feePaise, isOpen: true, nextOpensAt: null });
      expect(restaurant(item.id).zone_id).toBe(OPEN_ZONE);
    }
    const distances = r.body.items.map((i) => i.distanceM);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // Neighbouring Koramangala is within reach as the crow flies but is another zone: none of its restaurants.
    expect(r.body.items.some((i) => restaurant(i.id).zone_id === CLOSED_ZONE)).toBe(false);
    // Cuisine slugs are shown by name.
    const biryani = r.body.items.find((i) => i.id === "rst_00003");
    expect(biryani?.cuisines).toContain("Biryani");
  });

  it("pages through every sort order returning each restaurant once, in order", async () => {
    const expected = expectedAt(HSR_EDGE);
    expect(expected.size).toBeGreaterThan(3);
    for (const sort of ["distance", "rating", "eta"] as const) {
      const items = await allPages({ lat: HSR_EDGE.lat, lng: HSR_EDGE.lng, sort }, 2);
      const ids = items.map((i) => i.id);
      expect(new Set(ids).size, sort).toBe(ids.length);
      expect([...ids].sort(), sort).toEqual([...expected.keys()].sort());
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [items[i - 1]!, items[i]!];
        if (sort === "distance") expect(a.distanceM).toBeLessThanOrEqual(b.distanceM);
        if (sort === "eta") expect(a.etaMinutes).toBeLessThanOrEqual(b.etaMinutes);
        if (sort === "rating") expect(a.rating ?? -1).toBeGreaterThanOrEqual(b.rating ?? -1);
      }
    }
  });

  it("applies the veg, cuisine and radius filters without inventing a reason", async () => {
    const veg = await call<Nearby>(nearbyRoute, { identity: alice, query: { lat: HSR.lat, lng: HSR.lng, veg: true } });
    expect(veg.status).toBe(200);
    const vegIds = [...expectedAt(HSR).keys()].filter((id) => restaurant(id).is_veg_only === true);
    expect(veg.body.items.map((i) => i.id).sort()).toEqual(vegIds.sort());
    expect(veg.body.items.every((i) => i.isVeg)).toBe(true);

    const biryani = await call<Nearby>(nearbyRoute, { identity: alice, query: { lat: HSR.lat, lng: HSR.lng, cuisine: "biryani" } });
    expect(biryani.body.items.map((i) => i.id).sort()).toEqual(["rst_00003", "rst_00016"]);

    const none = await call<Nearby>(nearbyRoute, { identity: alice, query: { lat: HSR.lat, lng: HSR.lng, cuisine: "sushi" } });
    expect(none.body).toEqual({ items: [], nextCursor: null, reason: null });

    const near = await call<Nearby>(nearbyRoute, { identity: alice, query: { lat: HSR.lat, lng: HSR.lng, radiusKm: 0.5 } });
    expect(near.body.items.every((i) => i.distanceM <= 500)).toBe(true);
  });

  it("answers an empty list with a reason outside every zone, in an inactive zone and when everything is closed", async () => {
    for (const point of [YELAHANKA, ELECTRONIC_CITY]) {
      const r = await call<Nearby>(nearbyRoute, { identity: alice, query: point });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ items: [], nextCursor: null, reason: "outside_service_area" });
    }
    const closed = await call<Nearby>(nearbyRoute, { identity: alice, query: KORAMANGALA });
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ items: [], nextCursor: null, reason: "all_closed" });
  });

  it("rejects bad input with 400 problem+json", async () => {
    const base = { lat: HSR.lat, lng: HSR.lng };
    const first = await call<Nearby>(nearbyRoute, { identity: alice, query: { ...base, limit: 1 } });
    const distanceCursor = first.body.nextCursor ?? "";
    expect(distanceCursor).not.toBe("");
    const cases: Record<string, string | number>[] = [
      { ...base, lat: 200 },
      { ...base, lng: -190 },
      { lng: HSR.lng },
      { ...base, lat: "north" },
      { ...base, radiusKm: -1 },
      { ...base, radiusKm: 50 },
      { ...base, limit: 500 },
      { ...base, limit: 0 },
      { ...base, sort: "cheapest" },
      { ...base, veg: "maybe" },
      { ...base, cuisine: "Not A Slug" },
      { ...base, cursor: "not-a-cursor" },
      { ...base, sort: "rating", cursor: distanceCursor },
    ];
    for (const query of cases) {
      const r = await call<{ code: string; requestId: string }>(nearbyRoute, { identity: alice, query });
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(r.contentType).toMatch(/problem\+json/);
      expect(["validation_failed", "bad_request"]).toContain(r.body.code);
    }
  });
});

describe("GET /restaurants/:id", () => {
  it("shows hours by weekday, open-now, licences, ratings and address", async () => {
    const r = await call<z.infer<typeof RestaurantDetail>>(restaurantRoute, { params: { id: "rst_00003" } });
    expect(r.status).toBe(200);
    const row = restaurant("rst_00003");
    expect(r.body).toMatchObject({
      id: "rst_00003",
      name: row.name,
      isOpen: true,
      nextOpensAt: null,
      fssaiLicense: row.fssai_license,
      hygieneRating: row.hygiene_rating,
      gstin: row.gstin,
      prepTimeMinutes: row.avg_prep_min,
      priceForTwoPaise: row.price_for_two_paise,
      vegOnly: false,
      ratingCount: row.rating_count,
      location: { lat: row.lat, lng: row.lng },
      address: { city: "Bengaluru", state: "Karnataka", pincode: row.pincode, locality: row.locality },
    });
    expect(r.body.cuisines).toEqual(["Biryani", "Mughlai"]);
    expect(r.body.hours.weekly.map((d) => d.day)).toEqual(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    expect(r.body.hours.weekly.every((d) => d.slots.length === 1 && d.slots[0]?.opens === "00:00" && d.slots[0]?.closes === "24:00")).toBe(true);
    expect(r.body.address.line1.startsWith("No. ")).toBe(true);
  });

  it("lists only upcoming closures, and a restaurant inside a closure reopens at its end", async () => {
    const upcoming = await call<z.infer<typeof RestaurantDetail>>(restaurantRoute, { params: { id: "rst_00010" } });
    expect(upcoming.body.isOpen).toBe(true);
    expect(upcoming.body.hours.closures).toEqual([upcomingClosure]);

    const inClosure = await call<z.infer<typeof RestaurantDetail>>(restaurantRoute, { params: { id: "rst_00011" } });
    expect(inClosure.body).toMatchObject({ isOpen: false, nextOpensAt: currentClosure.endsAt });

    const neverOpen = await call<z.infer<typeof RestaurantDetail>>(restaurantRoute, { params: { id: "rst_00037" } });
    expect(neverOpen.body).toMatchObject({ isOpen: false, nextOpensAt: null });
    expect(neverOpen.body.hours.weekly.every((d) => d.slots.length === 0)).toBe(true);

    const offline = await call<z.infer<typeof RestaurantDetail>>(restaurantRoute, { params: { id: "rst_00033" } });
    expect(offline.body).toMatchObject({ isOpen: false, nextOpensAt: null });

    const noSchedule = await call<z.infer<typeof RestaurantDetail>>(restaurantRoute, { params: { id: "rst_00045" } });
    expect(noSchedule.body.isOpen).toBe(true);
    expect(noSchedule.body.hours.weekly.every((d) => d.slots[0]?.closes === "24:00")).toBe(true);
  });

  it("answers 404 for unknown and unapproved restaurants, 400 for a malformed id", async () => {
    for (const id of ["rst_99999", "rst_00007"]) {
      const r = await call<{ code: string }>(restaurantRoute, { params: { id } });
      expect(r.status, id).toBe(404);
      expect(r.contentType).toMatch(/problem\+json/);
    }
    expect((await call(restaurantRoute, { params: { id: "-bad id" } })).status).toBe(400);
  });
});

describe("GET /restaurants/:id/menu", () => {
  it("returns active categories in order, items in order with variants, add-ons, veg, allergens, availability and stock", async () => {
    const r = await call<z.infer<typeof Menu>>(menuRoute, { params: { id: "rst_00001" } });
    expect(r.status).toBe(200);
    const seededCats = city.rows.menu_categories.filter((c) => c.restaurant_id === "rst_00001" && c.is_active !== false).sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0));
    expect(r.body.restaurantId).toBe("rst_00001");
    expect(r.body.categories.map((c) => c.id)).toEqual(seededCats.map((c) => c.$id));
    expect(r.body.categories.some((c) => c.id === "cat_00001_02")).toBe(false);
    const items = r.body.categories.flatMap((c) => c.items);
    const seededItems = city.rows.menu_items.filter((i) => i.restaurant_id === "rst_00001" && i.category_id !== "cat_00001_02");
    expect(items.map((i) => i.id).sort()).toEqual(seededItems.map((i) => i.$id).sort());
    for (const c of r.body.categories) {
      const orders = c.items.map((i) => i.sortOrder);
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      expect(c.items.every((i) => i.categoryId === c.id)).toBe(true);
    }
    for (const seeded of seededItems) {
      const item = items.find((i) => i.id === seeded.$id);
      expect(item).toMatchObject({ name: seeded.name, pricePaise: seeded.price_paise, isVeg: seeded.is_veg, allergens: seeded.allergens ?? [], isBestseller: seeded.is_bestseller === true });
      expect(item?.inStock).toBe(seeded.stock === undefined || seeded.stock === null || seeded.stock > 0);
      if (seeded.is_available === false) expect(item?.isAvailable).toBe(false);
      for (const g of item?.addonGroups ?? []) {
        expect(g.min).toBeLessThanOrEqual(g.max);
        expect(g.max).toBeLessThanOrEqual(g.addons.length);
      }
    }
    expect(items.some((i) => !i.inStock)).toBe(true);
    expect(items.some((i) => !i.isAvailable)).toBe(true);
    expect(items.some((i) => i.variants.length > 0) || items.some((i) => i.addonGroups.length > 0)).toBe(true);
  });

  it("answers 404 for unknown and unapproved restaurants", async () => {
    for (const id of ["rst_99999", "rst_00007"]) expect((await call(menuRoute, { params: { id } })).status, id).toBe(404);
  });
});

describe("GET /search", () => {
  it("finds biryani restaurants and dishes among the restaurants that deliver here, nearest first", async () => {
    const r = await call<z.infer<typeof SearchResponse>>(searchRoute, { identity: alice, query: { q: "biryani", lat: HSR.lat, lng: HSR.lng } });
    expect(r.status).toBe(200);
    const serviceable = expectedAt(HSR);
    expect(r.body.restaurants.map((x) => x.id).sort()).toEqual(["rst_00003", "rst_00016"]);
    expect(r.body.dishes.length).toBeGreaterThan(0);
    for (const d of r.body.dishes) {
      expect(d.name.toLowerCase()).toContain("biryani");
      expect(serviceable.has(d.restaurant.id)).toBe(true);
      expect(d.restaurant.distanceM).toBe(serviceable.get(d.restaurant.id)?.distanceM);
    }
    const distances = r.body.dishes.map((d) => d.restaurant.distanceM);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it("bounds each section, finds nothing outside the service area, and validates input", async () => {
    const few = await call<z.infer<typeof SearchResponse>>(searchRoute, { identity: alice, query: { q: "biryani", lat: HSR.lat, lng: HSR.lng, limit: 1 } });
    expect(few.body.restaurants.length).toBeLessThanOrEqual(1);
    expect(few.body.dishes.length).toBeLessThanOrEqual(1);
    const outside = await call<z.infer<typeof SearchResponse>>(searchRoute, { identity: alice, query: { q: "biryani", ...YELAHANKA } });
    expect(outside.body).toEqual({ restaurants: [], dishes: [] });
    const closed = await call<z.infer<typeof SearchResponse>>(searchRoute, { identity: alice, query: { q: "biryani", ...KORAMANGALA } });
    expect(closed.body).toEqual({ restaurants: [], dishes: [] });
    for (const query of [{ q: "b", ...HSR }, { q: "biryani", lat: 200, lng: HSR.lng }, { q: "biryani", ...HSR, limit: 500 }, { q: "biryani" }]) {
      expect((await call(searchRoute, { identity: alice, query })).status, JSON.stringify(query)).toBe(400);
    }
  });
});

describe("GET /categories and /coupons", () => {
  it("lists active cuisines in display order", async () => {
    const r = await call<z.infer<typeof CategoriesResponse>>(categoriesRoute);
    expect(r.status).toBe(200);
    const seeded = [...city.rows.cuisines].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0));
    expect(r.body.items.map((c) => c.slug)).toEqual(seeded.map((c) => c.slug));
    expect(r.body.items[0]).toMatchObject({ id: seeded[0]?.$id, name: seeded[0]?.name });
  });

  it("lists platform coupons valid now, and a restaurant's own when asked", async () => {
    const now = Date.now();
    const validNow = (c: SeedCity["rows"]["coupons"][number]) => c.is_active !== false && Date.parse(c.valid_from) <= now && now < Date.parse(c.valid_until) && (c.global_limit == null || (c.used_count ?? 0) < c.global_limit);
    const platform = city.rows.coupons.filter((c) => !c.restaurant_id && validNow(c)).map((c) => c.code);
    const r = await call<z.infer<typeof CouponsResponse>>(couponsRoute, { identity: alice });
    expect(r.status).toBe(200);
    expect(r.body.items.map((c) => c.code).sort()).toEqual(platform.sort());
    expect(r.body.items.some((c) => c.code === "FESTIVE75")).toBe(false);
    const welcome = r.body.items.find((c) => c.code === "WELCOME50");
    if (welcome) expect(welcome).toMatchObject({ kind: "percent", percent: 50, maxDiscountPaise: 10_000, minOrderPaise: 14_900, newUsersOnly: true, flatPaise: null, restaurantId: null });

    const own = city.rows.coupons.filter((c) => c.restaurant_id === "rst_00001" && validNow(c)).map((c) => c.code);
    const withOwn = await call<z.infer<typeof CouponsResponse>>(couponsRoute, { identity: alice, query: { restaurantId: "rst_00001" } });
    expect(withOwn.body.items.map((c) => c.code).sort()).toEqual([...platform, ...own].sort());
    expect(withOwn.body.items.slice(0, own.length).every((c) => c.restaurantId === "rst_00001")).toBe(true);
    const elsewhere = await call<z.infer<typeof CouponsResponse>>(couponsRoute, { identity: alice, query: { restaurantId: "rst_00002" } });
    expect(elsewhere.body.items.map((c) => c.code).sort()).toEqual(platform.sort());
    expect((await call(couponsRoute, { identity: alice, query: { restaurantId: "-bad" } })).status).toBe(400);
  });
});

describe("GET /app-config", () => {
  /** Two users on either side of a flag's rollout line (core's stable bucket). */
  function usersAround(flagKey: string, bps: number): { inside: string; outside: string } {
    let inside: string | undefined;
    let outside: string | undefined;
    for (let i = 0; i < 1_000 && (!inside || !outside); i++) {
      const id = `usr_cus_${String(i).padStart(5, "0")}`;
      if (rolloutBucket(flagKey, id) < bps) inside ??= id;
      else outside ??= id;
    }
    if (!inside || !outside) throw new Error("no users on both sides of the rollout");
    return { inside, outside };
  }

  it("evaluates flags per user rollout bucket, platform and version; hides disabled flags", async () => {
    const { inside, outside } = usersAround("search.dishes", 5_000);
    const a = await call<z.infer<typeof AppConfig>>(appConfigRoute, { identity: identityOf(inside, ["customer"]) });
    const b = await call<z.infer<typeof AppConfig>>(appConfigRoute, { identity: identityOf(outside, ["customer"]) });
    expect(a.status).toBe(200);
    expect(a.body.flags["search.dishes"]).toBe(true);
    expect(b.body.flags["search.dishes"]).toBe(false);
    expect(a.body.flags.live_tracking).toBe(true);
    expect("dispatch.batching" in a.body.flags).toBe(false);

    const anonymous = await call<z.infer<typeof AppConfig>>(appConfigRoute);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.flags).toMatchObject({ live_tracking: true, "checkout.cod": true, "search.dishes": false });

    const tips = usersAround("tips.precheckout", 2_500).inside;
    const android = await call<z.infer<typeof AppConfig>>(appConfigRoute, { identity: identityOf(tips, []), headers: { "x-platform": "android", "x-app-version": "1.9.0" } });
    expect(android.body.flags["tips.precheckout"]).toBe(true);
    const oldAndroid = await call<z.infer<typeof AppConfig>>(appConfigRoute, { identity: identityOf(tips, []), headers: { "x-platform": "android", "x-app-version": "1.7.0" } });
    expect(oldAndroid.body.flags["tips.precheckout"]).toBe(false);
    const ios = await call<z.infer<typeof AppConfig>>(appConfigRoute, { identity: identityOf(tips, []), headers: { "x-platform": "ios", "x-app-version": "1.9.0" } });
    expect(ios.body.flags["tips.precheckout"]).toBe(false);
  });

  it("reports versions, store links, forced update and the kill switch", async () => {
    const r = await call<z.infer<typeof AppConfig>>(appConfigRoute, { headers: { "x-platform": "android", "x-app-version": "1.3.9" } });
    expect(r.body).toMatchObject({
      minVersions: { android: "1.4.0", ios: "1.4.0", web: "1.0.0" },
      latest: { android: "1.9.2", ios: "1.9.1", web: "1.9.2" },
      updateRequired: true,
      killSwitch: { ordersPaused: false, message: null, until: null },
    });
    expect(r.body.storeUrls.android).toContain("play.google.com");
    expect(r.body.storeUrls.ios).toContain("apps.apple.com");
    const current = await call<z.infer<typeof AppConfig>>(appConfigRoute, { headers: { "x-platform": "android", "x-app-version": "1.9.2" } });
    expect(current.body.updateRequired).toBe(false);
    expect((await call<z.infer<typeof AppConfig>>(appConfigRoute)).body.updateRequired).toBe(false);
    expect((await call(appConfigRoute, { headers: { "x-platform": "symbian" } })).status).toBe(400);
    expect((await call(appConfigRoute, { headers: { "x-app-version": "latest" } })).status).toBe(400);

    const db = new TablesDB(stack.admin());
    await db.updateRow({ databaseId: DATABASE_ID, tableId: "app_config", rowId: "cfg_android", data: { kill_switch_orders: true, maintenance_message: "Heavy rain: orders paused" } });
    try {
      const paused = await call<z.infer<typeof AppConfig>>(appConfigRoute, { headers: { "x-platform": "ios" } });
      expect(paused.body.killSwitch).toEqual({ ordersPaused: true, message: "Heavy rain: orders paused", until: null });
    } finally {
      await db.updateRow({ databaseId: DATABASE_ID, tableId: "app_config", rowId: "cfg_android", data: { kill_switch_orders: false, maintenance_message: null } });
    }
  });
});

describe("roles", () => {
  it("answers 401 to anonymous callers on customer routes and serves public routes to everyone", async () => {
    expect((await call(nearbyRoute, { query: HSR })).status).toBe(401);
    expect((await call(searchRoute, { query: { q: "biryani", ...HSR } })).status).toBe(401);
    expect((await call(couponsRoute, {})).status).toBe(401);
    for (const identity of [null, alice, owner]) {
      expect((await call(categoriesRoute, { identity })).status).toBe(200);
      expect((await call(restaurantRoute, { identity, params: { id: "rst_00003" } })).status).toBe(200);
      expect((await call(menuRoute, { identity, params: { id: "rst_00003" } })).status).toBe(200);
      expect((await call(appConfigRoute, { identity })).status).toBe(200);
    }
    // Every signed-in user is also a customer (labels add roles), so a restaurant owner can browse too.
    expect((await call(nearbyRoute, { identity: owner, query: HSR })).status).toBe(200);
  });
});

// The demo city generator: deterministic, schema-valid, referentially whole, and realistic enough that every case
// the apps and services must handle (closed Mondays, past-midnight hours, veg-only, sold out …) exists.
import { describe, expect, it } from "vitest";
import {
  APPWRITE_ID,
  AddonGroupsDoc,
  ClosuresDoc,
  GSTIN_PATTERN,
  PHONE_PATTERN,
  T,
  VariantsDoc,
  WeeklyHoursDoc,
  type AddonGroups,
  type Variants,
} from "@chizze/schema";
import { countCity, generateCity, gstinCheckChar, SEED_TABLES, type SeedCity, type SeedRow } from "./generate";
import { DEMO_LOGINS } from "./demo";
import { pointInPolygon, type LngLat, type Polygon } from "./geo";
import { ARCHETYPES } from "./menus";

const city = generateCity();
const byId = <R extends { $id: string }>(rows: readonly R[]) => new Map(rows.map((r) => [r.$id, r]));
const addonsOf = (item: SeedRow<"menu_items">): AddonGroups => (item.addon_groups ? AddonGroupsDoc.parse(JSON.parse(item.addon_groups)) : []);
const variantsOf = (item: SeedRow<"menu_items">): Variants => (item.variants ? VariantsDoc.parse(JSON.parse(item.variants)) : []);
const polygonOf = (zone: SeedRow<"zones">) => zone.area as Polygon;

/** Every schema/reference check, shared by the default city and the benchmark-scale one. */
function schemaErrors(c: SeedCity): string[] {
  const errors: string[] = [];
  for (const table of SEED_TABLES) {
    const ids = new Set<string>();
    for (const row of c.rows[table]) {
      const { $id, ...data } = row;
      if (!APPWRITE_ID.test($id)) errors.push(`${table}: bad id ${$id}`);
      if (ids.has($id)) errors.push(`${table}: duplicate id ${$id}`);
      ids.add($id);
      const parsed = T[table].data.safeParse(data);
      if (!parsed.success) errors.push(`${table}/${$id}: ${parsed.error.message}`);
    }
  }
  return errors;
}

describe("generateCity: determinism", () => {
  it("gives byte-identical JSON for the same options", () => {
    expect(JSON.stringify(generateCity())).toBe(JSON.stringify(city));
    expect(JSON.stringify(generateCity({ seed: 7, restaurants: 15 }))).toBe(JSON.stringify(generateCity({ seed: 7, restaurants: 15 })));
  });

  it("gives a different city for another seed", () => {
    const other = generateCity({ seed: 43 });
    expect(other.rows.restaurants.map((r) => r.name)).not.toEqual(city.rows.restaurants.map((r) => r.name));
    expect(countCity(other).restaurants).toBe(60);
  });

  it("keeps a restaurant and its menu the same whatever the size of the city", () => {
    const small = generateCity({ restaurants: 20 });
    expect(small.rows.restaurants[12]).toEqual(city.rows.restaurants[12]);
    const menuOf = (c: SeedCity, id: string) => c.rows.menu_items.filter((i) => i.restaurant_id === id);
    expect(menuOf(small, "rst_00013")).toEqual(menuOf(city, "rst_00013"));
  });

  it("does not read the clock: `now` only moves the time-relative fields", () => {
    const later = generateCity({ now: "2027-01-01T00:00:00.000Z" });
    expect(later.rows.menu_items).toEqual(city.rows.menu_items);
    expect(later.rows.coupons.find((c) => c.code === "WELCOME50")?.valid_until).toBe("2028-01-01T00:00:00.000Z");
  });

  it("rejects sizes and cities it cannot produce", () => {
    expect(() => generateCity({ restaurants: -1 })).toThrow(RangeError);
    expect(() => generateCity({ itemsPerRestaurant: [10, 5] })).toThrow(RangeError);
    expect(() => generateCity({ city: "Atlantis" })).toThrow(/no demo data/);
  });
});

describe("generateCity: schema", () => {
  it("has the asked-for counts", () => {
    expect(countCity(city)).toMatchObject({
      restaurants: 60,
      delivery_partners: 30,
      zones: 9,
      coupons: 6,
      app_config: 3,
      // 1 admin + 59 owners (one owns two restaurants) + 30 partners + 20 customers.
      users: 110,
      profiles: 110,
    });
  });

  it("every row parses with its table's create schema and has a unique, valid id", () => {
    expect(schemaErrors(city)).toEqual([]);
  });

  it("ids carry their table's prefix", () => {
    const prefixes: Record<string, string> = {
      zones: "zon_",
      cuisines: "cui_",
      restaurants: "rst_",
      menu_categories: "cat_",
      menu_items: "itm_",
      profiles: "usr_",
      addresses: "adr_",
      delivery_partners: "prt_",
      coupons: "cpn_",
      app_config: "cfg_",
      feature_flags: "flg_",
    };
    for (const table of SEED_TABLES) for (const r of city.rows[table]) expect(r.$id.startsWith(prefixes[table] as string), r.$id).toBe(true);
  });

  it("JSON documents parse with their document schemas", () => {
    for (const r of city.rows.restaurants) {
      expect(WeeklyHoursDoc.safeParse(JSON.parse(r.hours ?? "null")).success).toBe(true);
      if (r.closures) expect(ClosuresDoc.safeParse(JSON.parse(r.closures)).success).toBe(true);
    }
    for (const item of city.rows.menu_items) {
      variantsOf(item);
      addonsOf(item);
    }
  });

  it("users have unique Indian mobile numbers and labels matching their profile", () => {
    const phones = city.users.map((u) => u.phone);
    expect(new Set(phones).size).toBe(phones.length);
    for (const p of phones) expect(p).toMatch(PHONE_PATTERN);
    expect(phones.every((p) => p.startsWith("+91"))).toBe(true);
    const profiles = byId(city.rows.profiles);
    for (const u of city.users) {
      expect(APPWRITE_ID.test(u.$id)).toBe(true);
      expect(profiles.get(u.$id)).toMatchObject({ user_id: u.$id, phone: u.phone, name: u.name, roles: u.labels });
    }
  });

  it("restaurants carry valid GSTINs (check character) and 14-digit FSSAI licences", () => {
    expect(gstinCheckChar("27AAPFU0939F1Z")).toBe("V"); // a GSTIN published as a worked example
    for (const r of city.rows.restaurants) {
      expect(r.gstin).toMatch(GSTIN_PATTERN);
      expect(r.gstin?.slice(0, 2)).toBe("29");
      expect(gstinCheckChar(r.gstin?.slice(0, 14) ?? "")).toBe(r.gstin?.[14]);
      expect(r.fssai_license).toMatch(/^\d{14}$/);
    }
  });
});

describe("generateCity: references", () => {
  const restaurants = byId(city.rows.restaurants);
  const categories = byId(city.rows.menu_categories);
  const zones = byId(city.rows.zones);
  const users = byId(city.users);

  it("every menu item's restaurant and category exist, and the category is that restaurant's", () => {
    for (const item of city.rows.menu_items) {
      expect(restaurants.has(item.restaurant_id), item.$id).toBe(true);
      expect(categories.get(item.category_id)?.restaurant_id, item.$id).toBe(item.restaurant_id);
    }
    for (const c of city.rows.menu_categories) expect(city.rows.menu_items.some((i) => i.category_id === c.$id), `${c.$id} is empty`).toBe(true);
  });

  it("every restaurant lies inside its zone's polygon, and the zone is active", () => {
    for (const r of city.rows.restaurants) {
      const zone = zones.get(r.zone_id ?? "");
      expect(zone, r.$id).toBeDefined();
      expect(zone?.is_active).toBe(true);
      expect(pointInPolygon([r.lng, r.lat], polygonOf(zone as SeedRow<"zones">)), r.$id).toBe(true);
      expect(r.delivery_radius_m).toBeGreaterThanOrEqual(3_000);
      expect(r.delivery_radius_m).toBeLessThanOrEqual(7_000);
    }
  });

  it("owners have the restaurant label, and one owner runs two restaurants", () => {
    const perOwner = new Map<string, number>();
    for (const r of city.rows.restaurants) {
      expect(users.get(r.owner_id)?.labels).toContain("restaurant");
      perOwner.set(r.owner_id, (perOwner.get(r.owner_id) ?? 0) + 1);
    }
    expect([...perOwner.values()].filter((n) => n === 2)).toHaveLength(1);
    expect(perOwner.get(DEMO_LOGINS.find((l) => l.role === "restaurant")?.userId ?? "")).toBe(2);
  });

  it("veg-only restaurants serve only veg dishes, and veg dishes offer only veg add-ons", () => {
    const vegOnly = new Set(city.rows.restaurants.filter((r) => r.is_veg_only).map((r) => r.$id));
    expect(vegOnly.size).toBeGreaterThan(5);
    for (const item of city.rows.menu_items) {
      if (vegOnly.has(item.restaurant_id)) expect(item.is_veg, `${item.$id} ${item.name}`).toBe(true);
      if (item.is_veg) for (const g of addonsOf(item)) for (const o of g.options) expect(o.isVeg, `${item.$id} ${o.name}`).toBe(true);
    }
  });

  it("add-on groups satisfy min ≤ max ≤ number of options, and variants have one default", () => {
    for (const item of city.rows.menu_items) {
      for (const g of addonsOf(item)) {
        expect(g.minSelect).toBeLessThanOrEqual(g.maxSelect);
        expect(g.maxSelect).toBeLessThanOrEqual(g.options.length);
      }
      const variants = variantsOf(item);
      if (variants.length) {
        expect(variants.filter((v) => v.isDefault)).toHaveLength(1);
        expect(variants.find((v) => v.isDefault)?.pricePaise).toBe(item.price_paise);
      }
    }
  });

  it("addresses, partners and coupons point at existing users, zones and restaurants", () => {
    for (const a of city.rows.addresses) expect(users.get(a.user_id)?.labels).toContain("customer");
    for (const p of city.rows.delivery_partners) {
      expect(users.get(p.user_id)?.labels).toContain("partner");
      expect(zones.has(p.zone_id ?? "")).toBe(true);
    }
    for (const c of city.rows.coupons) if (c.restaurant_id) expect(restaurants.has(c.restaurant_id)).toBe(true);
    for (const p of city.rows.profiles) if (p.default_address_id) expect(city.rows.addresses.find((a) => a.$id === p.default_address_id)?.user_id).toBe(p.user_id);
  });

  it("exactly one saved address lies outside every zone", () => {
    const polygons = city.rows.zones.map(polygonOf);
    const outside = city.rows.addresses.filter((a) => !polygons.some((p) => pointInPolygon([a.lng, a.lat], p)));
    expect(outside).toHaveLength(1);
    const activeZones = city.rows.zones.filter((z) => z.is_active).map(polygonOf);
    const inActive = city.rows.addresses.filter((a) => activeZones.some((p) => pointInPolygon([a.lng, a.lat], p)));
    expect(inActive).toHaveLength(city.rows.addresses.length - 1);
  });
});

describe("generateCity: a realistic city", () => {
  const rows = city.rows;
  const hoursOf = (r: SeedRow<"restaurants">) => WeeklyHoursDoc.parse(JSON.parse(r.hours ?? "[]"));

  it("zones are closed rings around real Bengaluru areas that do not overlap; one is inactive, some surge", () => {
    for (const z of rows.zones) {
      const ring = polygonOf(z)[0] as LngLat[];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const [lng, lat] of ring) {
        expect(lat).toBeGreaterThan(12.8);
        expect(lat).toBeLessThan(13.1);
        expect(lng).toBeGreaterThan(77.5);
        expect(lng).toBeLessThan(77.8);
      }
      for (const other of rows.zones) {
        if (other === z) continue;
        expect(ring.some((p) => pointInPolygon(p, polygonOf(other))), `${z.name} overlaps ${other.name}`).toBe(false);
      }
    }
    expect(rows.zones.map((z) => z.name)).toEqual(expect.arrayContaining(["Koramangala", "Indiranagar", "HSR Layout", "Whitefield", "Jayanagar", "MG Road / CBD", "Malleshwaram", "BTM Layout"]));
    expect(rows.zones.filter((z) => z.is_active === false)).toHaveLength(1);
    expect(rows.zones.filter((z) => (z.surge_multiplier_bps ?? 10_000) > 10_000).length).toBeGreaterThan(1);
  });

  it("spreads restaurants over every active zone", () => {
    const active = rows.zones.filter((z) => z.is_active).map((z) => z.$id);
    for (const z of active) expect(rows.restaurants.some((r) => r.zone_id === z), z).toBe(true);
  });

  it("has lunch/dinner splits, 24×7, past-midnight hours, a Monday closure and a planned closure", () => {
    const all = rows.restaurants.map((r) => ({ r, hours: hoursOf(r) }));
    expect(all.some(({ hours }) => hours.every((d) => d.slots.length === 2))).toBe(true);
    expect(all.some(({ hours }) => hours.every((d) => d.slots.length === 1 && d.slots[0]?.opens === "00:00" && d.slots[0]?.closes === "24:00"))).toBe(true);
    expect(all.some(({ hours }) => hours.some((d) => d.slots.some((s) => s.closes < s.opens)))).toBe(true);
    const mondays = all.filter(({ hours }) => hours.find((d) => d.day === "mon")?.slots.length === 0);
    expect(mondays).toHaveLength(1);
    expect(mondays[0]?.hours.filter((d) => d.slots.length > 0)).toHaveLength(6);
    const closures = rows.restaurants.filter((r) => r.closures).map((r) => ClosuresDoc.parse(JSON.parse(r.closures ?? "[]")));
    expect(closures).toHaveLength(1);
    const [closure] = closures[0] ?? [];
    expect(Date.parse(closure?.startsAt ?? "")).toBeGreaterThan(Date.parse(city.now));
    expect(Date.parse(closure?.endsAt ?? "")).toBeGreaterThan(Date.parse(closure?.startsAt ?? ""));
  });

  it("has offline restaurants, exactly one unapproved, ratings, fees and commissions in realistic ranges", () => {
    expect(rows.restaurants.filter((r) => r.is_online === false).length).toBeGreaterThanOrEqual(2);
    const unapproved = rows.restaurants.filter((r) => !r.is_approved);
    expect(unapproved).toHaveLength(1);
    expect(unapproved[0]?.approved_at).toBeUndefined();
    for (const r of rows.restaurants.filter((x) => x.is_approved)) {
      expect(r.rating).toBeGreaterThanOrEqual(3.5);
      expect(r.rating).toBeLessThanOrEqual(5);
      expect(r.rating_count).toBeGreaterThan(0);
      expect(r.price_for_two_paise).toBeGreaterThanOrEqual(15_000);
      expect(r.price_for_two_paise).toBeLessThanOrEqual(120_000);
      expect(r.commission_bps).toBeGreaterThanOrEqual(1_500);
      expect(r.commission_bps).toBeLessThanOrEqual(2_500);
      expect(r.avg_prep_min).toBeGreaterThanOrEqual(5);
      expect(r.avg_prep_min).toBeLessThanOrEqual(30);
      expect(r.hygiene_rating).toBeGreaterThanOrEqual(3);
    }
  });

  it("menus have 12–30 dishes in categories, with variants, add-ons, allergens, stock and bestsellers", () => {
    for (const r of rows.restaurants) {
      const items = rows.menu_items.filter((i) => i.restaurant_id === r.$id);
      expect(items.length, r.$id).toBeGreaterThanOrEqual(12);
      expect(items.length, r.$id).toBeLessThanOrEqual(30);
      expect(items.some((i) => i.is_bestseller)).toBe(true);
      expect(new Set(items.map((i) => i.name)).size).toBe(items.length);
      // Whole rupees: no menu prints ₹149.37.
      for (const i of items) expect(i.price_paise % 100).toBe(0);
    }
    const variantNames = new Set(rows.menu_items.flatMap((i) => variantsOf(i).map((v) => v.name)));
    for (const v of ["Half", "Full", "Regular", "Large", '6"', '9"']) expect(variantNames.has(v), v).toBe(true);
    const groups = rows.menu_items.flatMap(addonsOf);
    expect(groups.find((g) => g.name === "Choose your bread")).toMatchObject({ minSelect: 1, maxSelect: 1 });
    expect(groups.find((g) => g.name === "Extra toppings")).toMatchObject({ minSelect: 0, maxSelect: 3 });
    const allergens = new Set(rows.menu_items.flatMap((i) => i.allergens ?? []));
    for (const a of ["milk", "gluten", "tree_nuts", "peanuts", "eggs"]) expect(allergens.has(a as never), a).toBe(true);
    expect(rows.menu_items.some((i) => i.is_available === false)).toBe(true);
    expect(rows.menu_items.some((i) => i.stock === 5)).toBe(true);
    expect(new Set(rows.menu_items.map((i) => i.spice_level).filter(Boolean)).size).toBeGreaterThanOrEqual(4);
    expect(rows.menu_categories.map((c) => c.name)).toEqual(expect.arrayContaining(["Recommended", "Starters", "Main Course", "Breads", "Desserts", "Beverages"]));
  });

  it("every kitchen's pool can fill a 12-dish menu even when pure veg", () => {
    for (const a of ARCHETYPES) expect(a.dishes.filter((d) => d.veg).length, a.key).toBeGreaterThanOrEqual(12);
  });

  it("partners: mostly scooters and motorcycles, some bicycles, KYC verified, some online, plausible quality figures", () => {
    const p = rows.delivery_partners;
    const vehicles = p.map((x) => x.vehicle);
    expect(vehicles.filter((v) => v === "scooter" || v === "motorcycle").length).toBeGreaterThan(p.length * 0.8);
    expect(vehicles.filter((v) => v === "bicycle").length).toBeGreaterThanOrEqual(2);
    expect(p.every((x) => x.kyc_status === "verified")).toBe(true);
    const online = p.filter((x) => x.is_online).length;
    expect(online).toBeGreaterThan(0);
    expect(online).toBeLessThan(p.length);
    for (const x of p) {
      expect(x.offers_accepted).toBeLessThanOrEqual(x.offers_received ?? 0);
      expect(x.deliveries_completed).toBeLessThanOrEqual(x.offers_accepted ?? 0);
      expect(x.acceptance_rate_bps).toBeGreaterThanOrEqual(7_000);
      expect(x.last_lat).toBeGreaterThan(12.8);
      expect(x.last_lat).toBeLessThan(13.05);
    }
  });

  it("coupons cover first order, minimum order, one restaurant, expiry, a global limit and a per-user limit", () => {
    const byCode = new Map(rows.coupons.map((c) => [c.code, c]));
    expect(byCode.get("WELCOME50")).toMatchObject({ kind: "percent", value: 5_000, first_order_only: true, max_discount_paise: 10_000 });
    expect(byCode.get("FLAT100")).toMatchObject({ kind: "flat", value: 10_000, min_order_paise: 49_900 });
    expect(rows.coupons.filter((c) => c.restaurant_id)).toHaveLength(1);
    expect(rows.coupons.filter((c) => Date.parse(c.valid_until) < Date.parse(city.now))).toHaveLength(1);
    expect(rows.coupons.filter((c) => c.global_limit === 10)).toHaveLength(1);
    expect(rows.coupons.some((c) => c.per_user_limit === 1 && !c.first_order_only)).toBe(true);
  });

  it("app config per platform with the kill switch off, and flags with partial rollouts", () => {
    expect(rows.app_config.map((c) => c.platform).sort()).toEqual(["android", "ios", "web"]);
    for (const c of rows.app_config) {
      expect(c.kill_switch_orders).toBe(false);
      expect(c.min_version <= c.latest_version).toBe(true);
    }
    expect(rows.feature_flags.some((f) => f.enabled && (f.rollout_bps ?? 0) > 0 && (f.rollout_bps ?? 0) < 10_000)).toBe(true);
  });

  it("the demo logins are users of the city with their role's label and fixed phone", () => {
    const users = byId(city.users);
    for (const l of DEMO_LOGINS) expect(users.get(l.userId)).toEqual({ $id: l.userId, name: l.name, phone: l.phone, labels: [l.role] });
    expect(city.users.filter((u) => u.labels.includes("admin"))).toHaveLength(1);
  });
});

describe("generateCity: benchmark scale", () => {
  it("produces 2,000 valid, serviceable restaurants with smaller menus", () => {
    const big = generateCity({ restaurants: 2_000, itemsPerRestaurant: 6 });
    expect(big.rows.restaurants).toHaveLength(2_000);
    expect(schemaErrors(big)).toEqual([]);
    expect(new Set(big.rows.restaurants.map((r) => r.slug)).size).toBe(2_000);
    const zones = byId(big.rows.zones);
    for (const r of big.rows.restaurants) {
      const zone = zones.get(r.zone_id ?? "") as SeedRow<"zones">;
      expect(zone.is_active).toBe(true);
      expect(pointInPolygon([r.lng, r.lat], polygonOf(zone))).toBe(true);
    }
    // Serviceable: approved and in an active zone (online is the owner's toggle, as in a real city).
    expect(big.rows.restaurants.filter((r) => r.is_approved).length).toBe(1_999);
    expect(big.rows.restaurants.filter((r) => r.is_approved && r.is_online).length).toBeGreaterThan(1_700);
    const perRestaurant = new Map<string, number>();
    for (const i of big.rows.menu_items) perRestaurant.set(i.restaurant_id, (perRestaurant.get(i.restaurant_id) ?? 0) + 1);
    expect([...perRestaurant.values()].every((n) => n === 6)).toBe(true);
    expect(perRestaurant.size).toBe(2_000);
  });
});

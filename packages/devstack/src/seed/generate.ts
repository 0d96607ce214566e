// A deterministic demo city: plain row objects per table (create payloads plus `$id`) and the Appwrite users
// behind them. Pure: no clock, no I/O, no Math.random — the same options give byte-identical JSON, so tests,
// benchmarks and `npm run seed` all see the same restaurants, menus, riders and customers.
import { createHash } from "node:crypto";
import type { RowData, TableId, UserRole, WeeklyHours, Variants, AddonGroups, Closures } from "@chizze/schema";
import { ARCHETYPES, ADDON_GROUPS, CUISINES, FIRST_NAMES, LAST_NAMES, VARIANT_KINDS, type Archetype, type DishSpec, type HoursPattern } from "./menus";
import { CITIES, ZONE_SHAPE, type CitySpec, type ZoneSpec } from "./bengaluru";
import { demoLogin } from "./demo";
import { offset, pointInPolygon, ringAround, round6, type LngLat, type Polygon } from "./geo";
import { stream, type Rng } from "./random";

/**
 * A Razorpay Route linked account id (`acc_` + 14 base62) derived from the row id, so payouts work on demo data
 * without drawing from the seeded random streams (every other generated value stays as it was).
 */
function linkedAccountId(rowId: string): string {
  return `acc_${createHash("sha256").update(`linked-account|${rowId}`).digest("hex").slice(0, 14)}`;
}

/** Tables the seed writes, in write order (what a row refers to is written before it). */
export const SEED_TABLES = [
  "zones",
  "cuisines",
  "restaurants",
  "menu_categories",
  "menu_items",
  "profiles",
  "addresses",
  "delivery_partners",
  "coupons",
  "app_config",
  "feature_flags",
] as const satisfies readonly TableId[];
export type SeedTable = (typeof SEED_TABLES)[number];

/** A create payload with its deterministic row id. */
export type SeedRow<K extends TableId> = RowData<K> & { $id: string };

export interface SeedUser {
  $id: string;
  name: string;
  /** E.164 +91 mobile. */
  phone: string;
  labels: UserRole[];
}

export interface SeedCity {
  city: string;
  seed: number;
  /** The instant the data is relative to (coupon windows, closures, last-seen times). */
  now: string;
  users: SeedUser[];
  rows: { [K in SeedTable]: SeedRow<K>[] };
}

export interface GenerateOptions {
  seed?: number;
  restaurants?: number;
  partners?: number;
  customers?: number;
  city?: string;
  /** Menu size per restaurant: a fixed count or [min, max]; capped by the kitchen's dish pool. Default [12, 30]. */
  itemsPerRestaurant?: number | readonly [number, number];
  /**
   * Reference instant (ISO string or epoch ms). Defaults to a fixed date so output never depends on the clock;
   * the CLI passes the start of today so coupons and closures are current.
   */
  now?: string | number;
}

export const DEFAULT_NOW = "2026-11-01T00:00:00.000Z";
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

// ---- small helpers -------------------------------------------------------------------------------------------

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const rupees = (r: number) => Math.round(r * 100);
const round1 = (x: number) => Math.round(x * 10) / 10;

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’."]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const GSTIN_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** GSTIN check character (the mod-36 scheme the GST portal validates). */
export function gstinCheckChar(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const product = GSTIN_CHARS.indexOf(first14.charAt(i)) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return GSTIN_CHARS.charAt((36 - (sum % 36)) % 36);
}

function letter(rng: Rng): string {
  return String.fromCharCode(65 + rng.int(0, 25));
}

function gstin(rng: Rng, city: CitySpec, name: string): string {
  // PAN: 3 letters, holder type (P person, F firm, C company), first letter of the name, 4 digits, a letter.
  const initial = /[A-Z]/.exec(name.toUpperCase())?.[0] ?? "R";
  const pan = `${letter(rng)}${letter(rng)}${letter(rng)}${rng.pick(["P", "F", "C"])}${initial}${pad(rng.int(1, 9999), 4)}${letter(rng)}`;
  const first14 = `${city.gstStateCode}${pan}${rng.pick(["1", "1", "1", "2"])}Z`;
  return first14 + gstinCheckChar(first14);
}

function fssai(rng: Rng, city: CitySpec): string {
  // 1 (licence) + state code + year of issue + issuing office + serial: 14 digits.
  return `1${city.fssaiStateCode}${pad(rng.int(14, 24), 2)}${pad(rng.int(1, 999), 3)}${pad(rng.int(1, 999_999), 6)}`;
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;
}

function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** A point inside the zone, away from its edge (rejection-checked against the polygon itself). */
function pointInZone(rng: Rng, zone: ZoneSpec, polygon: Polygon, spread = 0.7): LngLat {
  for (;;) {
    const p = round6(offset(zone.centre, zone.radiusM * spread * Math.sqrt(rng.next()), rng.float(0, 360)));
    if (pointInPolygon(p, polygon)) return p;
  }
}

// ---- hours ------------------------------------------------------------------------------------------------

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Slot = { opens: string; closes: string };

function weekly(slotsFor: (day: (typeof DAYS)[number]) => Slot[]): WeeklyHours {
  return DAYS.map((day) => ({ day, slots: slotsFor(day) }));
}

const weekend = (day: string) => day === "fri" || day === "sat";

function hoursFor(pattern: HoursPattern): WeeklyHours {
  switch (pattern) {
    case "tiffin":
      return weekly(() => [{ opens: "07:00", closes: "22:30" }]);
    case "split":
      // Lunch and dinner services with the kitchen closed in between; dinner runs later on Friday and Saturday.
      return weekly((day) => [
        { opens: "12:00", closes: "15:30" },
        { opens: "19:00", closes: weekend(day) ? "23:30" : "23:00" },
      ]);
    case "allday":
      return weekly(() => [{ opens: "11:00", closes: "23:00" }]);
    case "late-night":
      // The dinner slot closes after midnight (closes < opens).
      return weekly((day) => [
        { opens: "12:00", closes: "16:00" },
        { opens: "19:00", closes: weekend(day) ? "03:00" : "02:00" },
      ]);
    case "24x7":
      return weekly(() => [{ opens: "00:00", closes: "24:00" }]);
    case "cafe":
      return weekly((day) => [{ opens: "08:00", closes: day === "sat" || day === "sun" ? "23:00" : "22:00" }]);
    case "evening":
      return weekly((day) => [{ opens: day === "sun" ? "12:00" : "16:00", closes: "22:30" }]);
  }
}

// ---- menus -------------------------------------------------------------------------------------------------

interface PriceStyle {
  tier: number;
  /** ₹149-style prices rather than ₹150. */
  nines: boolean;
}

function priceRupees(base: number, style: PriceStyle): number {
  const x = base * style.tier;
  return style.nines ? Math.max(9, Math.round(x / 10) * 10 - 1) : Math.max(5, Math.round(x / 5) * 5);
}

function variantsFor(dish: DishSpec, style: PriceStyle, rng: Rng): Variants | null {
  if (!dish.variants) return null;
  return VARIANT_KINDS[dish.variants].map((v, i) => ({
    id: v.id,
    name: v.name,
    pricePaise: rupees(priceRupees(dish.price * v.factor, style)),
    isDefault: i === 0,
    // The default size is always orderable; a larger one occasionally runs out.
    isAvailable: i === 0 || !rng.chance(0.04),
  }));
}

function addonGroupsFor(dish: DishSpec, rng: Rng): AddonGroups | null {
  if (!dish.addons?.length) return null;
  const groups: AddonGroups = [];
  for (const key of dish.addons) {
    const spec = ADDON_GROUPS[key];
    // A veg dish only offers veg add-ons: a chicken topping would change what the customer receives.
    const options = spec.options
      .filter(([, , , veg]) => veg || !dish.veg)
      .map(([id, name, price, veg]) => ({ id, name, pricePaise: rupees(price), isVeg: veg, isAvailable: !rng.chance(0.03) }));
    if (options.length === 0) continue;
    const maxSelect = Math.min(spec.maxSelect, options.length);
    groups.push({ id: key, name: spec.name, minSelect: Math.min(spec.minSelect, maxSelect), maxSelect, options });
  }
  return groups.length ? groups : null;
}

// ---- the generator -------------------------------------------------------------------------------------------

interface Story {
  archetype?: string;
  hours?: HoursPattern;
  vegOnly?: boolean;
  offline?: boolean;
  unapproved?: boolean;
  closedMondays?: boolean;
  closure?: boolean;
}

/**
 * Restaurants with a fixed role in the demo, so every case a developer or test needs exists at any size ≥ 8.
 * Restaurants 0 and 1 belong to the demo owner.
 */
const STORIES: readonly Story[] = [
  { archetype: "punjabi", hours: "split", vegOnly: false },
  { archetype: "tiffin", hours: "tiffin" },
  { archetype: "biryani", hours: "late-night" },
  { archetype: "rolls", hours: "24x7" },
  { archetype: "chinese", hours: "split", closedMondays: true },
  { archetype: "pizza", hours: "allday", closure: true },
  { archetype: "desserts", unapproved: true },
  { archetype: "chaat", offline: true },
];

function archetypeByKey(key: string): Archetype {
  const a = ARCHETYPES.find((x) => x.key === key);
  if (!a) throw new Error(`unknown archetype ${key}`);
  return a;
}

export function generateCity(options: GenerateOptions = {}): SeedCity {
  const seed = options.seed ?? 42;
  const restaurantCount = options.restaurants ?? 60;
  const partnerCount = options.partners ?? 30;
  const customerCount = options.customers ?? 20;
  const cityName = options.city ?? "Bengaluru";
  const [itemsMin, itemsMax] = typeof options.itemsPerRestaurant === "number" ? [options.itemsPerRestaurant, options.itemsPerRestaurant] : (options.itemsPerRestaurant ?? [12, 30]);
  const nowMs = options.now === undefined ? Date.parse(DEFAULT_NOW) : typeof options.now === "number" ? options.now : Date.parse(options.now);
  for (const [k, v] of Object.entries({ restaurants: restaurantCount, partners: partnerCount, customers: customerCount, itemsMin, itemsMax })) {
    if (!Number.isInteger(v) || v < 0 || v > 99_999) throw new RangeError(`${k} must be an integer in 0..99999, got ${v}`);
  }
  if (itemsMin < 1 || itemsMin > itemsMax) throw new RangeError(`itemsPerRestaurant must satisfy 1 ≤ min ≤ max, got [${itemsMin}, ${itemsMax}]`);
  if (!Number.isFinite(nowMs)) throw new RangeError(`now is not a valid instant: ${String(options.now)}`);
  const city = CITIES[cityName];
  if (!city) throw new RangeError(`no demo data for city ${cityName}; known: ${Object.keys(CITIES).join(", ")}`);

  const iso = (ms: number) => new Date(ms).toISOString();
  const daysFromNow = (d: number) => iso(nowMs + d * DAY_MS);
  const users: SeedUser[] = [];
  const rows: SeedCity["rows"] = {
    zones: [],
    cuisines: [],
    restaurants: [],
    menu_categories: [],
    menu_items: [],
    profiles: [],
    addresses: [],
    delivery_partners: [],
    coupons: [],
    app_config: [],
    feature_flags: [],
  };

  // ---- zones and cuisines
  const zonePolygons = new Map<string, Polygon>();
  city.zones.forEach((z, i) => {
    // Rotate the shape per zone so no two outlines look alike.
    const shape = [...ZONE_SHAPE.slice(i % ZONE_SHAPE.length), ...ZONE_SHAPE.slice(0, i % ZONE_SHAPE.length)];
    const area: Polygon = [ringAround(z.centre, z.radiusM, shape)];
    zonePolygons.set(z.slug, area);
    rows.zones.push({ $id: `zon_${z.slug}`, city: city.name, name: z.name, area, is_active: z.isActive, surge_multiplier_bps: z.surgeBps });
  });
  const activeZones = city.zones.filter((z) => z.isActive);
  const polygonOf = (z: ZoneSpec) => zonePolygons.get(z.slug) as Polygon;
  const zoneWeights = activeZones.map((z) => [z, z.weight] as const);

  CUISINES.forEach((c, i) => {
    rows.cuisines.push({ $id: `cui_${c.slug}`, slug: c.slug, name: c.name, name_hi: c.nameHi, sort_order: i * 10, is_active: true });
  });

  // ---- people: the admin, restaurant owners, partners and customers
  const admin = demoLogin("admin");
  const addUser = (id: string, name: string, phone: string, labels: UserRole[], profile: Partial<SeedRow<"profiles">> = {}) => {
    users.push({ $id: id, name, phone, labels });
    rows.profiles.push({ $id: id, user_id: id, name, phone, roles: labels, language: "en", ...profile });
  };
  addUser(admin.userId, admin.name, admin.phone, ["admin"]);

  // One owner per restaurant, except the demo owner, who runs restaurants 0 and 1 (multi-outlet owners exist).
  const ownerIndexOf = (r: number) => Math.max(0, r - 1);
  const ownerCount = restaurantCount === 0 ? 0 : ownerIndexOf(restaurantCount - 1) + 1;
  const ownerIds: string[] = [];
  for (let o = 0; o < ownerCount; o++) {
    const rng = stream(seed, `owner:${o}`);
    const demo = o === 0 ? demoLogin("restaurant") : undefined;
    const id = demo?.userId ?? `usr_own_${pad(o + 1, 5)}`;
    addUser(id, demo?.name ?? personName(rng), demo?.phone ?? `+9192${pad(o + 1, 8)}`, ["restaurant"]);
    ownerIds.push(id);
  }

  // ---- restaurants and menus
  const usedNames = new Set<string>();
  const usedSlugs = new Set<string>();
  const archetypeWeights = ARCHETYPES.map((a) => [a, a.weight] as const);
  for (let r = 0; r < restaurantCount; r++) {
    const rng = stream(seed, `restaurant:${r}`);
    const story: Story = STORIES[r] ?? {};
    const kind = story.archetype ? archetypeByKey(story.archetype) : rng.weighted(archetypeWeights);
    const zone = r < STORIES.length ? (activeZones[r % activeZones.length] as ZoneSpec) : rng.weighted(zoneWeights);
    const vegOnly = story.vegOnly ?? (typeof kind.vegOnly === "boolean" ? kind.vegOnly : rng.chance(kind.vegOnly));
    const locality = rng.pick(zone.localities);

    const candidate = () => {
      const prefix = rng.pick(kind.namePrefixes);
      // "Kathi Kathi Corner" reads wrong: a suffix never repeats a word of the prefix.
      const suffixes = kind.nameSuffixes.filter((s) => !s.split(" ").some((w) => prefix.split(" ").includes(w)));
      return `${prefix} ${rng.pick(suffixes.length ? suffixes : kind.nameSuffixes)}`;
    };
    let name = candidate();
    for (let tries = 0; usedNames.has(name) && tries < 12; tries++) name = candidate();
    // Chains: a name seen before becomes another outlet, told apart by its area.
    if (usedNames.has(name)) name = `${name} ${zone.name.split(" /")[0]}`;
    usedNames.add(name);
    let slug = slugify(`${name} ${zone.slug}`);
    if (usedSlugs.has(slug)) slug = `${slug}-${r + 1}`;
    usedSlugs.add(slug);

    const [lng, lat] = pointInZone(rng, zone, polygonOf(zone));
    const id = `rst_${pad(r + 1, 5)}`;
    const style: PriceStyle = { tier: rng.float(0.9, 1.3), nines: rng.chance(0.5) };

    // Menu: a subset of the kitchen's dishes in menu order, 2–4 bestsellers pulled up into "Recommended".
    const pool = kind.dishes.filter((dish) => dish.veg || !vegOnly);
    const count = rng.int(Math.min(itemsMin, pool.length), Math.min(itemsMax, pool.length));
    const chosen = new Set(rng.shuffle(pool).slice(0, count));
    const menu = pool.filter((dish) => chosen.has(dish));
    const bestsellers = new Set(rng.shuffle(menu).slice(0, Math.min(menu.length, rng.int(2, 4))));
    const categoryNames = ["Recommended", ...kind.categories].filter((c) =>
      c === "Recommended" ? bestsellers.size > 0 : menu.some((dish) => dish.category === c && !bestsellers.has(dish)),
    );
    const categoryIds = new Map<string, string>();
    categoryNames.forEach((c, i) => {
      const catId = `cat_${pad(r + 1, 5)}_${pad(i + 1, 2)}`;
      categoryIds.set(c, catId);
      rows.menu_categories.push({ $id: catId, restaurant_id: id, name: c, sort_order: i * 10, is_active: true });
    });
    const ordered = [...menu.filter((dish) => bestsellers.has(dish)), ...menu.filter((dish) => !bestsellers.has(dish))];
    let priceSum = 0;
    ordered.forEach((dish, j) => {
      const best = bestsellers.has(dish);
      const variants = variantsFor(dish, style, rng);
      const addons = addonGroupsFor(dish, rng);
      const price = variants ? (variants[0] as Variants[number]).pricePaise : rupees(priceRupees(dish.price, style));
      priceSum += price;
      // Restaurant 0 (the demo owner's) always shows a sold-out dish and one with only 5 left.
      const demoSoldOut = r === 0 && j === ordered.length - 1;
      const demoLowStock = r === 0 && j === 1;
      const stock = demoLowStock ? 5 : rng.chance(0.05) ? rng.int(3, 8) : null;
      const tags = [...(best ? ["bestseller"] : []), ...(dish.tags ?? []), ...(dish.spice === "hot" || dish.spice === "extra_hot" ? ["spicy"] : [])];
      rows.menu_items.push({
        $id: `itm_${pad(r + 1, 5)}_${pad(j + 1, 3)}`,
        restaurant_id: id,
        category_id: categoryIds.get(best ? "Recommended" : dish.category) as string,
        name: dish.name,
        ...(dish.description ? { description: dish.description } : {}),
        price_paise: price,
        gst_rate_bps: 500,
        is_veg: dish.veg,
        allergens: [...(dish.allergens ?? [])],
        ...(dish.spice ? { spice_level: dish.spice } : {}),
        tags,
        ...(variants ? { variants: JSON.stringify(variants) } : {}),
        ...(addons ? { addon_groups: JSON.stringify(addons) } : {}),
        is_available: demoSoldOut ? false : r === 0 ? true : !rng.chance(0.05),
        ...(stock === null ? {} : { stock }),
        is_bestseller: best,
        sort_order: j * 10,
      });
    });

    const hours = hoursFor(story.hours ?? rng.pick(kind.hours));
    if (story.closedMondays) for (const d of hours) if (d.day === "mon") d.slots = [];
    const closures: Closures | null = story.closure
      ? [{ startsAt: iso(nowMs + 3 * DAY_MS - 5.5 * 3_600_000), endsAt: iso(nowMs + 6 * DAY_MS - 5.5 * 3_600_000), reason: "Kitchen renovation" }]
      : null;
    const unapproved = story.unapproved === true;
    const online = !unapproved && story.offline !== true && (r < STORIES.length || !rng.chance(0.08));
    const cuisines = kind.key === "andhra" ? (/Malabar|Kerala/.test(name) ? ["kerala", "south-indian"] : ["andhra", "south-indian"]) : [...kind.cuisines];
    const [feeLo, feeHi] = kind.packagingFee;
    rows.restaurants.push({
      $id: id,
      owner_id: ownerIds[ownerIndexOf(r)] as string,
      name,
      slug,
      description: rng.pick(kind.descriptions) + (vegOnly && kind.vegOnly !== true ? " Pure veg kitchen." : ""),
      cuisines,
      phone: `+9180${pad(r + 1, 8)}`,
      address: `No. ${rng.int(1, 480)}, ${rng.pick(zone.streets)}, ${locality}, ${city.name}, ${city.state} ${zone.pincode}`,
      locality,
      city: city.name,
      pincode: zone.pincode,
      zone_id: `zon_${zone.slug}`,
      lat,
      lng,
      delivery_radius_m: rng.int(6, 14) * 500,
      is_online: online,
      is_approved: !unapproved,
      ...(unapproved ? {} : { approved_at: iso(nowMs - rng.int(20, 900) * DAY_MS) }),
      is_veg_only: vegOnly,
      // What two people typically spend: ~2.2 average dishes, rounded to ₹50.
      price_for_two_paise: Math.max(15_000, Math.round(((priceSum / Math.max(1, ordered.length)) * 2.2) / 5_000) * 5_000),
      min_order_paise: rng.weighted([
        [0, 6],
        [9_900, 2],
        [14_900, 2],
        [19_900, 1],
      ]),
      packaging_fee_paise: rng.int(feeLo / 5, feeHi / 5) * 500,
      commission_bps: rng.int(30, 50) * 50,
      avg_prep_min: rng.int(kind.prepMin[0], kind.prepMin[1]),
      accept_deadline_sec: rng.pick([120, 180, 180, 240]),
      rating: unapproved ? 0 : round1(rng.float(3.6, 4.8)),
      rating_count: unapproved ? 0 : Math.round(Math.exp(rng.float(Math.log(40), Math.log(15_000)))),
      hours: JSON.stringify(hours),
      ...(closures ? { closures: JSON.stringify(closures) } : {}),
      fssai_license: fssai(rng, city),
      fssai_valid_until: iso(nowMs + rng.int(120, 1_500) * DAY_MS),
      hygiene_rating: rng.weighted([
        [5, 4],
        [4, 4],
        [3, 1],
      ]),
      gstin: gstin(rng, city, name),
      razorpay_account_id: linkedAccountId(id),
    });
  }

  // ---- delivery partners
  for (let p = 0; p < partnerCount; p++) {
    const rng = stream(seed, `partner:${p}`);
    const demo = p === 0 ? demoLogin("partner") : undefined;
    const userId = demo?.userId ?? `usr_prt_${pad(p + 1, 5)}`;
    const name = demo?.name ?? personName(rng);
    const phone = demo?.phone ?? `+9193${pad(p + 1, 8)}`;
    addUser(userId, name, phone, ["partner"]);
    // Every eighth rider (from the sixth) cycles; the rest ride scooters and motorcycles.
    const vehicle = p % 8 === 5 ? "bicycle" : rng.weighted([["scooter", 55], ["motorcycle", 45]] as const);
    const zone = activeZones[p % activeZones.length] as ZoneSpec;
    // Riders wait near restaurants, sometimes just outside the zone's edge; cyclists stay inside.
    const [lastLng, lastLat] = vehicle === "bicycle" ? pointInZone(rng, zone, polygonOf(zone)) : round6(offset(zone.centre, zone.radiusM * 1.1 * Math.sqrt(rng.next()), rng.float(0, 360)));
    const online = p === 0 || rng.chance(0.5);
    const received = rng.int(60, 4_000);
    const rateBps = rng.int(700, 990) * 10;
    const accepted = Math.round((received * rateBps) / 10_000);
    rows.delivery_partners.push({
      $id: `prt_${pad(p + 1, 5)}`,
      user_id: userId,
      name,
      phone,
      vehicle,
      ...(vehicle === "bicycle" ? {} : { vehicle_number: `${rng.pick(city.vehiclePrefix)}${letter(rng)}${letter(rng)}${pad(rng.int(1, 9999), 4)}` }),
      city: city.name,
      zone_id: `zon_${zone.slug}`,
      is_active: true,
      is_online: online,
      is_on_delivery: false,
      last_lat: lastLat,
      last_lng: lastLng,
      last_seen_at: iso(nowMs - (online ? rng.int(1, 4) : rng.int(60, 2_880)) * MINUTE_MS),
      rating: round1(rng.float(4.2, 4.95)),
      rating_count: Math.min(accepted, rng.int(20, 2_500)),
      acceptance_rate_bps: rateBps,
      offers_received: received,
      offers_accepted: accepted,
      deliveries_completed: accepted - rng.int(0, Math.min(accepted, 10)),
      cod_cash_held_paise: 0,
      kyc_status: "verified",
      razorpay_account_id: linkedAccountId(`prt_${pad(p + 1, 5)}`),
    });
  }

  // ---- customers and their addresses (one address, of customer 3, lies outside every zone)
  const outsideOwner = Math.min(2, customerCount - 1);
  const apartments = ["Sai Residency", "Lakeview Apartments", "Green Meadows", "Shanthi Nilaya", "Sri Krishna Enclave", "Palm Grove", "Srinivasa Towers", "Maple Heights"];
  const landmarks = ["Near BDA Complex", "Opp. Government School", "Behind Ganesha Temple", "Near Bus Stop", "Next to Park", null, null];
  for (let c = 0; c < customerCount; c++) {
    const rng = stream(seed, `customer:${c}`);
    const demo = c === 0 ? demoLogin("customer") : undefined;
    const userId = demo?.userId ?? `usr_cus_${pad(c + 1, 5)}`;
    const name = demo?.name ?? personName(rng);
    const phone = demo?.phone ?? `+9191${pad(c + 1, 8)}`;
    const count = c === outsideOwner ? 2 : rng.int(1, 2);
    const addressIds: string[] = [];
    for (let a = 0; a < count; a++) {
      const outside = c === outsideOwner && a === count - 1;
      const zone = rng.weighted(zoneWeights);
      const [lng, lat] = outside ? round6(offset(city.outside.centre, rng.float(0, 400), rng.float(0, 360))) : pointInZone(rng, zone, polygonOf(zone));
      const landmark = rng.pick(landmarks);
      const addressId = `adr_${pad(c + 1, 5)}_${a + 1}`;
      addressIds.push(addressId);
      rows.addresses.push({
        $id: addressId,
        user_id: userId,
        label: outside ? "Parents" : a === 0 ? "Home" : "Work",
        line1: rng.chance(0.6) ? `Flat ${rng.int(1, 12)}0${rng.int(1, 8)}, ${rng.pick(apartments)}` : `#${rng.int(1, 480)}, ${ordinal(rng.int(1, 18))} Cross`,
        line2: outside ? city.outside.street : rng.pick(zone.streets),
        ...(landmark ? { landmark } : {}),
        locality: outside ? city.outside.locality : rng.pick(zone.localities),
        city: city.name,
        state: city.state,
        pincode: outside ? city.outside.pincode : zone.pincode,
        lat,
        lng,
        contact_name: name,
        contact_phone: phone,
        is_default: a === 0,
      });
    }
    const optIn = rng.chance(0.4);
    addUser(userId, name, phone, ["customer"], {
      language: rng.chance(0.15) ? "hi" : "en",
      ...(addressIds[0] ? { default_address_id: addressIds[0] } : {}),
      marketing_opt_in: optIn,
      ...(optIn ? { marketing_opt_in_at: iso(nowMs - rng.int(1, 400) * DAY_MS) } : {}),
    });
  }

  // ---- coupons, app config, feature flags
  const couponBase = { valid_from: daysFromNow(-30), valid_until: daysFromNow(365), used_count: 0, is_active: true, funded_by: "platform" as const, created_by: admin.userId };
  rows.coupons.push(
    {
      $id: "cpn_welcome50",
      code: "WELCOME50",
      description: "50% off your first order, up to ₹100",
      kind: "percent",
      value: 5_000,
      min_order_paise: 14_900,
      max_discount_paise: 10_000,
      per_user_limit: 1,
      first_order_only: true,
      ...couponBase,
    },
    { $id: "cpn_flat100", code: "FLAT100", description: "₹100 off on orders above ₹499", kind: "flat", value: 10_000, min_order_paise: 49_900, per_user_limit: 3, ...couponBase },
    {
      $id: "cpn_festive75",
      code: "FESTIVE75",
      description: "₹75 off during the festival week (expired)",
      kind: "flat",
      value: 7_500,
      min_order_paise: 29_900,
      per_user_limit: 2,
      ...couponBase,
      valid_from: daysFromNow(-60),
      valid_until: daysFromNow(-10),
    },
    { $id: "cpn_lucky10", code: "LUCKY10", description: "₹150 off for the first 10 orders", kind: "flat", value: 15_000, min_order_paise: 59_900, global_limit: 10, per_user_limit: 2, ...couponBase },
    {
      $id: "cpn_tryonce",
      code: "TRYONCE",
      description: "30% off up to ₹75, once per customer",
      kind: "percent",
      value: 3_000,
      min_order_paise: 19_900,
      max_discount_paise: 7_500,
      per_user_limit: 1,
      ...couponBase,
    },
  );
  const flagship = rows.restaurants[0];
  if (flagship) {
    const code = `${flagship.name.split(" ")[0]?.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 10) ?? "HOUSE"}20`;
    rows.coupons.push({
      $id: "cpn_restaurant20",
      code,
      description: `20% off up to ₹80 at ${flagship.name}`,
      kind: "percent",
      value: 2_000,
      min_order_paise: 24_900,
      max_discount_paise: 8_000,
      per_user_limit: 5,
      restaurant_id: flagship.$id,
      ...couponBase,
      funded_by: "restaurant",
    });
  }

  const stores = {
    android: "https://play.google.com/store/apps/details?id=in.chizze.app",
    ios: "https://apps.apple.com/in/app/chizze-food-delivery/id6450012345",
    web: "https://chizze.in",
  } as const;
  const versions = { android: ["1.4.0", "1.9.2"], ios: ["1.4.0", "1.9.1"], web: ["1.0.0", "1.9.2"] } as const;
  for (const platform of ["android", "ios", "web"] as const) {
    rows.app_config.push({
      $id: `cfg_${platform}`,
      platform,
      min_version: versions[platform][0],
      latest_version: versions[platform][1],
      store_url: stores[platform],
      kill_switch_orders: false,
      updated_by: admin.userId,
    });
  }

  const flags: Omit<SeedRow<"feature_flags">, "$id" | "updated_by">[] = [
    { flag_key: "live_tracking", description: "Rider position on the order screen", enabled: true, rollout_bps: 10_000 },
    { flag_key: "checkout.cod", description: "Cash on delivery at checkout", enabled: true, rollout_bps: 10_000 },
    { flag_key: "search.dishes", description: "Dish results in search", enabled: true, rollout_bps: 5_000 },
    { flag_key: "tips.precheckout", description: "Ask for a rider tip before payment", enabled: true, rollout_bps: 2_500, platforms: ["android"], min_app_version: "1.8.0" },
    { flag_key: "home.new_layout", description: "Redesigned home feed", enabled: true, rollout_bps: 1_000, platforms: ["android", "ios"] },
    { flag_key: "dispatch.batching", description: "Batch two orders per rider (not launched)", enabled: false, rollout_bps: 0 },
  ];
  for (const f of flags) rows.feature_flags.push({ $id: `flg_${f.flag_key}`, ...f, updated_by: admin.userId });

  return { city: city.name, seed, now: iso(nowMs), users, rows };
}

/** Row counts per table plus users: what `seedCity` writes. */
export function countCity(city: SeedCity): { users: number } & Record<SeedTable, number> {
  const counts = { users: city.users.length } as { users: number } & Record<SeedTable, number>;
  for (const t of SEED_TABLES) counts[t] = city.rows[t].length;
  return counts;
}

// POST /cart/quote through the real function (bundled, run by the devstack runner, called as the edge calls it) on a
// slice of the demo city. The HSR Layout restaurant nearest the zone's centre is made open around the clock with a
// known menu (a dish with sizes and add-ons, one with stock 3, one switched off, one sold out), known fees and test
// coupons; HSR's configured surge is 1.25× and exactly two riders are online there. Expected amounts are computed
// here by plain arithmetic from those rows, not by core's pricing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Query, TablesDB } from "node-appwrite";
import { quoteRoute, type Quote } from "@chizze/contracts/api/cart";
import { estimateEtaMin, haversineM, roadDistanceM, type LatLng } from "@chizze/core";
import { rowPermissions, type OrderStatus, type WeeklyHours } from "@chizze/schema";
import { generateCity, seedCity, type SeedCity, type SeedRow } from "@chizze/devstack/seed/index";
import { DEV_API_KEY, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import type { Identity } from "@chizze/platform/identity";
import { createDb, type Db } from "@chizze/services/deps";
import { QUOTE_TTL_MINUTES } from "@chizze/services/orders/quote";
import type { z } from "zod";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, type CallResult } from "../support/functions";

const HSR_ZONE = "zon_hsr-layout";
const HSR_SURGE_BPS = 12_500;
const HSR_CENTRE = { lat: 12.9116, lng: 77.6389 };
/** Outside every zone. */
const YELAHANKA = { lat: 13.1007, lng: 77.5963 };
const DAY_MS = 86_400_000;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const AROUND_THE_CLOCK: WeeklyHours = DAYS.map((day) => ({ day, slots: [{ opens: "00:00", closes: "24:00" }] }));
const NEVER_OPEN: WeeklyHours = DAYS.map((day) => ({ day, slots: [] }));

/** The quoting restaurant (nearest HSR's centre) and one that reaches only 100 m. */
const MAIN = "rst_00003";
const NEAR_ONLY = "rst_00010";
const PACKAGING_PAISE = 2_500;
const MIN_ORDER_PAISE = 15_000;

const CURRY = "itm_q_curry";
const NAAN = "itm_q_naan";
const KOFTA_OFF = "itm_q_kofta";
const JAMUN_SOLD_OUT = "itm_q_jamun";

type QuoteBody = z.infer<typeof Quote>;
type Problem = { code: string; detail?: string; errors?: { path: string; message: string }[] };

let stack: TestStack;
let city: SeedCity;
let db: Db;
const now = Date.now();
const validFrom = new Date(now - DAY_MS).toISOString();
const validUntil = new Date(now + 30 * DAY_MS).toISOString();

function quoteCity(): SeedCity {
  const c = generateCity({ restaurants: 12, itemsPerRestaurant: [8, 10], customers: 3, partners: 8 });
  const restaurantRow = (id: string) => {
    const r = c.rows.restaurants.find((x) => x.$id === id);
    if (!r || r.zone_id !== HSR_ZONE) throw new Error(`${id} is not an HSR restaurant in the generated city`);
    return r;
  };
  const main = restaurantRow(MAIN);
  Object.assign(main, { hours: JSON.stringify(AROUND_THE_CLOCK), is_online: true, is_approved: true, min_order_paise: MIN_ORDER_PAISE, packaging_fee_paise: PACKAGING_PAISE, delivery_radius_m: 8_000, avg_prep_min: 20 });
  delete main.closures;
  Object.assign(restaurantRow(NEAR_ONLY), { hours: JSON.stringify(AROUND_THE_CLOCK), is_online: true, is_approved: true, delivery_radius_m: 100 });

  const zone = c.rows.zones.find((z) => z.$id === HSR_ZONE);
  if (zone) zone.surge_multiplier_bps = HSR_SURGE_BPS;
  // Exactly two riders online in HSR.
  c.rows.delivery_partners.forEach((p, i) => {
    if (i < 2) Object.assign(p, { zone_id: HSR_ZONE, city: "Bengaluru", is_online: true, is_active: true });
    else if (p.zone_id === HSR_ZONE) p.is_online = false;
  });

  const category = c.rows.menu_categories.find((m) => m.restaurant_id === MAIN)?.$id ?? "";
  const dish = (id: string, extra: Partial<SeedRow<"menu_items">>): SeedRow<"menu_items"> => ({
    $id: id,
    restaurant_id: MAIN,
    category_id: category,
    name: id,
    price_paise: 10_000,
    gst_rate_bps: 500,
    is_veg: true,
    is_available: true,
    sort_order: 0,
    ...extra,
  });
  c.rows.menu_items.push(
    dish(CURRY, {
      name: "Paneer Butter Masala",
      price_paise: 24_000,
      variants: JSON.stringify([
        { id: "var_half", name: "Half", pricePaise: 18_000, isDefault: true, isAvailable: true },
        { id: "var_full", name: "Full", pricePaise: 32_000, isDefault: false, isAvailable: true },
        { id: "var_family", name: "Family", pricePaise: 55_000, isDefault: false, isAvailable: false },
      ]),
      addon_groups: JSON.stringify([
        {
          id: "grp_extras",
          name: "Extras",
          minSelect: 0,
          maxSelect: 2,
          options: [
            { id: "add_cheese", name: "Extra cheese", pricePaise: 3_000, isVeg: true, isAvailable: true },
            { id: "add_egg", name: "Boiled egg", pricePaise: 2_000, isVeg: false, isAvailable: true },
            { id: "add_truffle", name: "Truffle oil", pricePaise: 9_000, isVeg: true, isAvailable: false },
          ],
        },
      ]),
    }),
    dish(NAAN, { name: "Garlic Naan", price_paise: 6_000, stock: 3 }),
    dish(KOFTA_OFF, { name: "Malai Kofta", price_paise: 26_000, is_available: false }),
    dish(JAMUN_SOLD_OUT, { name: "Gulab Jamun", price_paise: 9_000, stock: 0 }),
  );

  const coupon = (code: string, extra: Partial<SeedRow<"coupons">>): SeedRow<"coupons"> => ({
    $id: `cpn_q_${code.toLowerCase()}`,
    code,
    kind: "flat",
    value: 5_000,
    min_order_paise: 0,
    per_user_limit: 1,
    used_count: 0,
    is_active: true,
    funded_by: "platform",
    valid_from: validFrom,
    valid_until: validUntil,
    ...extra,
  });
  c.rows.coupons.push(
    coupon("SAVE20", { kind: "percent", value: 2_000, max_discount_paise: 6_000, min_order_paise: 10_000, per_user_limit: 2 }),
    coupon("OLDDEAL", { valid_from: new Date(now - 30 * DAY_MS).toISOString(), valid_until: new Date(now - DAY_MS).toISOString() }),
    coupon("BIGSPEND", { value: 20_000, min_order_paise: 500_000 }),
    coupon("ONEUSE", {}),
    coupon("FIRSTBITE", { value: 7_500, first_order_only: true, per_user_limit: 1 }),
    coupon("ELSEWHERE", { restaurant_id: NEAR_ONLY, funded_by: "restaurant" }),
  );
  return c;
}

function mainRow() {
  const r = city.rows.restaurants.find((x) => x.$id === MAIN);
  if (!r) throw new Error("no main restaurant");
  return r;
}

/** A customer with one saved address at `point` (HSR's centre unless told). */
async function customer(tag: string, point: LatLng = HSR_CENTRE): Promise<{ identity: Identity; addressId: string }> {
  const userId = `usr_q_${tag}`;
  const addressId = `adr_q_${tag}`;
  await db.addresses.upsert(
    addressId,
    {
      user_id: userId,
      label: "home",
      custom_label: null,
      line1: `Flat 1, ${tag} Residency`,
      line2: null,
      landmark: null,
      locality: "HSR Layout",
      city: "Bengaluru",
      state: "Karnataka",
      pincode: "560102",
      lat: point.lat,
      lng: point.lng,
      contact_name: null,
      contact_phone: null,
      instructions: null,
      is_default: true,
    },
    rowPermissions.owner(userId),
  );
  return { identity: identityOf(userId, ["customer"]), addressId };
}

let orderSeq = 0;

/** An order row as the order functions would leave it, for first-order and zone-load cases. */
async function insertOrder(customerId: string, status: OrderStatus): Promise<string> {
  orderSeq++;
  const id = `ord_q_${String(orderSeq).padStart(5, "0")}`;
  const main = mainRow();
  await db.orders.create(id, {
    order_number: `CHZ-261126-${String(orderSeq).padStart(4, "0")}`,
    customer_id: customerId,
    restaurant_id: MAIN,
    restaurant_owner_id: main.owner_id,
    restaurant_name: main.name,
    quote_id: `qte_q_${orderSeq}`,
    idempotency_key_hash: orderSeq.toString(16).padStart(64, "0"),
    status,
    dispatch_state: "none",
    payment_method: "cod",
    payment_status: "cod_pending",
    version: 1,
    items: JSON.stringify([{ itemId: NAAN, variantId: null, name: "Garlic Naan", variantName: null, isVeg: true, quantity: 1, unitPaise: 6_000, addons: [], notes: null, totalPaise: 6_000 }]),
    item_total_paise: 6_000,
    packaging_paise: 0,
    delivery_fee_paise: 0,
    surge_paise: 0,
    platform_fee_paise: 0,
    gst_food_paise: 0,
    gst_fees_paise: 0,
    discount_paise: 0,
    tip_paise: 0,
    total_paise: 6_000,
    delivery_address: JSON.stringify({ addressId: null, label: null, line1: "Flat 1", line2: null, landmark: null, locality: null, city: "Bengaluru", state: "Karnataka", pincode: "560102", lat: HSR_CENTRE.lat, lng: HSR_CENTRE.lng, contactName: null, contactPhone: null }),
    delivery_lat: HSR_CENTRE.lat,
    delivery_lng: HSR_CENTRE.lng,
    distance_m: 500,
    city: "Bengaluru",
    zone_id: HSR_ZONE,
    placed_at: new Date().toISOString(),
  });
  return id;
}

interface CartOpts {
  restaurantId?: string;
  items?: unknown[];
  couponCode?: string;
  tipPaise?: number;
  paymentMethod?: string;
  extra?: Record<string, unknown>;
}

async function quote(who: { identity: Identity | null; addressId: string }, opts: CartOpts = {}): Promise<CallResult> {
  const body = {
    restaurantId: opts.restaurantId ?? MAIN,
    addressId: who.addressId,
    items: opts.items ?? [{ itemId: NAAN, quantity: 3 }],
    paymentMethod: opts.paymentMethod ?? "cod",
    ...(opts.couponCode ? { couponCode: opts.couponCode } : {}),
    ...(opts.tipPaise !== undefined ? { tipPaise: opts.tipPaise } : {}),
    ...opts.extra,
  };
  return callFunction(stack, quoteRoute, { identity: who.identity, body });
}

async function expectProblem(r: CallResult, status: number, code: string, detail?: RegExp): Promise<Problem> {
  const p = r.body as Problem;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.contentType).toMatch(/problem\+json/);
  expect(p.code).toBe(code);
  if (detail) expect(p.detail).toMatch(detail);
  return p;
}

/** Round half up to the paisa (amounts here are positive). */
const pct = (paise: number, bps: number) => Math.round((paise * bps) / 10_000);
/** The delivery fee bands by road metres. */
const bandFee = (roadM: number) => (roadM <= 2_000 ? 2_000 : roadM <= 5_000 ? 3_500 : roadM <= 8_000 ? 5_500 : null);

/** Amounts add up: lines = items, and total = items + fees + taxes + tip − discount. */
function expectAddsUp(q: QuoteBody): void {
  expect(q.lines.reduce((s, l) => s + l.totalPaise, 0)).toBe(q.itemsPaise);
  for (const l of q.lines) expect(l.totalPaise).toBe(l.unitPaise * l.quantity);
  const fees = q.fees.packagingPaise + q.fees.deliveryPaise + q.fees.surgePaise + q.fees.platformPaise;
  expect(q.itemsPaise + fees + q.taxes.gstFoodPaise + q.taxes.gstFeesPaise + q.tipPaise - (q.discount?.amountPaise ?? 0)).toBe(q.totalPaise);
}

async function quotesOf(userId: string) {
  return (await db.quotes.list([Query.equal("user_id", userId)], { limit: 100 })).rows;
}

beforeAll(async () => {
  stack = await startTestStack();
  city = quoteCity();
  await seedCity(stack.appwrite.endpoint, { projectId: DEV_PROJECT_ID, key: DEV_API_KEY, city, mockNumbers: false });
  db = createDb(new TablesDB(stack.admin()), true);
}, 180_000);
afterAll(async () => stack.close());

describe("POST /cart/quote: pricing", () => {
  it("prices sizes, add-ons, packaging, distance band, zone surge, platform fee, GST, coupon and tip — to the paisa", async () => {
    const alice = await customer("alice");
    const before = Date.now();
    const r = await quote(alice, {
      items: [
        { itemId: CURRY, variantId: "var_full", addonIds: ["add_cheese", "add_egg"], quantity: 2, notes: "Less spicy" },
        { itemId: NAAN, quantity: 1 },
      ],
      couponCode: "save20",
      tipPaise: 2_500,
      paymentMethod: "online",
    });
    const after = Date.now();
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const q = r.body as QuoteBody;

    // Independent arithmetic from the seeded rows.
    const main = mainRow();
    const straightM = Math.round(haversineM({ lat: main.lat, lng: main.lng }, HSR_CENTRE));
    const roadM = Math.round(straightM * 1.35);
    const delivery = bandFee(roadM) ?? -1;
    const curryUnit = 32_000 + 3_000 + 2_000;
    const items = curryUnit * 2 + 6_000;
    const surge = pct(delivery, HSR_SURGE_BPS - 10_000);
    const platform = 1_000;
    const discount = Math.min(pct(items, 2_000), 6_000);
    const gstFood = pct(items - discount + PACKAGING_PAISE, 500);
    const gstFees = pct(delivery + surge + platform, 1_800);
    const total = items + PACKAGING_PAISE + delivery + surge + platform + gstFood + gstFees + 2_500 - discount;

    expect(q.lines).toEqual([
      {
        itemId: CURRY,
        variantId: "var_full",
        name: "Paneer Butter Masala",
        variantName: "Full",
        isVeg: false,
        quantity: 2,
        unitPaise: curryUnit,
        addons: [
          { id: "add_cheese", name: "Extra cheese", pricePaise: 3_000 },
          { id: "add_egg", name: "Boiled egg", pricePaise: 2_000 },
        ],
        notes: "Less spicy",
        totalPaise: curryUnit * 2,
      },
      { itemId: NAAN, variantId: null, name: "Garlic Naan", variantName: null, isVeg: true, quantity: 1, unitPaise: 6_000, addons: [], notes: null, totalPaise: 6_000 },
    ]);
    expect(q).toMatchObject({
      restaurantId: MAIN,
      addressId: alice.addressId,
      paymentMethod: "online",
      itemsPaise: items,
      fees: { packagingPaise: PACKAGING_PAISE, deliveryPaise: delivery, surgePaise: surge, platformPaise: platform },
      taxes: { gstFoodPaise: gstFood, gstFeesPaise: gstFees },
      discount: { couponCode: "SAVE20", amountPaise: discount },
      tipPaise: 2_500,
      totalPaise: total,
      distanceM: roadM,
      etaMinutes: estimateEtaMin({ prepRemainingMin: 20, riderToRestaurantM: null, restaurantToCustomerM: straightM, vehicle: "scooter" }),
    });
    expect(delivery).toBeGreaterThan(0);
    expect(surge).toBeGreaterThan(0);
    expect(discount).toBe(6_000); // the cap, not 20 %
    expect(roadM).toBe(roadDistanceM(straightM));
    expectAddsUp(q);

    // The quote row: the cart as asked, the priced lines and amounts, valid for QUOTE_TTL_MINUTES.
    expect(QUOTE_TTL_MINUTES).toBe(10);
    const row = await db.quotes.get(q.quoteId);
    expect(row).not.toBeNull();
    expect(q.quoteId).toMatch(/^qte_/);
    const expires = Date.parse(row?.expires_at ?? "");
    expect(expires).toBeGreaterThanOrEqual(before + 10 * 60_000 - 1_000);
    expect(expires).toBeLessThanOrEqual(after + 10 * 60_000 + 1_000);
    expect(Date.parse(q.expiresAt)).toBe(expires);
    expect(q.expiresAt.endsWith("Z")).toBe(true);
    expect(row).toMatchObject({
      user_id: "usr_q_alice",
      restaurant_id: MAIN,
      address_id: alice.addressId,
      status: "active",
      order_id: null,
      payment_method: "online",
      coupon_code: "SAVE20",
      coupon_id: "cpn_q_save20",
      distance_m: roadM,
      zone_id: HSR_ZONE,
      surge_multiplier_bps: HSR_SURGE_BPS,
      eta_min: q.etaMinutes,
      item_total_paise: items,
      packaging_paise: PACKAGING_PAISE,
      delivery_fee_paise: delivery,
      surge_paise: surge,
      platform_fee_paise: platform,
      gst_food_paise: gstFood,
      gst_fees_paise: gstFees,
      discount_paise: discount,
      tip_paise: 2_500,
      total_paise: total,
    });
    expect(JSON.parse(row?.items ?? "null")).toEqual([
      { itemId: CURRY, variantId: "var_full", addonIds: ["add_cheese", "add_egg"], quantity: 2, notes: "Less spicy" },
      { itemId: NAAN, variantId: null, addonIds: [], quantity: 1, notes: null },
    ]);
    expect(JSON.parse(row?.lines ?? "null")).toEqual(q.lines);
  });

  it("without coupon or tip: no discount, tip 0; every quote is a new row", async () => {
    const bob = await customer("bob");
    const a = await quote(bob, { items: [{ itemId: CURRY, variantId: "var_half", quantity: 1 }] });
    const b = await quote(bob, { items: [{ itemId: CURRY, variantId: "var_half", quantity: 1 }] });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const q = a.body as QuoteBody;
    expect(q).toMatchObject({ itemsPaise: 18_000, discount: null, tipPaise: 0, paymentMethod: "cod" });
    expect(q.taxes.gstFoodPaise).toBe(pct(18_000 + PACKAGING_PAISE, 500));
    expectAddsUp(q);
    expect((b.body as QuoteBody).quoteId).not.toBe(q.quoteId);
    const rows = await quotesOf("usr_q_bob");
    expect(rows.map((x) => x.$id).sort()).toEqual([q.quoteId, (b.body as QuoteBody).quoteId].sort());
    expect(rows.every((x) => x.coupon_code === null && x.coupon_id === null)).toBe(true);
  });

  it("raises surge from the zone's load: waiting orders per online rider above 2× → 2.0×; 1.5× does not beat the zone's 1.25×", async () => {
    const carol = await customer("carol");
    const ids: string[] = [];
    try {
      for (let i = 0; i < 3; i++) ids.push(await insertOrder("usr_q_someone", "placed"));
      // A delivered order is no load.
      ids.push(await insertOrder("usr_q_someone", "delivered"));
      const calm = (await quote(carol)).body as QuoteBody;
      expect(calm.fees.surgePaise).toBe(pct(calm.fees.deliveryPaise, HSR_SURGE_BPS - 10_000));
      for (let i = 0; i < 2; i++) ids.push(await insertOrder("usr_q_someone", i === 0 ? "preparing" : "ready"));
      const busy = await quote(carol);
      expect(busy.status, JSON.stringify(busy.body)).toBe(200);
      const q = busy.body as QuoteBody;
      expect(q.fees.surgePaise).toBe(q.fees.deliveryPaise);
      expectAddsUp(q);
      expect((await db.quotes.get(q.quoteId))?.surge_multiplier_bps).toBe(20_000);
    } finally {
      for (const id of ids) await db.orders.delete(id);
    }
  });
});

describe("POST /cart/quote: the client never sends prices", () => {
  it("rejects price, total and fee fields and unknown keys with 400, writing nothing", async () => {
    const dave = await customer("dave");
    const cases: CartOpts[] = [
      { items: [{ itemId: NAAN, quantity: 1, pricePaise: 1 }] },
      { items: [{ itemId: NAAN, quantity: 1, unitPaise: 1 }] },
      { items: [{ itemId: NAAN, quantity: 1, totalPaise: 1 }] },
      { extra: { totalPaise: 100 } },
      { extra: { discountPaise: 100_000 } },
      { extra: { fees: { deliveryPaise: 0 } } },
      { extra: { quoteId: "qte_mine" } },
      { items: [{ itemId: NAAN, quantity: 0 }] },
      { items: [{ itemId: NAAN, quantity: 21 }] },
      { items: [] },
      { items: [{ itemId: CURRY, variantId: "var_full", addonIds: ["add_egg", "add_egg"], quantity: 1 }] },
      { tipPaise: -1 },
      { tipPaise: 100_001 },
      { paymentMethod: "upi" },
      { couponCode: "no spaces!" },
    ];
    for (const c of cases) {
      const r = await quote(dave, c);
      expect(r.status, JSON.stringify(c)).toBe(400);
      expect((r.body as Problem).code).toBe("validation_failed");
    }
    expect(await quotesOf("usr_q_dave")).toEqual([]);
  });
});

describe("POST /cart/quote: cart problems are 422 naming the item", () => {
  it("a switched-off dish, size or add-on is item_unavailable; every bad line is listed", async () => {
    const erin = await customer("erin");
    const off = await expectProblem(await quote(erin, { items: [{ itemId: NAAN, quantity: 1 }, { itemId: KOFTA_OFF, quantity: 1 }] }), 422, "item_unavailable", /Malai Kofta is not available/);
    expect(off.errors).toEqual([{ path: "body.items.1", message: "Malai Kofta is not available right now" }]);
    await expectProblem(await quote(erin, { items: [{ itemId: CURRY, variantId: "var_family", quantity: 1 }] }), 422, "item_unavailable", /Paneer Butter Masala \(Family\)/);
    await expectProblem(await quote(erin, { items: [{ itemId: CURRY, variantId: "var_full", addonIds: ["add_truffle"], quantity: 1 }] }), 422, "item_unavailable", /Truffle oil/);
    // Another restaurant's dish is not on this menu.
    const foreign = city.rows.menu_items.find((i) => i.restaurant_id === NEAR_ONLY)?.$id ?? "";
    const both = await expectProblem(await quote(erin, { items: [{ itemId: foreign, quantity: 1 }, { itemId: KOFTA_OFF, quantity: 1 }] }), 422, "item_unavailable", new RegExp(foreign));
    expect(both.errors?.map((e) => e.path)).toEqual(["body.items.0", "body.items.1"]);
    expect(await quotesOf("usr_q_erin")).toEqual([]);
  });

  it("stock 0, or less than the quantity (across lines), is item_unavailable", async () => {
    const fay = await customer("fay");
    await expectProblem(await quote(fay, { items: [{ itemId: JAMUN_SOLD_OUT, quantity: 1 }, { itemId: NAAN, quantity: 3 }] }), 422, "item_unavailable", /Gulab Jamun is sold out/);
    await expectProblem(await quote(fay, { items: [{ itemId: NAAN, quantity: 4 }] }), 422, "item_unavailable", /Only 3 × Garlic Naan left \(asked for 4\)/);
    await expectProblem(await quote(fay, { items: [{ itemId: NAAN, quantity: 2, notes: "Butter" }, { itemId: NAAN, quantity: 2 }] }), 422, "item_unavailable", /Only 3 × Garlic Naan left/);
    // Exactly the stock is fine.
    expect((await quote(fay, { items: [{ itemId: NAAN, quantity: 3 }] })).status).toBe(200);
  });

  it("a cart the menu cannot make is unprocessable: size missing or unknown, foreign add-on, below the minimum order", async () => {
    const gus = await customer("gus");
    await expectProblem(await quote(gus, { items: [{ itemId: CURRY, quantity: 1 }] }), 422, "unprocessable", /Choose a size for Paneer Butter Masala/);
    await expectProblem(await quote(gus, { items: [{ itemId: CURRY, variantId: "var_jumbo", quantity: 1 }] }), 422, "unprocessable", /no size var_jumbo/);
    await expectProblem(await quote(gus, { items: [{ itemId: NAAN, variantId: "var_full", quantity: 3 }] }), 422, "unprocessable", /Garlic Naan has no size/);
    await expectProblem(await quote(gus, { items: [{ itemId: CURRY, variantId: "var_full", addonIds: ["add_bacon"], quantity: 1 }] }), 422, "unprocessable", /add_bacon is not an add-on/);
    await expectProblem(await quote(gus, { items: [{ itemId: NAAN, quantity: 2 }] }), 422, "unprocessable", /minimum order here is ₹150.00; add ₹30.00 more/);
  });
});

describe("POST /cart/quote: whose address, which restaurant", () => {
  it("another user's address, an unknown address and an unknown or unapproved restaurant are 404", async () => {
    const hal = await customer("hal");
    const ivy = await customer("ivy");
    await expectProblem(await quote({ identity: hal.identity, addressId: ivy.addressId }), 404, "not_found", /Address/);
    await expectProblem(await quote({ identity: hal.identity, addressId: "adr_nobody" }), 404, "not_found", /Address/);
    await expectProblem(await quote(hal, { restaurantId: "rst_99999" }), 404, "not_found", /Restaurant/);
    const unapproved = city.rows.restaurants.find((x) => x.is_approved === false)?.$id;
    expect(unapproved).toBeDefined();
    await expectProblem(await quote(hal, { restaurantId: unapproved ?? "" }), 404, "not_found", /Restaurant/);
    expect(await quotesOf("usr_q_hal")).toEqual([]);
  });

  it("an address outside every zone, or beyond the restaurant's radius, is not_serviceable", async () => {
    const far = await customer("jay", YELAHANKA);
    await expectProblem(await quote(far), 422, "not_serviceable", /does not deliver to this address/);
    const kim = await customer("kim");
    const nearOnlyDish = city.rows.menu_items.find((i) => i.restaurant_id === NEAR_ONLY && i.is_available !== false)?.$id ?? "";
    await expectProblem(await quote(kim, { restaurantId: NEAR_ONLY, items: [{ itemId: nearOnlyDish, quantity: 1 }] }), 422, "not_serviceable", /does not deliver this far/);
  });

  it("a closed or offline restaurant is not_serviceable", async () => {
    const lee = await customer("lee");
    const name = mainRow().name;
    try {
      await db.restaurants.update(MAIN, { hours: JSON.stringify(NEVER_OPEN) });
      await expectProblem(await quote(lee), 422, "not_serviceable", new RegExp(`${name} is closed right now`));
      await db.restaurants.update(MAIN, { hours: JSON.stringify(AROUND_THE_CLOCK), closures: JSON.stringify([{ startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), reason: "Pest control" }]) });
      await expectProblem(await quote(lee), 422, "not_serviceable", /closed right now/);
      await db.restaurants.update(MAIN, { closures: null, is_online: false });
      await expectProblem(await quote(lee), 422, "not_serviceable", /not taking orders right now/);
    } finally {
      await db.restaurants.update(MAIN, { hours: JSON.stringify(AROUND_THE_CLOCK), closures: null, is_online: true });
    }
    expect((await quote(lee)).status).toBe(200);
  });
});

describe("POST /cart/quote: coupons", () => {
  it("expired, unknown, another restaurant's and below-minimum coupons are coupon_invalid", async () => {
    const max = await customer("max");
    await expectProblem(await quote(max, { couponCode: "OLDDEAL" }), 422, "coupon_invalid", /OLDDEAL has expired/);
    await expectProblem(await quote(max, { couponCode: "NOSUCHCODE" }), 422, "coupon_invalid", /no coupon NOSUCHCODE/);
    await expectProblem(await quote(max, { couponCode: "ELSEWHERE" }), 422, "coupon_invalid", /not valid at this restaurant/);
    const short = await expectProblem(await quote(max, { couponCode: "BIGSPEND" }), 422, "coupon_invalid", /Add ₹4,820.00 more to use coupon BIGSPEND/);
    expect(short.errors).toEqual([{ path: "body.couponCode", message: "Add ₹4,820.00 more to use coupon BIGSPEND" }]);
    // A bad line is reported before an unknown coupon.
    await expectProblem(await quote(max, { couponCode: "NOSUCHCODE", items: [{ itemId: KOFTA_OFF, quantity: 1 }] }), 422, "item_unavailable");
    expect(await quotesOf("usr_q_max")).toEqual([]);
  });

  it("counts the caller's reserved and redeemed uses against the per-user limit; released ones are given back", async () => {
    const ned = await customer("ned");
    const ola = await customer("ola");
    const redemption = (userId: string, status: "reserved" | "redeemed" | "released") =>
      db.coupon_redemptions.create(`red_q_${userId}_${status}`, {
        coupon_id: "cpn_q_oneuse",
        code: "ONEUSE",
        user_id: userId,
        slot: 1,
        order_id: `ord_q_${userId}`,
        status,
        discount_paise: 5_000,
        reserved_at: new Date().toISOString(),
        ...(status === "released" ? { released_at: new Date().toISOString() } : {}),
      });
    await redemption("usr_q_ned", "redeemed");
    await expectProblem(await quote(ned, { couponCode: "ONEUSE" }), 422, "coupon_invalid", /already used coupon ONEUSE/);
    await redemption("usr_q_ola", "released");
    const ok = await quote(ola, { couponCode: "ONEUSE" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((ok.body as QuoteBody).discount).toEqual({ couponCode: "ONEUSE", amountPaise: 5_000 });
    expectAddsUp(ok.body as QuoteBody);
    // A reservation (order awaiting payment) holds the use too.
    await db.coupon_redemptions.update("red_q_usr_q_ola_released", { status: "reserved", released_at: null });
    await expectProblem(await quote(ola, { couponCode: "ONEUSE" }), 422, "coupon_invalid", /already used/);
  });

  it("first-order coupons need no earlier placed order; failed payments do not count", async () => {
    const pia = await customer("pia");
    const quinn = await customer("quinn");
    const ids = [await insertOrder("usr_q_pia", "delivered"), await insertOrder("usr_q_quinn", "payment_failed"), await insertOrder("usr_q_quinn", "expired")];
    try {
      await expectProblem(await quote(pia, { couponCode: "FIRSTBITE" }), 422, "coupon_invalid", /first order only/);
      const first = await quote(quinn, { couponCode: "FIRSTBITE" });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect((first.body as QuoteBody).discount).toEqual({ couponCode: "FIRSTBITE", amountPaise: 7_500 });
    } finally {
      for (const id of ids) await db.orders.delete(id);
    }
  });
});

describe("POST /cart/quote: roles", () => {
  it("is for signed-in customers: anonymous 401; a caller without the customer role 403", async () => {
    const rae = await customer("rae");
    await expectProblem(await quote({ identity: null, addressId: rae.addressId }), 401, "unauthenticated");
    for (const roles of [["restaurant"], ["partner"], ["admin"], ["restaurant", "partner"]] as const) {
      const r = await quote({ identity: { userId: "usr_q_rae", roles: [...roles] }, addressId: rae.addressId });
      await expectProblem(r, 403, "forbidden");
    }
    expect(await quotesOf("usr_q_rae")).toEqual([]);
    // Labels always add `customer` (identity.rolesFromLabels): a restaurant owner or rider ordering food is a customer.
    expect((await quote({ identity: identityOf("usr_q_rae", ["restaurant"]), addressId: rae.addressId })).status).toBe(200);
  });
});

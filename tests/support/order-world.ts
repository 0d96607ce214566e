// A small, deterministic world to order in: a slice of the demo city where one HSR Layout restaurant is approved,
// online and open around the clock, with a dish of limited stock and test coupons; customers get addresses at the
// zone's centre. Helpers quote and place through the real functions, as the edge would.
import { TablesDB } from "node-appwrite";
import { placeOrderRoute, type PlaceOrderResponse } from "@chizze/contracts/api/orders";
import { quoteRoute, type Quote } from "@chizze/contracts/api/cart";
import { rowPermissions, type WeeklyHours } from "@chizze/schema";
import { generateCity, seedCity, type SeedCity } from "@chizze/devstack/seed/index";
import { DEV_API_KEY, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { createDb, type Db } from "@chizze/services/deps";
import type { Identity } from "@chizze/platform/identity";
import type { z } from "zod";
import type { TestStack } from "./stack";
import { callFunction, identityOf, type CallResult } from "./functions";

export const HSR_CENTRE = { lat: 12.9116, lng: 77.6389 };
const AROUND_THE_CLOCK: WeeklyHours = (["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const).map((day) => ({ day, slots: [{ opens: "00:00", closes: "24:00" }] }));

export interface OrderWorld {
  city: SeedCity;
  db: Db;
  restaurantId: string;
  ownerId: string;
  owner: Identity;
  /** Available dishes without variants or required add-ons (unlimited stock). */
  dishes: { id: string; pricePaise: number }[];
  /** A dish with stock 5. */
  limitedDishId: string;
  /** Coupons: LIMIT10 (global 10, per user 1, flat ₹50), ONCE (per user 1, unlimited). */
  coupons: { limit10: string; once: string };
  /** A customer with an address in the zone (created on first use). */
  customer(n: number): Promise<{ identity: Identity; addressId: string }>;
}

export async function seedOrderWorld(stack: TestStack): Promise<OrderWorld> {
  const city = generateCity({ restaurants: 12, itemsPerRestaurant: [8, 10], customers: 3, partners: 6 });
  // The HSR restaurant closest to the zone centre takes the orders.
  const hsr = city.rows.restaurants.filter((r) => r.zone_id === "zon_hsr-layout");
  const pick = hsr.sort((a, b) => Math.hypot(a.lat - HSR_CENTRE.lat, a.lng - HSR_CENTRE.lng) - Math.hypot(b.lat - HSR_CENTRE.lat, b.lng - HSR_CENTRE.lng))[0];
  if (!pick) throw new Error("no HSR restaurant in the generated city");
  Object.assign(pick, { hours: JSON.stringify(AROUND_THE_CLOCK), is_online: true, is_approved: true, min_order_paise: 0, delivery_radius_m: 8_000 });
  delete pick.closures;
  const items = city.rows.menu_items.filter((i) => i.restaurant_id === pick.$id);
  for (const i of items) {
    i.is_available = true;
    delete i.stock;
  }
  const plain = items.filter((i) => !i.variants && !i.addon_groups);
  if (plain.length < 3) throw new Error("need three plain dishes");
  const limited = plain[0]!;
  limited.stock = 5;
  const now = Date.now();
  city.rows.coupons.push(
    { $id: "cpn_limit10", code: "LIMIT10", kind: "flat", value: 5_000, min_order_paise: 0, per_user_limit: 1, global_limit: 10, used_count: 0, is_active: true, funded_by: "platform", valid_from: new Date(now - 86_400_000).toISOString(), valid_until: new Date(now + 86_400_000).toISOString() },
    { $id: "cpn_once", code: "ONCE", kind: "flat", value: 2_000, min_order_paise: 0, per_user_limit: 1, used_count: 0, is_active: true, funded_by: "restaurant", valid_from: new Date(now - 86_400_000).toISOString(), valid_until: new Date(now + 86_400_000).toISOString() },
  );
  await seedCity(stack.appwrite.endpoint, { projectId: DEV_PROJECT_ID, key: DEV_API_KEY, city, mockNumbers: false });
  const db = createDb(new TablesDB(stack.admin()), true);
  const made = new Map<number, { identity: Identity; addressId: string }>();
  return {
    city,
    db,
    restaurantId: pick.$id,
    ownerId: pick.owner_id,
    owner: identityOf(pick.owner_id, ["restaurant"]),
    dishes: plain.slice(1).map((i) => ({ id: i.$id, pricePaise: i.price_paise })),
    limitedDishId: limited.$id,
    coupons: { limit10: "LIMIT10", once: "ONCE" },
    async customer(n) {
      const hit = made.get(n);
      if (hit) return hit;
      const userId = `usr_t${String(n).padStart(5, "0")}`;
      const addressId = `adr_t${String(n).padStart(5, "0")}`;
      await db.addresses.upsert(
        addressId,
        {
          user_id: userId,
          label: "home",
          custom_label: null,
          line1: `Flat ${n}, Test Residency`,
          line2: null,
          landmark: null,
          locality: "HSR Layout",
          city: "Bengaluru",
          state: "Karnataka",
          pincode: "560102",
          lat: HSR_CENTRE.lat,
          lng: HSR_CENTRE.lng,
          contact_name: null,
          contact_phone: null,
          instructions: "Ring twice",
          is_default: true,
        },
        rowPermissions.owner(userId),
      );
      const c = { identity: identityOf(userId, ["customer"]), addressId };
      made.set(n, c);
      return c;
    },
  };
}

export type QuoteBody = z.infer<typeof Quote>;
export type PlaceBody = z.infer<typeof PlaceOrderResponse>;

export async function quote(
  stack: TestStack,
  world: OrderWorld,
  who: { identity: Identity; addressId: string },
  opts: { items?: { itemId: string; quantity: number }[]; couponCode?: string; tipPaise?: number; paymentMethod?: "online" | "cod" } = {},
): Promise<CallResult & { body: QuoteBody }> {
  const body = {
    restaurantId: world.restaurantId,
    addressId: who.addressId,
    items: opts.items ?? [{ itemId: world.dishes[0]!.id, quantity: 2 }],
    paymentMethod: opts.paymentMethod ?? "cod",
    ...(opts.couponCode ? { couponCode: opts.couponCode } : {}),
    ...(opts.tipPaise !== undefined ? { tipPaise: opts.tipPaise } : {}),
  };
  const r = await callFunction(stack, quoteRoute, { identity: who.identity, body });
  if (r.status !== 200) throw new Error(`quote failed ${r.status}: ${JSON.stringify(r.body)}`);
  return r as CallResult & { body: QuoteBody };
}

export async function place(stack: TestStack, identity: Identity, quoteId: string, key: string | null, extra: Record<string, unknown> = {}): Promise<CallResult> {
  return callFunction(stack, placeOrderRoute, { identity, body: { quoteId, ...extra }, headers: key === null ? {} : { "idempotency-key": key } });
}

/**
 * What a well-behaved app does with a 5xx (a 503 + Retry-After, an execution dropped under load): the same call again
 * with the same Idempotency-Key, a few times. Races are judged on the answers the user finally sees.
 */
export async function placeAsAppWould(stack: TestStack, identity: Identity, quoteId: string, key: string, attempts = 4): Promise<CallResult> {
  for (let attempt = 1; ; attempt++) {
    const r = await place(stack, identity, quoteId, key);
    if (r.status < 500 || attempt >= attempts) return r;
    await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
  }
}

/** `{ "201": 5, "422 item_unavailable": 95 }`: answers by status and problem code, for a readable failed expectation. */
export function tallyAnswers(results: readonly CallResult[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const r of results) {
    const code = (r.body as { code?: unknown } | null)?.code;
    const label = r.status < 300 ? String(r.status) : `${r.status} ${typeof code === "string" ? code : "?"}`;
    tally[label] = (tally[label] ?? 0) + 1;
  }
  return tally;
}

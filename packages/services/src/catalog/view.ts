// restaurants / menu / coupons / cuisines rows ⇄ the API's catalog shapes (contracts/api/catalog.ts).
import type { z } from "zod";
import type { RowOf, T, WeeklyHours } from "@chizze/schema";
import { PAYMENT_METHODS, WEEKDAYS, AddonGroupsDoc, VariantsDoc } from "@chizze/schema";
import type { AddonGroup, Category, Coupon, MenuItem, OpeningHours, RestaurantCard, RestaurantDetail, Variant } from "@chizze/contracts/api/catalog";
import type { Address } from "@chizze/contracts/common";
import { openStatus, formatInr } from "@chizze/core";
import { isoUtc } from "../time";
import type { Candidate, Reachable } from "./reach";
import type { Cuisine } from "./reference";
import { closures as closuresOf, weeklyHours } from "./docs";

type RestaurantRow = RowOf<typeof T.restaurants>;
type MenuItemRow = RowOf<typeof T.menu_items>;
type CouponRow = RowOf<typeof T.coupons>;

/** Below this many ratings the average is noise: cards show no rating (contracts: "null until enough ratings"). */
export const MIN_RATINGS_SHOWN = 5;

export function ratingOf(rating: number | null, count: number | null): number | null {
  return (count ?? 0) >= MIN_RATINGS_SHOWN && rating !== null ? Math.round(rating * 10) / 10 : null;
}

export function toCategory(c: Cuisine): z.infer<typeof Category> {
  return { id: c.id, slug: c.slug, name: c.name, imageUrl: c.imageUrl, sortOrder: c.sortOrder };
}

/** A card for a restaurant that can deliver to the point now (so it is open, and opens next "now"). */
export function toCard(r: Reachable, names: (slugs: readonly string[] | null) => string[]): z.infer<typeof RestaurantCard> {
  const row: Candidate = r.row;
  return {
    id: row.$id,
    name: row.name,
    cuisines: names(row.cuisines),
    rating: ratingOf(row.rating, row.rating_count),
    ratingCount: row.rating_count ?? 0,
    priceForTwoPaise: row.price_for_two_paise ?? 0,
    isVeg: row.is_veg_only === true,
    distanceM: r.distanceM,
    etaMinutes: r.etaMinutes,
    deliveryFeePaise: r.deliveryFeePaise,
    imageUrl: row.logo_url ?? row.cover_url,
    isOpen: true,
    nextOpensAt: null,
  };
}

// ---- restaurant detail ---------------------------------------------------------------------------------------

const AROUND_THE_CLOCK = [{ opens: "00:00", closes: "24:00" }];

/** Mon..Sun, a missing day closed (core reads it so); no schedule at all = open around the clock (core's rule). */
export function weekly(hours: WeeklyHours | null): z.infer<typeof OpeningHours>["weekly"] {
  return WEEKDAYS.map((day) => ({ day, slots: hours === null ? AROUND_THE_CLOCK : (hours.find((d) => d.day === day)?.slots ?? []) }));
}

/**
 * restaurants has one free-text `address` and no `state` column (schema gap, see the catalog README): the first
 * part of the address before the locality is the street line, the state comes from the text when it names a
 * known state, else from the city.
 */
const STATE_OF_CITY: Record<string, string> = {
  Bengaluru: "Karnataka",
  Bangalore: "Karnataka",
  Mysuru: "Karnataka",
  Mumbai: "Maharashtra",
  Pune: "Maharashtra",
  Delhi: "Delhi",
  "New Delhi": "Delhi",
  Gurugram: "Haryana",
  Noida: "Uttar Pradesh",
  Hyderabad: "Telangana",
  Chennai: "Tamil Nadu",
  Kolkata: "West Bengal",
  Ahmedabad: "Gujarat",
  Jaipur: "Rajasthan",
  Kochi: "Kerala",
};

export function addressOf(row: RestaurantRow): z.infer<typeof Address> {
  const parts = row.address.split(",").map((p) => p.trim());
  const localityAt = row.locality ? parts.findIndex((p) => p === row.locality) : -1;
  const cityAt = parts.findIndex((p) => p === row.city);
  const streetEnd = localityAt > 0 ? localityAt : cityAt > 0 ? cityAt : parts.length;
  const line1 = parts.slice(0, streetEnd).join(", ").slice(0, 200) || row.address.slice(0, 200);
  const stateInText = cityAt >= 0 ? parts[cityAt + 1]?.replace(/\s*\d{6}$/, "").trim() : undefined;
  const pincode = row.pincode ?? /\b[1-9]\d{5}\b/.exec(row.address)?.[0] ?? "";
  return {
    line1,
    line2: null,
    landmark: null,
    locality: row.locality,
    city: row.city,
    state: (stateInText && stateInText.length > 0 ? stateInText : STATE_OF_CITY[row.city]) ?? row.city,
    pincode,
  };
}

export function toDetail(row: RestaurantRow, names: (slugs: readonly string[] | null) => string[], now: Date): z.infer<typeof RestaurantDetail> {
  const hours = weeklyHours(row.hours);
  const planned = closuresOf(row.closures) ?? [];
  const status = openStatus(hours, planned, now);
  const online = row.is_online === true;
  return {
    id: row.$id,
    name: row.name,
    description: row.description,
    cuisines: names(row.cuisines),
    imageUrl: row.logo_url,
    coverImageUrl: row.cover_url,
    rating: ratingOf(row.rating, row.rating_count),
    ratingCount: row.rating_count ?? 0,
    priceForTwoPaise: row.price_for_two_paise ?? 0,
    vegOnly: row.is_veg_only === true,
    prepTimeMinutes: row.avg_prep_min ?? 20,
    hours: {
      timezone: "Asia/Kolkata",
      weekly: weekly(hours),
      closures: planned
        .filter((c) => Date.parse(c.endsAt) > now.getTime())
        .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
        .map((c) => ({ startsAt: isoUtc(c.startsAt), endsAt: isoUtc(c.endsAt), reason: c.reason })),
    },
    isOpen: online && status.isOpen,
    // An owner who is offline comes back when they choose: no promise of a time.
    nextOpensAt: online && !status.isOpen && status.nextOpensAt ? status.nextOpensAt.toISOString() : null,
    address: addressOf(row),
    location: { lat: row.lat, lng: row.lng },
    phone: row.phone,
    fssaiLicense: row.fssai_license ?? "",
    gstin: row.gstin,
    hygieneRating: row.hygiene_rating,
    // No column records when the FSSAI audit happened (schema gap).
    hygieneRatedAt: null,
    // No per-restaurant payment settings yet (schema gap): every restaurant takes what the platform offers.
    paymentMethods: [...PAYMENT_METHODS],
    minOrderPaise: row.min_order_paise ?? 0,
  };
}

// ---- menu ------------------------------------------------------------------------------------------------

function parseDoc<S extends z.ZodType>(schema: S, text: string | null): z.output<S> | null {
  if (text === null) return null;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/**
 * Sizes and add-ons the kitchen has switched off are left out (the quote would refuse them). An item whose every
 * size is off, or whose required add-on group has no option left, is shown as unavailable.
 */
export function toMenuItem(row: MenuItemRow): z.infer<typeof MenuItem> {
  const allVariants = parseDoc(VariantsDoc, row.variants) ?? [];
  const liveVariants = allVariants.filter((v) => v.isAvailable);
  let orderable = row.is_available !== false;
  if (allVariants.length > 0 && liveVariants.length === 0) orderable = false;
  const variants: z.infer<typeof Variant>[] = (liveVariants.length > 0 ? liveVariants : allVariants).map((v) => ({ id: v.id, name: v.name, pricePaise: v.pricePaise }));
  const addonGroups: z.infer<typeof AddonGroup>[] = [];
  for (const g of parseDoc(AddonGroupsDoc, row.addon_groups) ?? []) {
    const options = g.options.filter((o) => o.isAvailable);
    if (options.length === 0) {
      if (g.minSelect > 0) orderable = false;
      continue;
    }
    const max = Math.min(g.maxSelect, options.length);
    if (g.minSelect > options.length) orderable = false;
    addonGroups.push({ id: g.id, name: g.name, min: Math.min(g.minSelect, max), max, addons: options.map((o) => ({ id: o.id, name: o.name, pricePaise: o.pricePaise, isVeg: o.isVeg })) });
  }
  return {
    id: row.$id,
    categoryId: row.category_id,
    name: row.name,
    description: row.description,
    imageUrl: row.image_url,
    pricePaise: row.price_paise,
    variants,
    addonGroups,
    isVeg: row.is_veg,
    allergens: row.allergens ?? [],
    isAvailable: orderable,
    inStock: row.stock === null || row.stock > 0,
    isBestseller: row.is_bestseller === true,
    sortOrder: row.sort_order ?? 0,
  };
}

// ---- coupons ---------------------------------------------------------------------------------------------

/** ₹100 rather than ₹100.00 in titles. */
const inr = (paise: number) => formatInr(paise).replace(/\.00$/, "");

export function toCoupon(row: CouponRow): z.infer<typeof Coupon> {
  const percent = row.kind === "percent";
  // value is basis points for percent coupons; the API shows whole percent (1250 bps would show 13 %: contract gap).
  const pct = percent ? Math.min(100, Math.max(1, Math.round(row.value / 100))) : null;
  const cap = percent ? row.max_discount_paise : null;
  const title = percent ? `${pct}% off${cap !== null ? ` up to ${inr(cap)}` : ""}` : `${inr(row.value)} off`;
  const min = row.min_order_paise ?? 0;
  return {
    code: row.code,
    title: min > 0 ? `${title} on orders above ${inr(min)}` : title,
    description: row.description,
    kind: percent ? "percent" : "flat",
    flatPaise: percent ? null : row.value,
    percent: pct,
    maxDiscountPaise: cap,
    minOrderPaise: min,
    restaurantId: row.restaurant_id,
    newUsersOnly: row.first_order_only === true,
    // No per-coupon payment restriction in the schema yet: every method.
    paymentMethods: [...PAYMENT_METHODS],
    validUntil: isoUtc(row.valid_until),
  };
}

// Read by: anyone (public catalog; the edge caches details 300 s and nearby lists 60 s). Owners change their
// restaurant through PATCH /restaurant (a function), which also invalidates the caches; admins approve.
import { PUBLIC_READ } from "../access";
import { ClosuresDoc, FSSAI_PATTERN, GSTIN_PATTERN, PHONE_PATTERN, PINCODE_PATTERN, SLUG_PATTERN, WeeklyHoursDoc } from "../documents";

/** Razorpay Route linked account ids: `acc_` + 14 base62 chars. */
export const RAZORPAY_ACCOUNT_PATTERN = /^acc_[A-Za-z0-9]{14}$/;
import { boolean, datetime, defineTable, desc, double, id, idx, integer, json, latitude, longitude, paise, string, stringArray, url } from "../dsl";

export const restaurants = defineTable({
  id: "restaurants",
  name: "Restaurants",
  description: "Restaurant profile, serviceability, fees, ratings and licences.",
  rowSecurity: false,
  permissions: [...PUBLIC_READ],
  columns: {
    owner_id: id({ required: true, description: "Appwrite user id of the owner (label `restaurant`)" }),
    name: string(128, { required: true }),
    slug: string(128, { required: true, pattern: SLUG_PATTERN }),
    description: string(1000),
    cuisines: stringArray(48, { description: "cuisines.slug values" }),
    phone: string(16, { pattern: PHONE_PATTERN }),
    address: string(500, { required: true }),
    locality: string(120),
    city: string(80, { required: true }),
    pincode: string(6, { pattern: PINCODE_PATTERN }),
    zone_id: id(),
    lat: latitude({ required: true }),
    lng: longitude({ required: true }),
    delivery_radius_m: integer({ min: 0, max: 30_000, default: 5_000 }),
    is_online: boolean({ default: false, description: "Owner's accepting-orders toggle" }),
    is_approved: boolean({ default: false, description: "Admin approval after licence checks; unapproved restaurants are never listed" }),
    approved_at: datetime(),
    is_veg_only: boolean({ default: false }),
    price_for_two_paise: paise(),
    min_order_paise: paise({ default: 0 }),
    packaging_fee_paise: paise({ default: 0 }),
    commission_bps: integer({ min: 0, max: 10_000, default: 2_000, description: "Chizze commission on item total, basis points" }),
    avg_prep_min: integer({ min: 1, max: 180, default: 20 }),
    accept_deadline_sec: integer({ min: 30, max: 900, default: 180, description: "Unaccepted orders are auto-rejected after this" }),
    rating: double({ min: 0, max: 5, default: 0 }),
    rating_count: integer({ min: 0, default: 0 }),
    hours: json(1_500, { shape: WeeklyHoursDoc, description: "Weekly opening hours (Asia/Kolkata)" }),
    closures: json(3_000, { shape: ClosuresDoc, description: "Planned closures" }),
    fssai_license: string(14, { pattern: FSSAI_PATTERN }),
    fssai_valid_until: datetime(),
    hygiene_rating: integer({ min: 1, max: 5, description: "FSSAI hygiene rating (1–5)" }),
    gstin: string(15, { pattern: GSTIN_PATTERN }),
    razorpay_account_id: string(18, { pattern: RAZORPAY_ACCOUNT_PATTERN, description: "Razorpay Route linked account (acc_…) that settlements are transferred to; null = payouts held" }),
    logo_url: url(),
    cover_url: url(),
  },
  indexes: [
    idx.key("idx_discovery", ["city", "is_online", desc("rating")]),
    idx.key("idx_owner", ["owner_id"]),
    idx.fulltext("ft_name", ["name"]),
    idx.unique("uniq_slug", ["slug"]),
    // Bounding-box discovery: equal(city) + between(lat); lng filtered from the narrowed set.
    idx.key("idx_city_lat", ["city", "lat"]),
    idx.key("idx_lat_lng", ["lat", "lng"]),
    idx.key("idx_zone_online", ["zone_id", "is_online"]),
    idx.key("idx_approved", ["is_approved"]),
  ],
});

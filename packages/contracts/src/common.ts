// Building blocks shared by every resource schema. Wire rules (api.md): camelCase JSON, money in integer
// paise, times as ISO 8601 UTC strings, distances in metres, ids are Appwrite ids.
import { z } from "zod";
import { PAYMENT_METHODS, PLATFORMS, WEEKDAYS } from "@chizze/schema";

// ---- ids, time, money ---------------------------------------------------------------------------------

/** Appwrite custom-id rule: ≤36 chars of [A-Za-z0-9._-], and the first char may not be one of `._-`. */
export const APPWRITE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;

export const AppwriteId = z
  .string()
  .regex(APPWRITE_ID_PATTERN, "Not an Appwrite id (≤36 chars of A-Z a-z 0-9 . _ -, no leading special char)")
  .meta({ id: "AppwriteId", description: "Appwrite id: ≤36 chars of [A-Za-z0-9._-], no leading special char", example: "ord_01J9ZQ4W8K3M5N7P" });

/** A response timestamp: always UTC with `Z` (services convert Appwrite's `+00:00` form). */
export const Timestamp = z
  .iso.datetime()
  .meta({ id: "Timestamp", description: "ISO 8601 instant in UTC (Z)", example: "2026-11-26T12:30:00.000Z" });

/** A timestamp the client sends: devices may add their local offset; the server normalises to UTC. */
export const ClientTimestamp = z
  .iso.datetime({ offset: true })
  .meta({ description: "ISO 8601 instant; UTC (Z) preferred, an offset is accepted", example: "2026-11-26T18:00:05.120+05:30" });

export const IsoDate = z.iso.date().meta({ description: "Calendar date (YYYY-MM-DD), Asia/Kolkata business day", example: "2026-11-26" });

/** Integer paise, never negative. Directions (credit/debit, discount) are carried by field names, not signs. */
export const Paise = z
  .number()
  .int()
  .nonnegative()
  .meta({ id: "Paise", description: "Amount in integer paise (₹1 = 100 paise), ≥ 0", example: 24900 });

export const Currency = z.literal("INR").meta({ description: "ISO 4217 currency; Chizze settles in INR only" });

export const DistanceM = z.number().int().nonnegative().meta({ description: "Distance in metres", example: 2400 });
export const Minutes = z.number().int().nonnegative().meta({ description: "Duration in whole minutes", example: 32 });

// ---- geo --------------------------------------------------------------------------------------------

export const Latitude = z.number().min(-90).max(90).meta({ description: "WGS 84 latitude in degrees", example: 12.9716 });
export const Longitude = z.number().min(-180).max(180).meta({ description: "WGS 84 longitude in degrees", example: 77.5946 });

export const LatLng = z
  .object({ lat: Latitude, lng: Longitude })
  .meta({ id: "LatLng", description: "A point (WGS 84)", example: { lat: 12.9716, lng: 77.5946 } });

/** Query-string coordinates arrive as text. */
export const LatitudeQuery = z.coerce.number().min(-90).max(90).meta({ description: "Latitude in degrees", example: 12.9716 });
export const LongitudeQuery = z.coerce.number().min(-180).max(180).meta({ description: "Longitude in degrees", example: 77.5946 });

// ---- people -------------------------------------------------------------------------------------------

/**
 * E.164, India first: a `+91` number must be exactly 10 digits starting 6–9 (Indian mobiles); any other
 * country code is accepted as generic E.164 (8–15 digits). No spaces or dashes: the app normalises.
 */
export const PHONE_PATTERN = /^(?:\+91[6-9]\d{9}|\+(?!91)[1-9]\d{7,14})$/;

export const Phone = z
  .string()
  .regex(PHONE_PATTERN, "Phone must be E.164 (+91 and 10 digits for India)")
  .meta({ id: "Phone", description: "E.164 phone number; India: +91 followed by a 10-digit mobile number", example: "+919876543210" });

export const MaskedPhone = z
  .string()
  .max(20)
  .meta({ description: "Phone with the middle digits hidden, for display only", example: "+91******3210" });

export const Url = z.url({ protocol: /^https?$/ }).max(2048).meta({ description: "Absolute http(s) URL", example: "https://img.chizze.in/r/rst_1/cover.webp" });

export const Rating = z.number().min(0).max(5).meta({ description: "Average rating 0–5 (one decimal)", example: 4.3 });
export const Stars = z.number().int().min(1).max(5).meta({ description: "A single rating, 1–5 stars", example: 5 });

/** Indian postal code: 6 digits, no leading zero. */
export const Pincode = z.string().regex(/^[1-9]\d{5}$/, "Pincode must be 6 digits").meta({ example: "560001" });

export const Address = z
  .object({
    line1: z.string().min(1).max(200).meta({ description: "House / flat / building", example: "Flat 4B, Prestige Tower" }),
    line2: z.string().max(200).nullable(),
    landmark: z.string().max(120).nullable(),
    locality: z.string().max(120).nullable().meta({ example: "Indiranagar" }),
    city: z.string().min(1).max(80).meta({ example: "Bengaluru" }),
    state: z.string().min(1).max(80).meta({ example: "Karnataka" }),
    pincode: Pincode,
  })
  .meta({ id: "PostalAddress", description: "A postal address (India)" });

// ---- request plumbing ---------------------------------------------------------------------------------

/**
 * Idempotency-Key: client-generated (a UUID v4 is ideal), 1..255 printable ASCII characters (Stripe's limit,
 * IETF draft). Scoped server-side to the caller and route, kept 24 h.
 */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x20-\x7E]+$/, "Idempotency-Key must be printable ASCII")
  .meta({ description: "Client-generated key (UUID v4 recommended) making a retry safe; kept 24 h per caller", example: "5f0c8a52-6f7e-4b7e-9a51-1f1a2c3d4e5f" });

/** Header names are lower-case: Hono and the Fetch API hand headers over lower-cased. */
export const IdempotencyHeaders = z.object({ "idempotency-key": IdempotencyKey });

/** Routes that honour a key when sent (offline-first apps retrying a create or a state change). */
export const OptionalIdempotencyHeaders = z.object({ "idempotency-key": IdempotencyKey.optional() });

/** Opaque continuation token from a previous page; clients must not parse it. */
export const Cursor = z.string().min(1).max(512).meta({ description: "Opaque cursor from `nextCursor` of the previous page", example: "eyJ0IjoiMjAyNi0xMS0yNiJ9" });

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 50;

/** `?limit=&cursor=` as they arrive (strings); limit 1..50, default 20. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT).meta({ description: "Page size, 1–50", example: 20 }),
  cursor: Cursor.optional(),
});

/** A cursor-paginated list: `{items, nextCursor}`; `nextCursor` is null on the last page. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: Cursor.nullable().meta({ description: "Pass as `cursor` to get the next page; null on the last page" }),
  });
}

/** A short, bounded list that is never paginated (categories, coupons, saved addresses, offers). */
export function list<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/** Path parameter `:id`. */
export const IdParams = z.object({ id: AppwriteId });

/**
 * Body of a POST that carries no input. Still a strict object, so a client that sneaks in `price` or `status`
 * is told so; the edge treats an absent body as `{}`.
 */
export const EmptyBody = z.strictObject({}).meta({ description: "No fields; send `{}` or no body" });

/**
 * The body of a 204: none. `z.never()` because no JSON value is valid there; the OpenAPI generator recognises it
 * by identity (`schema === NoContent`) and emits a response without content.
 */
export const NoContent = z.never().meta({ description: "No body" });

// ---- money lines ---------------------------------------------------------------------------------------

export const Fees = z
  .object({
    packagingPaise: Paise,
    deliveryPaise: Paise.meta({ description: "Delivery fee by distance band" }),
    surgePaise: Paise.meta({ description: "Peak/rain surcharge; 0 when none" }),
    platformPaise: Paise,
  })
  .meta({ id: "Fees" });

export const Taxes = z
  .object({
    gstFoodPaise: Paise.meta({ description: "GST on food (5%, collected by Chizze as e-commerce operator)" }),
    gstFeesPaise: Paise.meta({ description: "GST on delivery/platform/packaging fees (18%)" }),
  })
  .meta({ id: "Taxes" });

export const Discount = z
  .object({ couponCode: z.string(), amountPaise: Paise })
  .meta({ id: "Discount", description: "Coupon discount applied; subtracted from the total" });

/**
 * Full price breakdown of a quote or an order. Invariant (checked by core, asserted in tests there):
 * totalPaise = itemsPaise + fees + taxes + tipPaise − discountPaise.
 */
export const Amounts = z
  .object({
    itemsPaise: Paise.meta({ description: "Sum of line totals" }),
    fees: Fees,
    taxes: Taxes,
    discountPaise: Paise,
    tipPaise: Paise,
    totalPaise: Paise,
  })
  .meta({ id: "Amounts", description: "Server-computed amounts; the client never sends prices" });

export const LineAddon = z.object({ id: AppwriteId, name: z.string(), pricePaise: Paise });

export const MoneyLine = z
  .object({
    itemId: AppwriteId,
    variantId: AppwriteId.nullable(),
    name: z.string().meta({ example: "Paneer Butter Masala" }),
    variantName: z.string().nullable().meta({ example: "Full" }),
    isVeg: z.boolean(),
    quantity: z.number().int().min(1).max(20),
    unitPaise: Paise.meta({ description: "Price of one unit including its variant and add-ons" }),
    addons: z.array(LineAddon),
    notes: z.string().nullable(),
    totalPaise: Paise.meta({ description: "unitPaise × quantity" }),
  })
  .meta({ id: "MoneyLine", description: "One priced cart/order line" });

// ---- enums shared by several resources ---------------------------------------------------------------

export const PaymentMethod = z.enum(PAYMENT_METHODS).meta({ id: "PaymentMethod", description: "online = Razorpay Checkout; cod = cash on delivery" });

export const Platform = z.enum(PLATFORMS).meta({ id: "Platform" });

export const SemVer = z.string().regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/, "Version must be MAJOR.MINOR.PATCH").meta({ example: "3.12.0" });

/** Headers every app sends; only routes whose answer depends on them declare them. */
export const ClientHeaders = z.object({
  "x-app-version": SemVer.optional(),
  "x-platform": Platform.optional(),
});

export const Weekday = z.enum(WEEKDAYS);

/** Clock time in Asia/Kolkata, 24 h; `24:00` allowed as the end of the day. */
export const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Time must be HH:MM").meta({ example: "11:30" });

export const OpeningSlot = z.object({ opens: ClockTime, closes: ClockTime }).meta({ description: "Open from `opens` to `closes` (local time); `closes` before `opens` runs past midnight" });

export const DayHours = z.object({ day: Weekday, slots: z.array(OpeningSlot).max(4).meta({ description: "Empty = closed all day" }) });

export const Closure = z.object({
  startsAt: Timestamp,
  endsAt: Timestamp,
  reason: z.string().max(200).nullable().meta({ example: "Diwali" }),
});

export const FLAG_KEY_PATTERN = /^[a-z][a-z0-9_.-]{1,63}$/;
export const FlagKey = z.string().regex(FLAG_KEY_PATTERN, "Flag keys are lower-case, 2–64 chars").meta({ example: "orders.cod_enabled" });

// Shapes of the JSON documents kept in text columns (read and written whole). Keys inside a document are
// camelCase like the wire format (contracts), so services can hand a stored document to the API unchanged;
// column keys stay snake_case. Read one with `WeeklyHoursDoc.parse(JSON.parse(row.hours))`.
import { z } from "zod";
import { APPWRITE_ID } from "./dsl";
import { ALLERGENS } from "./enums";

// ---- shared patterns (the same rules as @chizze/contracts, which may import these) -----------------------

/** E.164; a +91 number is a 10-digit Indian mobile starting 6–9. */
export const PHONE_PATTERN = /^(?:\+91[6-9]\d{9}|\+(?!91)[1-9]\d{7,14})$/;
export const PINCODE_PATTERN = /^[1-9]\d{5}$/;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SEMVER_PATTERN = /^\d{1,4}\.\d{1,4}\.\d{1,4}$/;
/** 15-char GSTIN: state code, PAN, entity number, `Z`, check character. */
export const GSTIN_PATTERN = /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;
export const FSSAI_PATTERN = /^\d{14}$/;
export const FLAG_KEY_PATTERN = /^[a-z][a-z0-9_.-]{1,63}$/;
/** Lower-case hex of a SHA-256 digest. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
/** Razorpay ids: `order_…`, `pay_…`, `rfnd_…`, `trf_…` followed by 14 base62 chars. */
export const RAZORPAY_ID_PATTERN = /^(?:order|pay|rfnd|trf)_[A-Za-z0-9]{14,20}$/;
export const ISO_DATE_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
/** Indian financial year, April–March: `2025-26`. */
export const FINANCIAL_YEAR_PATTERN = /^\d{4}-\d{2}$/;
/** A snake_case code (event names, notification kinds, routes' ids). */
export const CODE_PATTERN = /^[a-z][a-z0-9_.]*$/;

const Id = z.string().regex(APPWRITE_ID);
const Paise = z.number().int().nonnegative();
const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const Instant = z.iso.datetime({ offset: true });

// ---- restaurants -------------------------------------------------------------------------------------------

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** Opening hours in Asia/Kolkata: one entry per weekday; no slots = closed; `closes` < `opens` runs past midnight. */
export const WeeklyHoursDoc = z
  .array(z.strictObject({ day: z.enum(WEEKDAYS), slots: z.array(z.strictObject({ opens: ClockTime, closes: ClockTime })).max(4) }))
  .max(7)
  .refine((days) => new Set(days.map((d) => d.day)).size === days.length, "Each weekday at most once");
export type WeeklyHours = z.infer<typeof WeeklyHoursDoc>;

/** Planned closures (holidays, renovation): the restaurant is closed from `startsAt` to `endsAt`. */
export const ClosuresDoc = z.array(z.strictObject({ startsAt: Instant, endsAt: Instant, reason: z.string().max(200).nullable() })).max(30);
export type Closures = z.infer<typeof ClosuresDoc>;

// ---- menu ------------------------------------------------------------------------------------------------

/** Sizes/portions of a dish; `pricePaise` replaces the item price. */
export const VariantsDoc = z
  .array(z.strictObject({ id: Id, name: z.string().min(1).max(64), pricePaise: Paise, isDefault: z.boolean(), isAvailable: z.boolean() }))
  .max(12);
export type Variants = z.infer<typeof VariantsDoc>;

/** Add-on groups ("Extra toppings", pick 0–3); option prices are added to the unit price. */
export const AddonGroupsDoc = z
  .array(
    z.strictObject({
      id: Id,
      name: z.string().min(1).max(64),
      minSelect: z.number().int().min(0).max(20),
      maxSelect: z.number().int().min(1).max(20),
      options: z
        .array(z.strictObject({ id: Id, name: z.string().min(1).max(64), pricePaise: Paise, isVeg: z.boolean(), isAvailable: z.boolean() }))
        .min(1)
        .max(30),
    }),
  )
  .max(10)
  .refine((groups) => groups.every((g) => g.minSelect <= g.maxSelect && g.maxSelect <= g.options.length), "minSelect ≤ maxSelect ≤ options");
export type AddonGroups = z.infer<typeof AddonGroupsDoc>;

export const AllergenList = z.array(z.enum(ALLERGENS));

// ---- carts, quotes, orders ----------------------------------------------------------------------------------

/** What the customer asked for (quote input), before pricing. */
export const CartItemsDoc = z
  .array(
    z.strictObject({
      itemId: Id,
      variantId: Id.nullable(),
      addonIds: z.array(Id).max(30),
      quantity: z.number().int().min(1).max(20),
      notes: z.string().max(200).nullable(),
    }),
  )
  .min(1)
  .max(50);
export type CartItems = z.infer<typeof CartItemsDoc>;

/** Priced lines (quote lines, order items snapshot): the same shape as contracts' MoneyLine. */
export const PricedLinesDoc = z
  .array(
    z.strictObject({
      itemId: Id,
      variantId: Id.nullable(),
      name: z.string().max(128),
      variantName: z.string().max(64).nullable(),
      isVeg: z.boolean(),
      quantity: z.number().int().min(1).max(20),
      unitPaise: Paise,
      addons: z.array(z.strictObject({ id: Id, name: z.string().max(64), pricePaise: Paise })).max(30),
      notes: z.string().max(200).nullable(),
      totalPaise: Paise,
    }),
  )
  .min(1)
  .max(50);
export type PricedLines = z.infer<typeof PricedLinesDoc>;

/** The delivery address as it was when the order was placed (the saved address may change later). */
export const AddressSnapshotDoc = z.strictObject({
  addressId: Id.nullable(),
  label: z.string().max(32).nullable(),
  line1: z.string().min(1).max(200),
  line2: z.string().max(200).nullable(),
  landmark: z.string().max(120).nullable(),
  locality: z.string().max(120).nullable(),
  city: z.string().min(1).max(80),
  state: z.string().min(1).max(80),
  pincode: z.string().regex(PINCODE_PATTERN),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  contactName: z.string().max(128).nullable(),
  contactPhone: z.string().regex(PHONE_PATTERN).nullable(),
});
export type AddressSnapshot = z.infer<typeof AddressSnapshotDoc>;

// ---- money ---------------------------------------------------------------------------------------------

/** How a refund splits across the order's components (refund policy decides per stage). */
export const RefundComponentsDoc = z.strictObject({
  itemsPaise: Paise,
  packagingPaise: Paise,
  deliveryPaise: Paise,
  platformPaise: Paise,
  taxesPaise: Paise,
  tipPaise: Paise,
});
export type RefundComponents = z.infer<typeof RefundComponentsDoc>;

/** Cancellation counts by reason code for one restaurant-day. */
export const CountsByReasonDoc = z.record(z.string().regex(CODE_PATTERN), z.number().int().nonnegative());

// ---- free-form -------------------------------------------------------------------------------------------

/** Notification payload for the app (deep link, order id): flat scalar values, as push `data` requires. */
export const NotificationDataDoc = z.record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]));

/** Any JSON object (webhook payloads, event details, stored responses). */
export const JsonObjectDoc = z.record(z.string(), z.unknown());

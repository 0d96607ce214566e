// What erasure leaves of each kept row. Pure: every function maps a stored value to its erased form, and erasing an
// erased value changes nothing — that is what makes each purge step safe to repeat (a step compares the erased form
// with what is stored and writes only when they differ).
//
// The line drawn: amounts, items, statuses, tax facts (state, place of supply) and ids stay, because GST law and the
// ledger need them (CGST Act s.35/36: records kept 72 months after the annual return); what identifies or describes
// the person goes — names, phones, emails, UPI ids, free text they wrote, and where they live beyond the pincode.
import type { AddressSnapshot, PatchOf, PricedLines, T } from "@chizze/schema";
import type { InvoiceDocument } from "@chizze/schema/tables/invoices";

/** Stands in for an erased required text (the columns and documents that may not be empty). */
export const ERASED = "[erased]";

/**
 * A partner row's phone is required and pattern-checked; this number cannot exist (+1 area codes never start with 0),
 * so it can neither reach nor be mistaken for anyone.
 */
export const ERASED_PHONE = "+10000000000";
export const ERASED_PARTNER_NAME = "Deleted partner";

/** Two decimals ≈ 1.1 km: the area (about a pincode), not the house. */
export function coarse(deg: number): number {
  return Math.round(deg * 100) / 100;
}

/** The order's address snapshot without the person: city, state and pincode stay (place of supply, area analytics). */
export function erasedAddress(a: AddressSnapshot): AddressSnapshot {
  return {
    addressId: null,
    label: null,
    line1: ERASED,
    line2: null,
    landmark: null,
    locality: null,
    city: a.city,
    state: a.state,
    pincode: a.pincode,
    lat: coarse(a.lat),
    lng: coarse(a.lng),
    contactName: null,
    contactPhone: null,
  };
}

/** Lines keep what was sold and for how much; the customer's per-line notes ("no onion, allergic") go. */
export function erasedLines(lines: PricedLines): PricedLines {
  return lines.map((l) => ({ ...l, notes: null }));
}

type OrderPatch = PatchOf<typeof T.orders>;
export interface OrderPersonalFields {
  delivery_address: AddressSnapshot;
  items: PricedLines;
  delivery_lat: number;
  delivery_lng: number;
  delivery_instructions?: string | null | undefined;
  special_instructions?: string | null | undefined;
  cancel_note?: string | null | undefined;
  delivery_otp_hash?: string | null | undefined;
}

/**
 * The columns of an order to write so it holds nothing personal, or null when it already holds nothing personal.
 * The delivery OTP hash goes too: it is a credential of the customer, useless once the order is over.
 */
export function orderErasure(o: OrderPersonalFields): OrderPatch | null {
  const address = erasedAddress(o.delivery_address);
  const items = erasedLines(o.items);
  const patch: OrderPatch = {};
  if (JSON.stringify(address) !== JSON.stringify(o.delivery_address)) patch.delivery_address = JSON.stringify(address);
  if (JSON.stringify(items) !== JSON.stringify(o.items)) patch.items = JSON.stringify(items);
  if (coarse(o.delivery_lat) !== o.delivery_lat) patch.delivery_lat = coarse(o.delivery_lat);
  if (coarse(o.delivery_lng) !== o.delivery_lng) patch.delivery_lng = coarse(o.delivery_lng);
  if (o.delivery_instructions) patch.delivery_instructions = null;
  if (o.special_instructions) patch.special_instructions = null;
  if (o.cancel_note) patch.cancel_note = null;
  if (o.delivery_otp_hash) patch.delivery_otp_hash = null;
  return Object.keys(patch).length > 0 ? patch : null;
}

/** Reason codes (`changed_mind`) stay in the audit trail; a free-text note the customer typed does not. */
export function isFreeText(reason: string | null | undefined): boolean {
  return typeof reason === "string" && reason !== "" && !/^[a-z][a-z0-9_]*$/.test(reason);
}

/**
 * Keys of a Razorpay webhook payload that describe the payer: contact and email (Checkout's prefill), the UPI id,
 * card and bank account details, names. Amounts, ids, statuses and acquirer references (RRN, ARN) stay: they are
 * what reconciliation and disputes are settled with.
 */
const PAYER_KEYS = new Set(["contact", "email", "vpa", "name", "phone", "card", "bank_account", "billing_address", "address", "customer_details"]);

/** The payload with every payer field set to null; `changed` is false when there was nothing to erase. */
export function erasedPayload(value: unknown): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      if (PAYER_KEYS.has(k) && child !== null) {
        out[k] = null;
        changed = true;
      } else out[k] = walk(child);
    }
    return out;
  };
  return { value: walk(value), changed };
}

/**
 * An issued invoice keeps its number, lines, taxes and place of supply; the recipient's name and address go. A
 * B2C invoice needs them only above ₹50,000 to an unregistered person (CGST Rules r.46(e)), far beyond a food order.
 */
export function erasedInvoiceDocument(doc: InvoiceDocument): InvoiceDocument | null {
  if (doc.customer.name === null && doc.customer.address === ERASED) return null;
  return { ...doc, customer: { name: null, address: ERASED } };
}

type ProfilePatch = PatchOf<typeof T.profiles>;

/** The profile becomes a tombstone: the id, when deletion was asked and done, and the language of late notices. */
export const PROFILE_ERASURE: ProfilePatch = {
  name: null,
  phone: null,
  email: null,
  avatar_url: null,
  default_address_id: null,
  marketing_opt_in: false,
  roles: [],
};

type PartnerPatch = PatchOf<typeof T.delivery_partners>;

/**
 * A partner row stays: its id is the ledger account `partner:<id>` and payouts still pay what is owed to its Route
 * account. Who they were, where they were and the vehicle go; the row is deactivated so dispatch never offers it.
 */
export const PARTNER_ERASURE: PartnerPatch = {
  name: ERASED_PARTNER_NAME,
  phone: ERASED_PHONE,
  vehicle_number: null,
  last_lat: null,
  last_lng: null,
  last_seen_at: null,
  is_active: false,
  is_online: false,
  is_on_delivery: false,
  active_order_id: null,
};

/** Ratings stay in the restaurant's and partner's averages; the words (and the reply to them) go. */
export const REVIEW_ERASURE = { comment: null, restaurant_reply: null } as const;

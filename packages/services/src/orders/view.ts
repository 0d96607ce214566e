// orders row → the API's Order (and the list shapes OrderSummary, AdminOrderRow), for the viewer's side of it. One
// Order view serves four audiences; what differs is field-level: customerId for restaurant and admin views, the
// pickup code for the restaurant and the partner, the delivery OTP for the customer only, and what the viewer may do
// next (canCancel, canReview). `orderView` loads what one order needs; lists call `loadOrderContext` once for a page
// (one query per referenced table, not one per order) and `toOrder` per row.
import { Query } from "node-appwrite";
import type { z } from "zod";
import { AddressSnapshotDoc, PricedLinesDoc, type Row } from "@chizze/schema";
import type { AdminOrderRow } from "@chizze/contracts/api/admin";
import type { Order, OrderSummary } from "@chizze/contracts/api/orders";
import { allowedFrom, type OrderEvent } from "@chizze/core";
import type { ActorType, OrderStatus } from "@chizze/schema/enums";
import type { Deps } from "../deps";
import { listAll } from "../catalog/pages";
import { isoUtc, isoUtcOrNull } from "../time";
import { readDoc } from "../json-doc";
import { deliveryOtpFor } from "./codes";
import { rowsById } from "./keyset";
import { amountsOf, type OrderRow } from "./transition";

export type OrderViewer = { userId: string; as: "customer" | "restaurant" | "partner" | "admin" };
type OrderView = z.infer<typeof Order>;
type EventRow = Row<"order_events">;
type RestaurantRow = Row<"restaurants">;
type PartnerRow = Row<"delivery_partners">;

/** Everything toOrder needs beyond the row, loaded once for a page of orders seen by one viewer. */
export interface OrderContext {
  viewer: OrderViewer;
  /** order id → its events in seq order */
  events: ReadonlyMap<string, readonly EventRow[]>;
  restaurants: ReadonlyMap<string, RestaurantRow>;
  /** delivery_partners row id → row */
  partners: ReadonlyMap<string, PartnerRow>;
  /** Orders that already have a review (loaded for the customer view only). */
  reviewed: ReadonlySet<string>;
  codesSecret: string;
}

/** Display-only phone: the country code and the last four digits, e.g. +91******3210. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return "*".repeat(phone.length);
  return `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}

// Which order-machine edges count as "cancel" for each viewer. A restaurant declines a placed order by rejecting it
// (POST /orders/{id}/cancel turns into restaurant_reject there), so both edges count for it; partners never cancel.
const CANCEL_EDGES: Record<OrderViewer["as"], readonly (readonly [OrderEvent, ActorType])[]> = {
  customer: [["customer_cancel", "customer"]],
  restaurant: [
    ["restaurant_reject", "restaurant"],
    ["restaurant_cancel", "restaurant"],
  ],
  partner: [],
  admin: [["admin_cancel", "admin"]],
};
const CANCELLABLE: Record<OrderViewer["as"], ReadonlySet<OrderStatus>> = {
  customer: new Set(CANCEL_EDGES.customer.flatMap(([e, a]) => allowedFrom(e, a))),
  restaurant: new Set(CANCEL_EDGES.restaurant.flatMap(([e, a]) => allowedFrom(e, a))),
  partner: new Set(),
  admin: new Set(CANCEL_EDGES.admin.flatMap(([e, a]) => allowedFrom(e, a))),
};

/** Orders whose events are read per query, and a bound on events per batch (a long-lived order has a few dozen). */
const EVENT_BATCH = 25;
const MAX_EVENTS_PER_BATCH = 2_000;

async function eventsOf(deps: Deps, orderIds: readonly string[]): Promise<Map<string, EventRow[]>> {
  const out = new Map<string, EventRow[]>();
  for (let i = 0; i < orderIds.length; i += EVENT_BATCH) {
    const rows = await listAll(deps.db.order_events, [Query.equal("order_id", orderIds.slice(i, i + EVENT_BATCH)), Query.orderAsc("order_id"), Query.orderAsc("seq")], MAX_EVENTS_PER_BATCH);
    for (const e of rows) {
      const list = out.get(e.order_id);
      if (list) list.push(e);
      else out.set(e.order_id, [e]);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.seq - b.seq);
  return out;
}

/**
 * Loads the events, restaurants, partners and (for customers) reviews that a page of orders refers to, in a handful
 * of queries. `known` rows the caller already holds (the restaurant of a kitchen queue, the partner checked by GET)
 * are not read again.
 */
export async function loadOrderContext(
  deps: Deps,
  rows: readonly OrderRow[],
  viewer: OrderViewer,
  known: { restaurants?: readonly RestaurantRow[]; partners?: readonly PartnerRow[] } = {},
): Promise<OrderContext> {
  const ids = rows.map((r) => r.$id);
  const haveRestaurant = new Set((known.restaurants ?? []).map((r) => r.$id));
  const havePartner = new Set((known.partners ?? []).map((p) => p.$id));
  const [restaurants, partners, events, reviewed] = await Promise.all([
    rowsById((q, p) => deps.db.restaurants.list(q, p), rows.map((r) => r.restaurant_id).filter((id) => !haveRestaurant.has(id))),
    rowsById((q, p) => deps.db.delivery_partners.list(q, p), rows.map((r) => r.delivery_partner_id).filter((id) => id !== null && !havePartner.has(id))),
    eventsOf(deps, ids),
    viewer.as === "customer" && rows.some((r) => r.status === "delivered")
      ? deps.db.reviews.list([Query.equal("order_id", rows.filter((r) => r.status === "delivered").map((r) => r.$id))], { limit: ids.length }).then((p) => new Set(p.rows.map((r) => r.order_id)))
      : Promise.resolve(new Set<string>()),
  ]);
  for (const r of known.restaurants ?? []) restaurants.set(r.$id, r);
  for (const p of known.partners ?? []) partners.set(p.$id, p);
  const missing = rows.filter((r) => !restaurants.has(r.restaurant_id)).map((r) => r.$id);
  if (missing.length > 0) deps.log.warn("orders refer to a missing restaurant", { orders: missing });
  return { viewer, events, restaurants, partners, reviewed, codesSecret: deps.config.codesSecret };
}

// When an order has no events (never written without one; a hand-made or archived row), the timeline is rebuilt
// from the row's own timestamps, which cover every status but `preparing`.
function timelineFromColumns(row: OrderRow): OrderView["timeline"] {
  const steps: [OrderStatus, string | null | undefined][] = [
    [row.payment_method === "online" ? "awaiting_payment" : "placed", row.placed_at],
    ["placed", row.payment_method === "online" ? row.paid_at : null],
    ["accepted", row.accepted_at],
    ["ready", row.ready_at],
    ["picked_up", row.picked_up_at],
    ["delivered", row.delivered_at],
    [row.status, row.cancelled_at],
    ["archived", row.archived_at],
  ];
  return steps.flatMap(([status, at]) => (at ? [{ status, at: isoUtc(at) }] : []));
}

/** One entry per status change, oldest first; the first is the placement, at placedAt. */
function timelineOf(row: OrderRow, events: readonly EventRow[]): OrderView["timeline"] {
  const out: OrderView["timeline"] = [];
  for (const e of events) if (out.at(-1)?.status !== e.to_status) out.push({ status: e.to_status, at: isoUtc(e.at) });
  return out.length > 0 ? out : timelineFromColumns(row);
}

/** The snapshot as one line, e.g. "Flat 4B, Prestige Tower, Indiranagar, Bengaluru 560038". */
function addressLine(a: z.infer<typeof AddressSnapshotDoc>): string {
  return [a.line1, a.line2, a.landmark, a.locality, `${a.city} ${a.pincode}`].filter((part) => part !== null && part.trim() !== "").join(", ");
}

function partnerOf(p: PartnerRow): NonNullable<OrderView["partner"]> {
  return {
    name: p.name,
    phoneMasked: maskPhone(p.phone),
    vehicle: { type: p.vehicle, number: p.vehicle_number ?? null },
    // A partner nobody has rated yet has the column default 0, which is not a rating.
    rating: p.rating_count ? (p.rating ?? null) : null,
  };
}

/** The Order as `ctx.viewer` may see it. */
export function toOrder(row: OrderRow, ctx: OrderContext): OrderView {
  const { as } = ctx.viewer;
  const restaurant = ctx.restaurants.get(row.restaurant_id);
  const partner = row.delivery_partner_id ? ctx.partners.get(row.delivery_partner_id) : undefined;
  const address = readDoc(AddressSnapshotDoc, row.delivery_address);
  return {
    id: row.$id,
    orderNumber: row.order_number,
    status: row.status,
    dispatchState: row.dispatch_state,
    paymentStatus: row.payment_status,
    paymentMethod: row.payment_method,
    // The order keeps no copy of the restaurant's position; a missing restaurant row is logged by loadOrderContext.
    restaurant: { id: row.restaurant_id, name: row.restaurant_name, location: { lat: restaurant?.lat ?? 0, lng: restaurant?.lng ?? 0 } },
    ...(as === "restaurant" || as === "admin" ? { customerId: row.customer_id } : {}),
    items: readDoc(PricedLinesDoc, row.items),
    amounts: amountsOf(row),
    // As in the quote: a coupon that applied is shown by its code even when it came to ₹0.
    discount: row.coupon_code ? { couponCode: row.coupon_code, amountPaise: row.discount_paise } : null,
    deliveryAddress: { label: address.label ?? "", text: addressLine(address), location: { lat: address.lat, lng: address.lng }, instructions: row.delivery_instructions ?? null },
    placedAt: isoUtc(row.placed_at),
    acceptedAt: isoUtcOrNull(row.accepted_at),
    etaAt: isoUtcOrNull(row.eta_at),
    deliveredAt: isoUtcOrNull(row.delivered_at),
    prepTimeMinutes: row.prep_minutes ?? null,
    ...((as === "restaurant" || as === "partner") && row.pickup_code ? { pickupCode: row.pickup_code } : {}),
    ...(as === "customer" ? { deliveryOtp: deliveryOtpFor(ctx.codesSecret, row.$id) } : {}),
    timeline: timelineOf(row, ctx.events.get(row.$id) ?? []),
    // The kitchen's queue leaves `partner` out until one is assigned; everyone else gets null.
    ...(partner ? { partner: partnerOf(partner) } : as === "restaurant" ? {} : { partner: null }),
    cancellation:
      row.cancelled_at && row.cancelled_by && row.cancel_reason
        ? { by: row.cancelled_by, reasonCode: row.cancel_reason, note: row.cancel_note ?? null, at: isoUtc(row.cancelled_at) }
        : null,
    canCancel: CANCELLABLE[as].has(row.status),
    canReview: as === "customer" && row.status === "delivered" && !ctx.reviewed.has(row.$id),
  };
}

/** One order for one viewer (loads its events, restaurant, partner and review). */
export async function orderView(deps: Deps, row: OrderRow, viewer: OrderViewer): Promise<OrderView> {
  return toOrder(row, await loadOrderContext(deps, [row], viewer));
}

/** Lines shown in a summary before "+N more". */
const PREVIEW_LINES = 3;

/** A row of the customer's order history; `restaurant` (for its image) may be missing. */
export function toOrderSummary(row: OrderRow, restaurant: RestaurantRow | undefined): z.infer<typeof OrderSummary> {
  const lines = readDoc(PricedLinesDoc, row.items);
  const shown = lines.slice(0, PREVIEW_LINES).map((l) => `${l.quantity} × ${l.name}${l.variantName ? ` (${l.variantName})` : ""}`);
  if (lines.length > PREVIEW_LINES) shown.push(`+${lines.length - PREVIEW_LINES} more`);
  return {
    id: row.$id,
    orderNumber: row.order_number,
    status: row.status,
    paymentStatus: row.payment_status,
    restaurant: { id: row.restaurant_id, name: row.restaurant_name, imageUrl: restaurant ? (restaurant.logo_url ?? restaurant.cover_url ?? null) : null },
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    itemsPreview: shown.join(", "),
    totalPaise: row.total_paise,
    placedAt: isoUtc(row.placed_at),
    deliveredAt: isoUtcOrNull(row.delivered_at),
  };
}

/** A row of the admin order search. partnerId is the delivery_partners row id, as the filter takes it. */
export function toAdminOrderRow(row: OrderRow): z.infer<typeof AdminOrderRow> {
  return {
    id: row.$id,
    orderNumber: row.order_number,
    status: row.status,
    paymentStatus: row.payment_status,
    paymentMethod: row.payment_method,
    restaurantId: row.restaurant_id,
    restaurantName: row.restaurant_name,
    customerId: row.customer_id,
    partnerId: row.delivery_partner_id ?? null,
    totalPaise: row.total_paise,
    refundedPaise: row.amount_refunded_paise ?? 0,
    razorpayOrderId: row.razorpay_order_id ?? null,
    placedAt: isoUtc(row.placed_at),
    updatedAt: isoUtc(row.$updatedAt),
  };
}

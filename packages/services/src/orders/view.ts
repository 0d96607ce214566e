// orders row → the API's Order, for the viewer's side of it. One view serves four audiences; what differs is
// field-level: customerId for restaurant and admin views, the pickup code for the restaurant and the partner, the
// delivery OTP for the customer only, and what the viewer may do next (canCancel, canReview).
// `orderView` loads what one order needs; lists call `loadOrderContext` once for a page and `toOrder` per row.
import { Query } from "node-appwrite";
import type { z } from "zod";
import type { T} from "@chizze/schema";
import { AddressSnapshotDoc, PricedLinesDoc, type RowOf } from "@chizze/schema";
import type { Order } from "@chizze/contracts/api/orders";
import { allowedFrom, type OrderEvent } from "@chizze/core";
import type { ActorType, OrderStatus } from "@chizze/schema/enums";
import type { Deps } from "../deps";
import { isoUtc, isoUtcOrNull } from "../time";
import { readDoc } from "../json-doc";
import { deliveryOtpFor } from "./codes";
import type { OrderRow } from "./transition";

export type OrderViewer = { userId: string; as: "customer" | "restaurant" | "partner" | "admin" };
type OrderView = z.infer<typeof Order>;
type EventRow = RowOf<typeof T.order_events>;
type RestaurantRow = RowOf<typeof T.restaurants>;
type PartnerRow = RowOf<typeof T.delivery_partners>;

/** What toOrder needs beyond the row, loaded once per page. */
export interface OrderContext {
  events: Map<string, EventRow[]>;
  restaurants: Map<string, RestaurantRow>;
  partners: Map<string, PartnerRow>;
  reviewed: Set<string>;
  codesSecret: string;
}

/** Display-only phone: country code and last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return "*".repeat(phone.length);
  return `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}

const CANCEL_EVENTS: Record<OrderViewer["as"], readonly [OrderEvent, ActorType][]> = {
  customer: [["customer_cancel", "customer"]],
  restaurant: [
    ["restaurant_reject", "restaurant"],
    ["restaurant_cancel", "restaurant"],
  ],
  partner: [],
  admin: [["admin_cancel", "admin"]],
};

function canCancel(status: OrderStatus, as: OrderViewer["as"]): boolean {
  return CANCEL_EVENTS[as].some(([event, actor]) => allowedFrom(event, actor).includes(status));
}

const unique = (xs: (string | null | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => typeof x === "string" && x.length > 0))];

async function byIds<R extends { $id: string }>(list: (q: string[], p: { limit: number }) => Promise<{ rows: R[] }>, ids: string[]): Promise<Map<string, R>> {
  const out = new Map<string, R>();
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    for (const r of (await list([Query.equal("$id", chunk)], { limit: 100 })).rows) out.set(r.$id, r);
  }
  return out;
}

/** Loads events, restaurants, partners and reviews for a page of orders in a handful of queries. */
export async function loadOrderContext(deps: Deps, rows: readonly OrderRow[], opts: { events?: boolean } = {}): Promise<OrderContext> {
  const ids = rows.map((r) => r.$id);
  const [restaurants, partners, events, reviews] = await Promise.all([
    byIds((q, p) => deps.db.restaurants.list(q, p), unique(rows.map((r) => r.restaurant_id))),
    byIds((q, p) => deps.db.delivery_partners.list(q, p), unique(rows.map((r) => r.delivery_partner_id))),
    opts.events === false || ids.length === 0
      ? Promise.resolve([] as EventRow[])
      : (async () => {
          const out: EventRow[] = [];
          for (let i = 0; i < ids.length; i += 25) {
            let cursor: string | null = null;
            do {
              const page: { rows: EventRow[]; nextCursor: string | null } = await deps.db.order_events.list([Query.equal("order_id", ids.slice(i, i + 25)), Query.orderAsc("seq")], { limit: 100, cursor });
              out.push(...page.rows);
              cursor = page.nextCursor;
            } while (cursor);
          }
          return out;
        })(),
    ids.length === 0 ? Promise.resolve({ rows: [] as RowOf<typeof T.reviews>[] }) : deps.db.reviews.list([Query.equal("order_id", ids)], { limit: 100 }),
  ]);
  const byOrder = new Map<string, EventRow[]>();
  for (const e of events) byOrder.set(e.order_id, [...(byOrder.get(e.order_id) ?? []), e]);
  for (const list of byOrder.values()) list.sort((a, b) => a.seq - b.seq);
  return { events: byOrder, restaurants, partners, reviewed: new Set(reviews.rows.map((r) => r.order_id)), codesSecret: deps.config.codesSecret };
}

/** The Order as `viewer` may see it. */
export function toOrder(row: OrderRow, viewer: OrderViewer, ctx: OrderContext): OrderView {
  const restaurant = ctx.restaurants.get(row.restaurant_id);
  const partner = row.delivery_partner_id ? ctx.partners.get(row.delivery_partner_id) : undefined;
  const address = readDoc(AddressSnapshotDoc, row.delivery_address);
  const events = ctx.events.get(row.$id) ?? [];
  const timeline: OrderView["timeline"] = [];
  for (const e of events) if (timeline.at(-1)?.status !== e.to_status) timeline.push({ status: e.to_status, at: isoUtc(e.at) });
  if (timeline.length === 0) timeline.push({ status: row.status, at: isoUtc(row.placed_at) });
  const sees = { restaurantSide: viewer.as === "restaurant" || viewer.as === "admin", handover: viewer.as === "restaurant" || viewer.as === "partner" };
  const addressText = [address.line1, address.line2, address.landmark, address.locality, address.city, address.pincode].filter(Boolean).join(", ");
  return {
    id: row.$id,
    orderNumber: row.order_number,
    status: row.status,
    dispatchState: row.dispatch_state,
    paymentStatus: row.payment_status,
    paymentMethod: row.payment_method,
    restaurant: { id: row.restaurant_id, name: row.restaurant_name, location: { lat: restaurant?.lat ?? 0, lng: restaurant?.lng ?? 0 } },
    ...(sees.restaurantSide ? { customerId: row.customer_id } : {}),
    items: readDoc(PricedLinesDoc, row.items),
    amounts: {
      itemsPaise: row.item_total_paise,
      fees: { packagingPaise: row.packaging_paise, deliveryPaise: row.delivery_fee_paise, surgePaise: row.surge_paise, platformPaise: row.platform_fee_paise },
      taxes: { gstFoodPaise: row.gst_food_paise, gstFeesPaise: row.gst_fees_paise },
      discountPaise: row.discount_paise,
      tipPaise: row.tip_paise,
      totalPaise: row.total_paise,
    },
    discount: row.coupon_code && row.discount_paise > 0 ? { couponCode: row.coupon_code, amountPaise: row.discount_paise } : null,
    deliveryAddress: { label: address.label ?? "", text: addressText, location: { lat: address.lat, lng: address.lng }, instructions: row.delivery_instructions ?? null },
    placedAt: isoUtc(row.placed_at),
    acceptedAt: isoUtcOrNull(row.accepted_at),
    etaAt: isoUtcOrNull(row.eta_at),
    deliveredAt: isoUtcOrNull(row.delivered_at),
    prepTimeMinutes: row.prep_minutes ?? null,
    ...(sees.handover && row.pickup_code ? { pickupCode: row.pickup_code } : {}),
    ...(viewer.as === "customer" ? { deliveryOtp: deliveryOtpFor(ctx.codesSecret, row.$id) } : {}),
    timeline,
    ...(viewer.as === "restaurant" && !partner
      ? {}
      : {
          partner: partner
            ? { name: partner.name, phoneMasked: maskPhone(partner.phone), vehicle: { type: partner.vehicle, number: partner.vehicle_number ?? null }, rating: partner.rating_count ? (partner.rating ?? null) : null }
            : null,
        }),
    cancellation:
      row.cancelled_at && row.cancelled_by && row.cancel_reason
        ? { by: row.cancelled_by, reasonCode: row.cancel_reason, note: row.cancel_note ?? null, at: isoUtc(row.cancelled_at) }
        : null,
    canCancel: canCancel(row.status, viewer.as),
    canReview: viewer.as === "customer" && row.status === "delivered" && !ctx.reviewed.has(row.$id),
  };
}

/** One order for one viewer (loads its events, restaurant, partner and review). */
export async function orderView(deps: Deps, row: OrderRow, viewer: OrderViewer): Promise<OrderView> {
  return toOrder(row, viewer, await loadOrderContext(deps, [row]));
}

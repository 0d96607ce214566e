// Orders written straight into the database for read-side tests, shaped as the write side leaves them: a restaurant
// (with its owner's user id), delivery partners, and orders at any stage with the order_events trail that got them
// there (seq = the order's version, one row per applied event, including events that leave the status alone), the
// row columns each transition sets, and the row permissions the functions give orders (customer, owner, partner).
// Everything goes through the typed repositories, so a fixture that drifts from the schema fails here, not later.
import { TablesDB } from "node-appwrite";
import { rowPermissions, type PricedLines, type Row } from "@chizze/schema";
import type { ActorType, OrderStatus, PaymentMethod } from "@chizze/schema/enums";
import { initialOrderState, sha256Hex } from "@chizze/core";
import { DEV_CODES_SECRET } from "@chizze/platform/config";
import { createDb, type Db } from "@chizze/services/deps";
import { deliveryOtpHashFor } from "@chizze/services/orders/codes";
import { orderEventIdFor } from "@chizze/services/orders/transition";
import type { TestStack } from "./stack";

export type RestaurantRow = Row<"restaurants">;
export type PartnerRow = Row<"delivery_partners">;
export type OrderRow = Row<"orders">;

const MIN_MS = 60_000;
/** Minutes between consecutive events of a fixture order. */
const STEP_MIN = 4;

export interface FixtureLine {
  name: string;
  quantity: number;
  unitPaise: number;
  variantName?: string;
}

export interface OrderSpec {
  customerId: string;
  restaurant: RestaurantRow;
  /** Where the order has got to. Cancelled = by the customer before acceptance; rejected = by the kitchen. */
  status: Extract<OrderStatus, "awaiting_payment" | "placed" | "accepted" | "preparing" | "ready" | "picked_up" | "delivered" | "cancelled" | "rejected">;
  placedAt: Date;
  paymentMethod?: PaymentMethod;
  /** Assigned on acceptance (ignored for orders that never got that far). */
  partner?: PartnerRow;
  lines?: FixtureLine[];
  couponCode?: string;
  discountPaise?: number;
  id?: string;
}

/** One applied event: what it was, who did it, and the status after it (the same status for a no-op). */
interface Step {
  event: string;
  actor: ActorType;
  to: OrderStatus;
}

const DEFAULT_LINES: FixtureLine[] = [
  { name: "Chicken Biryani", quantity: 2, unitPaise: 28_000 },
  { name: "Raita", quantity: 1, unitPaise: 4_000 },
];

/** The events that take an order to `spec.status`, as the order machine would have applied them. */
function stepsTo(spec: OrderSpec, method: PaymentMethod): Step[] {
  const steps: Step[] = [{ event: "place", actor: "customer", to: initialOrderState(method).status }];
  if (spec.status === "awaiting_payment") return steps;
  if (method === "online") {
    // Authorisation changes nothing by itself: the timeline must not show it as a second awaiting_payment.
    steps.push({ event: "payment_authorized", actor: "razorpay", to: "awaiting_payment" }, { event: "payment_captured", actor: "razorpay", to: "placed" });
  }
  if (spec.status === "cancelled") return [...steps, { event: "customer_cancel", actor: "customer", to: "cancelled" }];
  if (spec.status === "rejected") return [...steps, { event: "restaurant_reject", actor: "restaurant", to: "rejected" }];
  const path: Step[] = [
    { event: "restaurant_accept", actor: "restaurant", to: "accepted" },
    { event: "partner_assigned", actor: "system", to: "accepted" },
    { event: "mark_preparing", actor: "restaurant", to: "preparing" },
    { event: "mark_ready", actor: "restaurant", to: "ready" },
    { event: "partner_pickup", actor: "partner", to: "picked_up" },
    { event: "partner_deliver", actor: "partner", to: "delivered" },
  ];
  for (const s of path) {
    if (steps.at(-1)?.to === spec.status) break;
    if (s.event === "partner_assigned" && !spec.partner) continue;
    steps.push(s);
  }
  return steps;
}

function priced(lines: FixtureLine[], restaurantId: string): PricedLines {
  return lines.map((l, i) => ({
    itemId: `itm_${restaurantId.slice(4, 12)}_${i + 1}`,
    variantId: null,
    name: l.name,
    variantName: l.variantName ?? null,
    isVeg: false,
    quantity: l.quantity,
    unitPaise: l.unitPaise,
    addons: [],
    notes: null,
    totalPaise: l.unitPaise * l.quantity,
  }));
}

export interface OrderFixtures {
  db: Db;
  restaurant(n: number, ownerId: string, name?: string): Promise<RestaurantRow>;
  partner(n: number, userId: string): Promise<PartnerRow>;
  order(spec: OrderSpec): Promise<OrderRow>;
  review(order: OrderRow): Promise<void>;
}

export function orderFixtures(stack: TestStack): OrderFixtures {
  const db = createDb(new TablesDB(stack.admin()), true);
  let orderSeq = 0;

  return {
    db,

    async restaurant(n, ownerId, name = `Test Kitchen ${n}`) {
      const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      return db.restaurants.upsert(`rst_t${String(n).padStart(4, "0")}`, {
        owner_id: ownerId,
        name,
        slug: `${slug}-${n}`,
        address: `${n} 27th Main, HSR Layout`,
        locality: "HSR Layout",
        city: "Bengaluru",
        pincode: "560102",
        lat: 12.9116 + n / 1_000,
        lng: 77.6389 + n / 1_000,
        is_online: true,
        is_approved: true,
        logo_url: `https://img.chizze.in/r/rst_t${n}/logo.webp`,
      });
    },

    async partner(n, userId) {
      return db.delivery_partners.upsert(
        `prt_t${String(n).padStart(4, "0")}`,
        {
          user_id: userId,
          name: `Rider ${n}`,
          phone: `+9198765432${String(n).padStart(2, "0")}`,
          vehicle: "scooter",
          vehicle_number: `KA01AB${String(1000 + n)}`,
          city: "Bengaluru",
          is_online: true,
          rating: 4.6,
          rating_count: 12,
        },
        rowPermissions.owner(userId),
      );
    },

    async order(spec) {
      orderSeq += 1;
      const method = spec.paymentMethod ?? "cod";
      const id = spec.id ?? `ord_t${String(orderSeq).padStart(6, "0")}_${spec.customerId.slice(-4)}`;
      const steps = stepsTo(spec, method);
      const t = (i: number) => new Date(spec.placedAt.getTime() + i * STEP_MIN * MIN_MS).toISOString();
      const reached = (status: OrderStatus) => steps.findIndex((s) => s.to === status);
      const at = (status: OrderStatus) => (reached(status) >= 0 ? t(reached(status)) : null);
      const partner = spec.partner && reached("accepted") >= 0 ? spec.partner : undefined;

      const lines = priced(spec.lines ?? DEFAULT_LINES, spec.restaurant.$id);
      const items = lines.reduce((s, l) => s + l.totalPaise, 0);
      const fees = { packaging: 2_000, delivery: 3_000, surge: 0, platform: 500 };
      const gstFood = Math.round(items * 0.05);
      const gstFees = Math.round((fees.packaging + fees.delivery + fees.platform) * 0.18);
      const discount = spec.discountPaise ?? 0;
      const total = items + fees.packaging + fees.delivery + fees.surge + fees.platform + gstFood + gstFees - discount;

      const final = steps.at(-1)!.to;
      const cancelled = final === "cancelled" || final === "rejected";
      const live = ["accepted", "preparing", "ready", "picked_up"].includes(final);
      const dispatch = final === "delivered" ? "delivered" : final === "picked_up" ? "picked_up" : live ? (partner ? "assigned" : "searching") : "none";
      const paid = method === "online" ? (reached("placed") >= 0 ? "captured" : "pending") : final === "delivered" ? "cod_collected" : "cod_pending";
      const day = spec.placedAt.toISOString().slice(2, 10).replaceAll("-", "");

      const row = await db.orders.create(
        id,
        {
          order_number: `CHZ-${day}-${String(orderSeq).padStart(4, "0")}`,
          customer_id: spec.customerId,
          restaurant_id: spec.restaurant.$id,
          restaurant_owner_id: spec.restaurant.owner_id,
          restaurant_name: spec.restaurant.name,
          delivery_partner_id: partner?.$id ?? null,
          quote_id: `qte_${id.slice(4)}`,
          idempotency_key_hash: sha256Hex(`fixture|${id}`),
          status: final,
          dispatch_state: dispatch,
          payment_method: method,
          payment_status: paid,
          version: steps.length,
          items: JSON.stringify(lines),
          item_total_paise: items,
          packaging_paise: fees.packaging,
          delivery_fee_paise: fees.delivery,
          surge_paise: fees.surge,
          platform_fee_paise: fees.platform,
          gst_food_paise: gstFood,
          gst_fees_paise: gstFees,
          discount_paise: discount,
          tip_paise: 0,
          total_paise: total,
          amount_refunded_paise: 0,
          coupon_code: spec.couponCode ?? null,
          delivery_instructions: "Ring twice",
          delivery_address: JSON.stringify(fixtureDeliveryAddress(spec.customerId)),
          delivery_lat: 12.9121,
          delivery_lng: 77.6446,
          distance_m: 2_400,
          city: "Bengaluru",
          placed_at: spec.placedAt.toISOString(),
          paid_at: method === "online" ? at("placed") : null,
          accepted_at: at("accepted"),
          prep_minutes: reached("accepted") >= 0 ? 20 : null,
          ready_at: at("ready"),
          partner_assigned_at: partner ? at("accepted") : null,
          picked_up_at: at("picked_up"),
          delivered_at: at("delivered"),
          eta_at: live ? new Date(spec.placedAt.getTime() + 40 * MIN_MS).toISOString() : null,
          cancelled_at: cancelled ? t(steps.length - 1) : null,
          cancelled_by: final === "cancelled" ? "customer" : final === "rejected" ? "restaurant" : null,
          cancel_reason: final === "cancelled" ? "changed_mind" : final === "rejected" ? "restaurant_rejected" : null,
          reject_reason: final === "rejected" ? "too_busy" : null,
          pickup_code: String(1000 + orderSeq).slice(-4),
          delivery_otp_hash: deliveryOtpHashFor(DEV_CODES_SECRET, id),
          delivery_otp_attempts: 0,
        },
        rowPermissions.order({ customerId: spec.customerId, restaurantOwnerId: spec.restaurant.owner_id, partnerUserId: partner?.user_id ?? null }),
      );

      const readers = rowPermissions.order({ customerId: spec.customerId, restaurantOwnerId: spec.restaurant.owner_id, partnerUserId: partner?.user_id ?? null });
      // Written newest first, so the read side cannot rely on the database's insertion order.
      for (let i = steps.length - 1; i >= 0; i--) {
        const s = steps[i]!;
        await db.order_events.create(
          orderEventIdFor(id, i + 1),
          {
            order_id: id,
            seq: i + 1,
            event: s.event,
            from_status: i === 0 ? null : steps[i - 1]!.to,
            to_status: s.to,
            actor_type: s.actor,
            actor_id: s.actor === "customer" ? spec.customerId : s.actor === "restaurant" ? spec.restaurant.owner_id : s.actor === "partner" ? (partner?.user_id ?? null) : null,
            at: t(i),
          },
          readers,
        );
      }
      return row;
    },

    async review(order) {
      await db.reviews.create(
        `rev_${order.$id.slice(4)}`,
        {
          order_id: order.$id,
          restaurant_id: order.restaurant_id,
          customer_id: order.customer_id,
          delivery_partner_id: order.delivery_partner_id,
          food_rating: 5,
          delivery_rating: 4,
          comment: "Hot and on time",
          created_at: new Date(Date.parse(order.delivered_at ?? order.placed_at) + 30 * MIN_MS).toISOString(),
        },
        rowPermissions.customer(order.customer_id),
      );
    },
  };
}

/** The delivery address a fixture order carries (HSR Layout, Bengaluru), as orders.delivery_address stores it. */
export function fixtureDeliveryAddress(customerId: string) {
  return {
    addressId: `adr_${customerId.slice(4)}`,
    label: "home",
    line1: "Flat 4B, Prestige Tower",
    line2: null,
    landmark: null,
    locality: "HSR Layout",
    city: "Bengaluru",
    state: "Karnataka",
    pincode: "560102",
    lat: 12.9121,
    lng: 77.6446,
    contactName: null,
    contactPhone: null,
  };
}

// POST /orders: place an order from a quote, exactly once per (user, Idempotency-Key) — invariant I1.
//
// Three layers, fastest first (reliability note §0.1–0.2):
//   1. Redis claim (platform/redis/idempotency): concurrent retries get 409 in flight; finished ones replay the stored
//      201 body; another body under the same key → 422. Redis down → carry on: layer 2 still holds.
//   2. The order row id IS the idempotency record: ord_ + h(user, route, key). A retry that finds the row answers
//      from it (and finishes an interrupted Razorpay step); a second create of the same id cannot commit.
//   3. One Appwrite transaction writes the order, its first event, the stock decrements (min 0, I9), the coupon slot
//      and global count (max = limit, I10) and marks the quote used — all or nothing.
// Online orders then get their Razorpay order (receipt = order id, unique_receipt: a retried create returns the same
// order, I2), stored before the checkout data is returned. COD orders are placed at once and start the accept timer.
import { Query } from "node-appwrite";
import type { z } from "zod";
import { PricedLinesDoc, T, rowPermissions, type RowOf } from "@chizze/schema";
import { ApiError } from "@chizze/contracts/errors";
import type { PlaceOrderRequest, PlaceOrderResponse } from "@chizze/contracts/api/orders";
import { PLACE_ORDER_ROUTE_ID, idempotencyKeyHash, initialOrderState, orderIdFor, orderNumberFromId, redemptionIdFor } from "@chizze/core";
import { BoundExceeded, Conflict, isInfraFailure } from "@chizze/platform/errors";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import { claim, complete, fingerprintOf, release, type Claim } from "@chizze/platform/redis/idempotency";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { notFound } from "../caller";
import { readDoc, writeDoc } from "../json-doc";
import { deliveryOtpHashFor, newPickupCode } from "./codes";
import { orderEventIdFor, orderReaders, paymentRowIdFor, type OrderRow } from "./transition";
import { orderView, toOrder } from "./view";
import { paymentGateway } from "../payments/gateway";
import { observeOrderEntered } from "./metrics";

type Response = z.infer<typeof PlaceOrderResponse>;
export interface PlaceResult {
  status: number;
  body: unknown;
}

/** Statuses a live quote can be used from. */
const QUOTE_USABLE = "active";

/**
 * Places the order (or replays the first answer for this key).
 * @example const { status, body } = await placeOrder(deps, caller, { quoteId }, idempotencyKey)
 */
export async function placeOrder(deps: Deps, caller: Caller, input: z.infer<typeof PlaceOrderRequest>, idempotencyKey: string): Promise<PlaceResult> {
  const fingerprint = await fingerprintOf(input);
  let held: Claim | null = null;
  if (deps.redis) {
    const c = await claim(deps.redis, caller.userId, PLACE_ORDER_ROUTE_ID, idempotencyKey, fingerprint);
    if (c.kind === "replay") return { status: c.status, body: c.body };
    if (c.kind === "in_flight") throw new ApiError("idempotency_in_flight");
    if (c.kind === "mismatch") throw new ApiError("idempotency_key_reused");
    if (c.kind === "new") held = c.claim;
    else deps.log.warn("idempotency claim unavailable; relying on the order row id", { error: c.error.message });
  }
  try {
    const body = await placeDurably(deps, caller, input, idempotencyKey);
    const result = { status: 201, body };
    if (held && deps.redis) await complete(deps.redis, held, result);
    return result;
  } catch (err) {
    // Nothing durable was written for failed validation or a dependency outage before the transaction: let the
    // client's retry run again. After a commit the order row answers the retry (layer 2), so releasing is safe too.
    if (held && deps.redis) await release(deps.redis, held);
    throw err;
  }
}

async function placeDurably(deps: Deps, caller: Caller, input: z.infer<typeof PlaceOrderRequest>, idempotencyKey: string): Promise<Response> {
  const orderId = orderIdFor(caller.userId, idempotencyKey);
  const now = deps.now();
  const quote = await deps.db.quotes.get(input.quoteId);
  if (!quote || quote.user_id !== caller.userId) throw notFound("Quote");
  // A retry whose first attempt committed (its reply was lost, and Redis forgot the claim): answer from the order.
  if (quote.status === "used" && quote.order_id === orderId) return respondExisting(deps, caller, orderId, input.quoteId);
  if (quote.status !== QUOTE_USABLE) throw new ApiError("conflict", "This quote was already used for an order; ask for a new quote");
  if (new Date(quote.expires_at).getTime() <= now.getTime()) throw new ApiError("quote_expired", "The quote expired; ask for a new quote");
  if (input.paymentMethod && input.paymentMethod !== quote.payment_method) throw new ApiError("unprocessable", "paymentMethod differs from the quote's; ask for a new quote");
  if (input.addressId && input.addressId !== quote.address_id) throw new ApiError("unprocessable", "addressId differs from the quote's; ask for a new quote");

  // Availability is re-checked against the live menu; stock is enforced by the bounded decrement at commit.
  const quantities = new Map<string, number>();
  const lines = readDoc(PricedLinesDoc, quote.lines);
  for (const line of lines) quantities.set(line.itemId, (quantities.get(line.itemId) ?? 0) + line.quantity);
  const [restaurant, address, items, coupon] = await Promise.all([
    deps.db.restaurants.get(quote.restaurant_id),
    deps.db.addresses.get(quote.address_id),
    deps.db.menu_items.list([Query.equal("$id", [...quantities.keys()])], { limit: 100 }),
    quote.coupon_id ? deps.db.coupons.get(quote.coupon_id) : Promise.resolve(null),
  ]);
  if (!restaurant || !restaurant.is_approved || !restaurant.is_online) throw new ApiError("not_serviceable", "The restaurant is not taking orders right now");
  if (!address || address.user_id !== caller.userId) throw new ApiError("unprocessable", "The quote's delivery address no longer exists; ask for a new quote");
  const byId = new Map(items.rows.map((i) => [i.$id, i]));
  for (const [itemId] of quantities) {
    const item = byId.get(itemId);
    if (!item || item.restaurant_id !== restaurant.$id || !item.is_available) throw new ApiError("item_unavailable", `${item?.name ?? itemId} is no longer available; ask for a new quote`);
  }
  const stock = [...quantities].filter(([itemId]) => byId.get(itemId)?.stock !== null).map(([itemId, quantity]) => ({ itemId, quantity }));
  for (const s of stock) {
    const left = byId.get(s.itemId)?.stock ?? 0;
    if (left < s.quantity) throw new ApiError("item_unavailable", `Only ${left} × ${byId.get(s.itemId)?.name ?? s.itemId} left`);
  }
  if (quote.coupon_id && (!coupon || !coupon.is_active)) throw new ApiError("coupon_invalid", "The coupon is no longer valid; ask for a new quote");

  const initial = initialOrderState(quote.payment_method);
  const nowIso = now.toISOString();
  const base = {
    order_number: orderNumberFromId(orderId, now),
    customer_id: caller.userId,
    restaurant_id: restaurant.$id,
    restaurant_owner_id: restaurant.owner_id,
    restaurant_name: restaurant.name,
    delivery_partner_id: null,
    quote_id: quote.$id,
    idempotency_key_hash: idempotencyKeyHash(caller.userId, PLACE_ORDER_ROUTE_ID, idempotencyKey),
    status: initial.status,
    dispatch_state: initial.dispatchState,
    payment_method: quote.payment_method,
    payment_status: initial.paymentStatus,
    version: 1,
    items: quote.lines,
    item_total_paise: quote.item_total_paise,
    packaging_paise: quote.packaging_paise,
    delivery_fee_paise: quote.delivery_fee_paise,
    surge_paise: quote.surge_paise,
    platform_fee_paise: quote.platform_fee_paise,
    gst_food_paise: quote.gst_food_paise,
    gst_fees_paise: quote.gst_fees_paise,
    discount_paise: quote.discount_paise,
    tip_paise: quote.tip_paise,
    total_paise: quote.total_paise,
    amount_refunded_paise: 0,
    coupon_code: quote.coupon_code,
    coupon_id: quote.coupon_id,
    special_instructions: null,
    delivery_instructions: address.instructions ?? null,
    delivery_address: writeDoc({
      addressId: address.$id,
      label: address.custom_label ?? address.label,
      line1: address.line1,
      line2: address.line2 ?? null,
      landmark: address.landmark ?? null,
      locality: address.locality ?? null,
      city: address.city,
      state: address.state,
      pincode: address.pincode,
      lat: address.lat,
      lng: address.lng,
      contactName: address.contact_name ?? null,
      contactPhone: address.contact_phone ?? null,
    }),
    delivery_lat: address.lat,
    delivery_lng: address.lng,
    distance_m: quote.distance_m,
    city: address.city,
    zone_id: quote.zone_id,
    placed_at: nowIso,
    paid_at: null,
    accept_deadline_at: initial.status === "placed" ? new Date(now.getTime() + (restaurant.accept_deadline_sec ?? 180) * 1000).toISOString() : null,
    accepted_at: null,
    prep_minutes: null,
    ready_at: null,
    partner_assigned_at: null,
    picked_up_at: null,
    delivered_at: null,
    eta_at: null,
    cancelled_at: null,
    cancelled_by: null,
    cancel_reason: null,
    cancel_note: null,
    reject_reason: null,
    pickup_code: newPickupCode(),
    delivery_otp_hash: deliveryOtpHashFor(deps.config.codesSecret, orderId),
    delivery_otp_attempts: 0,
    razorpay_order_id: null,
    archived_at: null,
  } satisfies Parameters<typeof deps.db.orders.create>[1];

  const commitPlacement = async (attempt: number): Promise<OrderRow | null> => {
    try {
      // No read of the quote inside the transaction: orders.quote_id is unique, so two orders from one quote (two
      // keys racing) cannot both commit; the loser gets Conflict below.
      return await withTransaction(deps.tablesDB, async (tx) => {
        let redemptionId: string | null = null;
        if (coupon) {
          const mine = await deps.db.coupon_redemptions.list([Query.equal("coupon_id", coupon.$id), Query.equal("user_id", caller.userId)], { limit: 100 });
          const taken = new Set(mine.rows.map((r) => r.slot));
          const slot = Array.from({ length: coupon.per_user_limit ?? 1 }, (_, i: number) => i + 1).find((s) => !taken.has(s));
          if (slot === undefined) throw new ApiError("coupon_invalid", "You have already used this coupon");
          redemptionId = redemptionIdFor(coupon.$id, caller.userId, slot);
          tx.create(T.coupon_redemptions, redemptionId, {
            coupon_id: coupon.$id,
            code: coupon.code,
            user_id: caller.userId,
            slot,
            order_id: orderId,
            status: initial.status === "placed" ? "redeemed" : "reserved",
            discount_paise: quote.discount_paise,
            reserved_at: nowIso,
            redeemed_at: initial.status === "placed" ? nowIso : null,
            released_at: null,
          });
          tx.increment(T.coupons, coupon.$id, "used_count", 1, coupon.global_limit !== null ? { max: coupon.global_limit } : {});
        }
        for (const s of stock) tx.decrement(T.menu_items, s.itemId, "stock", s.quantity, { min: 0 });
        tx.create(T.orders, orderId, base, orderReaders(base));
        tx.create(
          T.order_events,
          orderEventIdFor(orderId, 1),
          {
            order_id: orderId,
            seq: 1,
            event: "place",
            from_status: null,
            to_status: initial.status,
            dispatch_state: initial.dispatchState,
            payment_status: initial.paymentStatus,
            actor_type: "customer",
            actor_id: caller.userId,
            reason: null,
            at: nowIso,
            data: writeDoc({ stock, redemptionId }),
          },
          orderReaders(base),
        );
        tx.update(T.quotes, quote.$id, { status: "used", order_id: orderId });
        return { ...base, $id: orderId } as unknown as OrderRow;
      });
    } catch (err) {
      if (err instanceof BoundExceeded) throw await explainBound(deps, coupon?.$id ?? null);
      if (err instanceof Conflict) {
        // The same key raced us and won (layer 2), the key was used before with another quote, another key took
        // this quote, or the same user's parallel order took the coupon slot.
        const won = await deps.db.orders.get(orderId);
        if (won) throw new Replay(won);
        const q = await deps.db.quotes.get(quote.$id);
        if (q?.status === "used") throw new ApiError("conflict", "This quote was already used for an order; ask for a new quote");
        // Nothing of ours committed and the quote is free: the order number or the coupon slot was taken. Try again
        // with the next number; a taken coupon slot is then seen when the slots are listed.
        if (attempt < MAX_NUMBER_ATTEMPTS) return null;
        throw new ApiError(coupon ? "coupon_invalid" : "conflict", coupon ? "You have already used this coupon" : "Could not allocate an order number; retry");
      }
      throw err;
    }
  };

  let row: OrderRow | null = null;
  // The human order number is 8 digits of a hash of the order id per day, unique by index: a collision (about one
  // in 27 000 pairs of a day's orders… i.e. expected within a busy day) fails the commit with Conflict and the
  // placement runs again with the next candidate number.
  try {
    for (let attempt = 0; row === null; attempt++) {
      base.order_number = orderNumberFromId(orderId, now, attempt);
      row = await commitPlacement(attempt);
    }
  } catch (err) {
    if (err instanceof Replay) return respondExisting(deps, caller, orderId, input.quoteId, err.order);
    throw err;
  }
  observeOrderEntered(deps, row);
  return respond(deps, caller, await ensureRazorpayOrder(deps, row), restaurant);

}

const MAX_NUMBER_ATTEMPTS = 4;

/** The order this key already made turned up during placement: answer from it. */
class Replay extends Error {
  constructor(readonly order: OrderRow) {
    super("replay");
  }
}

/** The order this key already made: the same quote replays it; another quote under the same key is 422. */
async function respondExisting(deps: Deps, caller: Caller, orderId: string, quoteId: string, known?: OrderRow): Promise<Response> {
  const existing = known ?? (await deps.db.orders.get(orderId));
  if (!existing || existing.customer_id !== caller.userId) throw new ApiError("conflict", "This quote was already used for an order; ask for a new quote");
  if (existing.quote_id !== quoteId) throw new ApiError("idempotency_key_reused");
  return respond(deps, caller, await ensureRazorpayOrder(deps, existing));
}

/** After a BoundExceeded at commit: was it the coupon's global limit or an item's stock? */
async function explainBound(deps: Deps, couponId: string | null): Promise<ApiError> {
  if (couponId) {
    const c = await deps.db.coupons.get(couponId);
    if (c && c.global_limit !== null && (c.used_count ?? 0) >= c.global_limit) return new ApiError("coupon_invalid", "This coupon has run out");
  }
  return new ApiError("item_unavailable", "An item sold out while you were ordering; ask for a new quote");
}

/**
 * Online orders: create (or find again) the Razorpay order and store its id before anyone sees checkout data.
 * Razorpay down → 503 with Retry-After; the retry with the same key lands here again and finishes the step.
 */
async function ensureRazorpayOrder(deps: Deps, row: OrderRow): Promise<OrderRow> {
  if (row.payment_method !== "online" || row.razorpay_order_id) return row;
  if (row.status !== "awaiting_payment") return row;
  let rzpOrder;
  try {
    rzpOrder = await paymentGateway(deps).createOrder({ amountPaise: row.total_paise, receipt: row.$id, notes: { order_id: row.$id, customer_id: row.customer_id } });
  } catch (err) {
    if (isInfraFailure(err)) throw new ApiError("dependency_unavailable", "Payments are unavailable; retry with the same Idempotency-Key", { cause: err, headers: { "retry-after": "5" } });
    throw err;
  }
  try {
    await deps.db.payments.create(
      paymentRowIdFor(row.$id),
      {
        order_id: row.$id,
        customer_id: row.customer_id,
        razorpay_order_id: rzpOrder.id,
        razorpay_payment_id: null,
        status: "pending",
        amount_paise: row.total_paise,
        currency: "INR",
        method: null,
        authorized_at: null,
        captured_at: null,
        failed_at: null,
        error_code: null,
        error_description: null,
        amount_refunded_paise: 0,
        last_event_at: null,
      },
      rowPermissions.customer(row.customer_id),
    );
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
  }
  return deps.db.orders.update(row.$id, { razorpay_order_id: rzpOrder.id });
}

async function respond(deps: Deps, caller: Caller, row: OrderRow, restaurant?: RowOf<typeof T.restaurants>): Promise<Response> {
  const viewer = { userId: caller.userId, as: "customer" as const };
  // A just-placed order needs no reads to be shown: its restaurant is at hand and its timeline is its placement.
  const order = restaurant
    ? toOrder(row, { viewer, events: new Map(), restaurants: new Map([[restaurant.$id, restaurant]]), partners: new Map(), reviewed: new Set(), codesSecret: deps.config.codesSecret })
    : await orderView(deps, row, viewer);
  const payment =
    row.payment_method === "online" && row.razorpay_order_id
      ? { razorpayOrderId: row.razorpay_order_id, keyId: deps.config.razorpay.keyId, amountPaise: row.total_paise, currency: "INR" as const }
      : null;
  return { order, payment };
}

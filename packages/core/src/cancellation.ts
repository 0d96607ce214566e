// Who may cancel at which stage comes from the order machine (one table); this file decides the money: which
// components of what the customer paid go back. Policy (defaults, configurable):
//   before the restaurant accepts (awaiting_payment, placed) ........ everything back
//   customer, after accept, before cooking starts (accepted) ......... everything but the platform fee (+ its GST)
//   customer, while cooking (preparing) .............................. delivery, surge, tip and their GST back;
//                                                                      food, packaging and platform fee kept (the restaurant is paid for cooked food)
//   customer, once ready or later ..................................... not allowed (admin only, order machine)
//   restaurant reject/cancel, accept timeout, system, admin ........... everything back
// Components always sum exactly and never exceed what was paid minus what was already refunded. COD orders
// have nothing captured, so nothing is refunded, but stock and coupon are still released (machine effects).
import type { ActorType, CancelReason, OrderStatus, PaymentMethod, PaymentStatus, RefundReason } from "@chizze/schema/enums";
import { allocate } from "./money";
import { CAPTURED_STATUSES, transition } from "./order-machine";
import type { OrderEffect, OrderEvent } from "./order-machine";
import type { Amounts } from "./pricing";

export type CancelEvent = Extract<OrderEvent, "customer_cancel" | "restaurant_cancel" | "admin_cancel" | "system_cancel" | "restaurant_reject" | "accept_timeout">;

/** Refundable parts of an order (schema RefundComponentsDoc) plus their sum. */
export interface RefundBreakdown {
  itemsPaise: number;
  packagingPaise: number;
  /** Delivery fee and surge. */
  deliveryPaise: number;
  platformPaise: number;
  taxesPaise: number;
  tipPaise: number;
  totalPaise: number;
}

export type RetainableComponent = "items" | "packaging" | "delivery" | "platform" | "tip";

export interface CancellationConfig {
  /** What a customer cancelling at each stage does NOT get back (the taxes on those components follow them). */
  customerRetains: Partial<Record<OrderStatus, readonly RetainableComponent[]>>;
  /** Admin cancellations: full refund by default; ops can keep components for abuse cases. */
  adminRetains: readonly RetainableComponent[];
  /** Must match the pricing config that priced the order, to split GST between components. */
  packagingTaxedAs: "food" | "fees";
}

export const DEFAULT_CANCELLATION_CONFIG: CancellationConfig = {
  customerRetains: { accepted: ["platform"], preparing: ["items", "packaging", "platform"] },
  adminRetains: [],
  packagingTaxedAs: "food",
};

export interface CancellationInput {
  status: OrderStatus;
  event: CancelEvent;
  actor: ActorType;
  paymentMethod: PaymentMethod;
  paymentStatus: PaymentStatus;
  amounts: Amounts;
  /** orders.amount_refunded_paise: refunds already made (partial refunds before the cancellation). */
  amountRefundedPaise: number;
  hasCoupon?: boolean;
}

export type CancellationDecision =
  | {
      ok: true;
      to: OrderStatus;
      cancelReason: CancelReason | null;
      refundReason: RefundReason;
      /** What goes back to the customer now (all zero for COD or when nothing was captured). */
      refund: RefundBreakdown;
      /** What the customer paid that is kept (for the ledger's retained settlement). */
      retained: RefundBreakdown;
      effects: OrderEffect[];
    }
  | { ok: false; code: "illegal_transition"; reason: string };

const ZERO: RefundBreakdown = { itemsPaise: 0, packagingPaise: 0, deliveryPaise: 0, platformPaise: 0, taxesPaise: 0, tipPaise: 0, totalPaise: 0 };

/**
 * What the customer paid, by refundable component: items net of the discount, delivery with surge, and GST.
 * The parts sum to amounts.totalPaise.
 * @example paidComponents(order.amounts).totalPaise === order.amounts.totalPaise // true
 */
export function paidComponents(a: Amounts): RefundBreakdown {
  const itemsPaise = a.itemsPaise - a.discountPaise;
  const deliveryPaise = a.fees.deliveryPaise + a.fees.surgePaise;
  const taxesPaise = a.taxes.gstFoodPaise + a.taxes.gstFeesPaise;
  const c = { itemsPaise, packagingPaise: a.fees.packagingPaise, deliveryPaise, platformPaise: a.fees.platformPaise, taxesPaise, tipPaise: a.tipPaise };
  return { ...c, totalPaise: sumParts(c) };
}

function sumParts(c: Omit<RefundBreakdown, "totalPaise">): number {
  return c.itemsPaise + c.packagingPaise + c.deliveryPaise + c.platformPaise + c.taxesPaise + c.tipPaise;
}

function retainedOf(a: Amounts, keep: readonly RetainableComponent[], config: CancellationConfig): RefundBreakdown {
  if (keep.length === 0) return ZERO;
  const paid = paidComponents(a);
  const pkgFood = config.packagingTaxedAs === "food" ? paid.packagingPaise : 0;
  const pkgFees = config.packagingTaxedAs === "fees" ? paid.packagingPaise : 0;
  // GST split across the components it was charged on, so it follows them exactly (allocate sums exactly).
  const [foodOnItems = 0, foodOnPkg = 0] = paid.itemsPaise + pkgFood > 0 ? allocate(a.taxes.gstFoodPaise, [paid.itemsPaise, pkgFood]) : [a.taxes.gstFoodPaise, 0];
  const feeWeights = [paid.deliveryPaise, paid.platformPaise, pkgFees];
  const [feesOnDelivery = 0, feesOnPlatform = 0, feesOnPkg = 0] = feeWeights.some((w) => w > 0) ? allocate(a.taxes.gstFeesPaise, feeWeights) : [a.taxes.gstFeesPaise, 0, 0];
  const has = (k: RetainableComponent) => keep.includes(k);
  const c = {
    itemsPaise: has("items") ? paid.itemsPaise : 0,
    packagingPaise: has("packaging") ? paid.packagingPaise : 0,
    deliveryPaise: has("delivery") ? paid.deliveryPaise : 0,
    platformPaise: has("platform") ? paid.platformPaise : 0,
    tipPaise: has("tip") ? paid.tipPaise : 0,
    taxesPaise:
      (has("items") ? foodOnItems : 0) + (has("packaging") ? foodOnPkg + feesOnPkg : 0) + (has("delivery") ? feesOnDelivery : 0) + (has("platform") ? feesOnPlatform : 0),
  };
  return { ...c, totalPaise: sumParts(c) };
}

function refundReasonFor(event: CancelEvent): RefundReason {
  switch (event) {
    case "customer_cancel":
      return "customer_cancelled";
    case "restaurant_cancel":
    case "restaurant_reject":
      return "restaurant_rejected";
    case "accept_timeout":
      return "accept_timeout";
    default:
      return "order_not_delivered";
  }
}

/**
 * Decide a cancellation: legality (order machine), refund and retained components.
 * @example
 * decideCancellation({ status: "accepted", event: "customer_cancel", actor: "customer", paymentMethod: "online",
 *   paymentStatus: "captured", amounts, amountRefundedPaise: 0 })
 * // { ok: true, to: "cancelled", refund: { …, platformPaise: 0, totalPaise: total − platform fee − its GST }, … }
 */
export function decideCancellation(input: CancellationInput, config: CancellationConfig = DEFAULT_CANCELLATION_CONFIG): CancellationDecision {
  const t = transition({ status: input.status, paymentMethod: input.paymentMethod, paymentStatus: input.paymentStatus, hasCoupon: input.hasCoupon }, input.event, input.actor);
  if (!t.ok) return t;
  const refundReason = refundReasonFor(input.event);
  const captured = input.paymentMethod === "online" && CAPTURED_STATUSES.includes(input.paymentStatus);
  if (!captured) return { ok: true, to: t.to, cancelReason: t.cancelReason, refundReason, refund: ZERO, retained: ZERO, effects: t.effects };

  const keep = input.event === "customer_cancel" ? (config.customerRetains[input.status] ?? []) : input.event === "admin_cancel" ? config.adminRetains : [];
  const paid = paidComponents(input.amounts);
  const retained = retainedOf(input.amounts, keep, config);
  const owed = {
    itemsPaise: paid.itemsPaise - retained.itemsPaise,
    packagingPaise: paid.packagingPaise - retained.packagingPaise,
    deliveryPaise: paid.deliveryPaise - retained.deliveryPaise,
    platformPaise: paid.platformPaise - retained.platformPaise,
    taxesPaise: paid.taxesPaise - retained.taxesPaise,
    tipPaise: paid.tipPaise - retained.tipPaise,
  };
  // Never refund more than is left after earlier refunds (I5): shrink the components proportionally.
  const left = Math.max(0, paid.totalPaise - input.amountRefundedPaise);
  const owedTotal = sumParts(owed);
  let refund: RefundBreakdown = { ...owed, totalPaise: owedTotal };
  if (owedTotal > left) {
    const keys = ["itemsPaise", "packagingPaise", "deliveryPaise", "platformPaise", "taxesPaise", "tipPaise"] as const;
    const parts = allocate(left, keys.map((k) => owed[k]));
    const scaled = Object.fromEntries(keys.map((k, i) => [k, parts[i] ?? 0])) as Omit<RefundBreakdown, "totalPaise">;
    refund = { ...scaled, totalPaise: left };
  }
  return { ok: true, to: t.to, cancelReason: t.cancelReason, refundReason, refund, retained, effects: t.effects };
}

// The order lifecycle as ONE table: (from, event, actor) → to, with side effects named as data for the service
// to carry out (in the same transaction where they are writes, via the outbox where they are calls). Edges follow
// reliability-and-security.md §1.6; anything not in the table is illegal_transition (409). Invariant I4 is a
// guard on the edge: an online order enters accepted…delivered only while its payment is captured.
import type { ActorType, CancelReason, DispatchState, OrderStatus, PaymentMethod, PaymentStatus, RefundReason } from "@chizze/schema/enums";

export const ORDER_EVENTS = [
  "payment_authorized",
  "payment_captured",
  "payment_failed",
  "payment_expired",
  "restaurant_accept",
  "restaurant_reject",
  "accept_timeout",
  "mark_preparing",
  "mark_ready",
  "partner_pickup",
  "partner_deliver",
  "customer_cancel",
  "restaurant_cancel",
  "admin_cancel",
  "system_cancel",
  "archive",
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export type NotifyTarget = "customer" | "restaurant" | "partner";

export type OrderEffect =
  /** Capture an authorised Razorpay payment (we capture as soon as it is authorised; see README). */
  | { type: "capturePayment" }
  /** Give money back: let an authorisation lapse/void, or refund a capture, exactly once (I5, I12). */
  | { type: "voidOrRefund"; reason: RefundReason }
  /** Put decremented stock back (bounded increment). */
  | { type: "releaseStock" }
  /** Redemption reserved → released, and used_count back down (I10). */
  | { type: "releaseCoupon" }
  /** Redemption reserved → redeemed. */
  | { type: "redeemCoupon" }
  /** Start the restaurant's accept deadline (restaurants.accept_deadline_sec). */
  | { type: "startAcceptTimer" }
  /** Begin matching at dispatch.dispatchStartAt(). */
  | { type: "startDispatch" }
  /** Withdraw open offers; free an assigned partner. */
  | { type: "cancelDispatch" }
  /** The partner's active assignment ends (I11). */
  | { type: "releasePartner" }
  /** COD: cash collected at the door → payment cod_collected and the partner's cash float (ledger cod_cash). */
  | { type: "collectCash" }
  /** Post the settlement entries (ledger.settlementPostings). */
  | { type: "postSettlement" }
  | { type: "notify"; to: readonly NotifyTarget[]; kind: string };

export interface OrderEdge {
  from: readonly OrderStatus[];
  event: OrderEvent;
  actors: readonly ActorType[];
  /** null = stay in the same state (a recorded no-op or a late-payment clean-up). */
  to: OrderStatus | null;
  /** I4: online orders need a captured payment to take this edge. */
  requiresCapture: boolean;
  effects: readonly OrderEffect[];
  /** What orders.cancel_reason records when this edge cancels/rejects. */
  cancelReason?: CancelReason;
}

const PAYERS: readonly ActorType[] = ["razorpay", "system"];
const PRE_ACCEPT: readonly OrderStatus[] = ["awaiting_payment", "placed"];
const FAILED_TERMINAL: readonly OrderStatus[] = ["payment_failed", "expired", "cancelled", "rejected"];
export const TERMINAL_STATUSES: readonly OrderStatus[] = ["delivered", "rejected", "cancelled", "payment_failed", "expired", "archived"];

const releaseAll: readonly OrderEffect[] = [{ type: "releaseStock" }, { type: "releaseCoupon" }];
const stopDispatch: readonly OrderEffect[] = [{ type: "cancelDispatch" }, { type: "releasePartner" }];

/** The whole lifecycle. Each (from, event) pair appears at most once (tested), so transitions are deterministic. */
export const ORDER_TRANSITIONS: readonly OrderEdge[] = [
  // --- payment ---------------------------------------------------------------------------------------------
  { from: ["awaiting_payment"], event: "payment_authorized", actors: PAYERS, to: null, requiresCapture: false, effects: [{ type: "capturePayment" }] },
  {
    from: ["awaiting_payment"],
    event: "payment_captured",
    actors: PAYERS,
    to: "placed",
    requiresCapture: true,
    effects: [{ type: "redeemCoupon" }, { type: "startAcceptTimer" }, { type: "notify", to: ["restaurant", "customer"], kind: "order_placed" }],
  },
  // Money that arrives after the order died goes back (I12). Authorised-only money lapses on its own after
  // Razorpay's capture window; voidOrRefund covers both cases.
  { from: FAILED_TERMINAL, event: "payment_authorized", actors: PAYERS, to: null, requiresCapture: false, effects: [{ type: "voidOrRefund", reason: "late_authorization" }] },
  { from: FAILED_TERMINAL, event: "payment_captured", actors: PAYERS, to: null, requiresCapture: false, effects: [{ type: "voidOrRefund", reason: "late_authorization" }] },
  // A duplicate capture notice for a paid order changes nothing (a second payment is the payment machine's and the reconciler's business, I3).
  { from: ["placed", "accepted", "preparing", "ready", "picked_up", "delivered"], event: "payment_captured", actors: PAYERS, to: null, requiresCapture: false, effects: [] },
  {
    from: ["awaiting_payment"],
    event: "payment_failed",
    actors: PAYERS,
    to: "payment_failed",
    requiresCapture: false,
    cancelReason: "payment_failed",
    effects: [...releaseAll, { type: "notify", to: ["customer"], kind: "payment_failed" }],
  },
  {
    from: ["awaiting_payment"],
    event: "payment_expired",
    actors: ["system"],
    to: "expired",
    requiresCapture: false,
    cancelReason: "payment_expired",
    effects: [...releaseAll, { type: "voidOrRefund", reason: "late_authorization" }, { type: "notify", to: ["customer"], kind: "payment_expired" }],
  },
  // --- restaurant --------------------------------------------------------------------------------------------
  {
    from: ["placed"],
    event: "restaurant_accept",
    actors: ["restaurant"],
    to: "accepted",
    requiresCapture: true,
    effects: [{ type: "startDispatch" }, { type: "notify", to: ["customer"], kind: "order_accepted" }],
  },
  {
    from: ["placed"],
    event: "restaurant_reject",
    actors: ["restaurant"],
    to: "rejected",
    requiresCapture: false,
    cancelReason: "restaurant_rejected",
    effects: [...releaseAll, { type: "voidOrRefund", reason: "restaurant_rejected" }, { type: "notify", to: ["customer"], kind: "order_rejected" }],
  },
  {
    from: ["placed"],
    event: "accept_timeout",
    actors: ["system"],
    to: "rejected",
    requiresCapture: false,
    cancelReason: "accept_timeout",
    effects: [...releaseAll, { type: "voidOrRefund", reason: "accept_timeout" }, { type: "notify", to: ["customer", "restaurant"], kind: "order_timed_out" }],
  },
  { from: ["accepted"], event: "mark_preparing", actors: ["restaurant"], to: "preparing", requiresCapture: true, effects: [{ type: "notify", to: ["customer"], kind: "order_preparing" }] },
  // The restaurant app has accept and ready buttons only, so ready may skip preparing.
  { from: ["accepted", "preparing"], event: "mark_ready", actors: ["restaurant"], to: "ready", requiresCapture: true, effects: [{ type: "notify", to: ["partner"], kind: "order_ready" }] },
  // --- partner -----------------------------------------------------------------------------------------------
  // The pickup code proves the hand-over, so a pickup while the kitchen forgot to press "ready" is accepted.
  { from: ["preparing", "ready"], event: "partner_pickup", actors: ["partner"], to: "picked_up", requiresCapture: true, effects: [{ type: "notify", to: ["customer"], kind: "order_picked_up" }] },
  {
    from: ["picked_up"],
    event: "partner_deliver",
    actors: ["partner"],
    to: "delivered",
    requiresCapture: true,
    effects: [{ type: "collectCash" }, { type: "releasePartner" }, { type: "postSettlement" }, { type: "notify", to: ["customer", "restaurant"], kind: "order_delivered" }],
  },
  // --- cancellations (refund amounts: cancellation.ts) -----------------------------------------------------------
  {
    from: PRE_ACCEPT,
    event: "customer_cancel",
    actors: ["customer"],
    to: "cancelled",
    requiresCapture: false,
    cancelReason: "customer_request",
    effects: [...releaseAll, { type: "voidOrRefund", reason: "customer_cancelled" }, { type: "notify", to: ["restaurant"], kind: "order_cancelled" }],
  },
  {
    from: ["accepted"],
    event: "customer_cancel",
    actors: ["customer"],
    to: "cancelled",
    requiresCapture: false,
    cancelReason: "customer_request",
    effects: [...releaseAll, ...stopDispatch, { type: "voidOrRefund", reason: "customer_cancelled" }, { type: "notify", to: ["restaurant", "partner"], kind: "order_cancelled" }],
  },
  // Food is being cooked: stock is not put back (the dish exists now).
  {
    from: ["preparing"],
    event: "customer_cancel",
    actors: ["customer"],
    to: "cancelled",
    requiresCapture: false,
    cancelReason: "customer_request",
    effects: [{ type: "releaseCoupon" }, ...stopDispatch, { type: "voidOrRefund", reason: "customer_cancelled" }, { type: "notify", to: ["restaurant", "partner"], kind: "order_cancelled" }],
  },
  {
    from: ["accepted"],
    event: "restaurant_cancel",
    actors: ["restaurant"],
    to: "cancelled",
    requiresCapture: false,
    cancelReason: "item_unavailable",
    effects: [...releaseAll, ...stopDispatch, { type: "voidOrRefund", reason: "restaurant_rejected" }, { type: "notify", to: ["customer", "partner"], kind: "order_cancelled" }],
  },
  {
    from: ["preparing", "ready"],
    event: "restaurant_cancel",
    actors: ["restaurant"],
    to: "cancelled",
    requiresCapture: false,
    cancelReason: "item_unavailable",
    effects: [{ type: "releaseCoupon" }, ...stopDispatch, { type: "voidOrRefund", reason: "restaurant_rejected" }, { type: "notify", to: ["customer", "partner"], kind: "order_cancelled" }],
  },
  {
    from: ["awaiting_payment", "placed", "accepted"],
    event: "admin_cancel",
    actors: ["admin"],
    to: "cancelled",
    requiresCapture: false,
    cancelReason: "admin_action",
    effects: [...releaseAll, ...stopDispatch, { type: "voidOrRefund", reason: "order_not_delivered" }, { type: "notify", to: ["customer", "restaurant", "partner"], kind: "order_cancelled" }],
  },
  {
    from: ["preparing", "ready", "picked_up"],
    event: "admin_cancel",
    actors: ["admin"],
    to: "cancelled",
    requiresCapture: false,
    cancelReason: "admin_action",
    effects: [{ type: "releaseCoupon" }, ...stopDispatch, { type: "voidOrRefund", reason: "order_not_delivered" }, { type: "notify", to: ["customer", "restaurant", "partner"], kind: "order_cancelled" }],
  },
  // No partner found after escalation, restaurant closed on us, fraud: ops automation.
  {
    from: ["placed", "accepted"],
    event: "system_cancel",
    actors: ["system"],
    to: "cancelled",
    requiresCapture: false,
    cancelReason: "no_delivery_partner",
    effects: [...releaseAll, ...stopDispatch, { type: "voidOrRefund", reason: "order_not_delivered" }, { type: "notify", to: ["customer", "restaurant"], kind: "order_cancelled" }],
  },
  {
    from: ["preparing", "ready"],
    event: "system_cancel",
    actors: ["system"],
    to: "cancelled",
    requiresCapture: false,
    cancelReason: "no_delivery_partner",
    effects: [{ type: "releaseCoupon" }, ...stopDispatch, { type: "voidOrRefund", reason: "order_not_delivered" }, { type: "notify", to: ["customer", "restaurant"], kind: "order_cancelled" }],
  },
  // --- archival ---------------------------------------------------------------------------------------------
  { from: ["delivered", "rejected", "cancelled", "payment_failed", "expired"], event: "archive", actors: ["system"], to: "archived", requiresCapture: false, effects: [] },
];

/** Payment statuses under which money is held for the order (I4 guard). refund_pending/partially_refunded cover a partial refund before delivery. */
export const CAPTURED_STATUSES: readonly PaymentStatus[] = ["captured", "refund_pending", "partially_refunded"];

export interface OrderFacts {
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  paymentStatus: PaymentStatus;
  /** false drops coupon effects (nothing to release or redeem). Default true. */
  hasCoupon?: boolean;
}

export type TransitionResult =
  | { ok: true; from: OrderStatus; to: OrderStatus; changed: boolean; effects: OrderEffect[]; cancelReason: CancelReason | null }
  | { ok: false; code: "illegal_transition"; reason: string };

/**
 * Look up the edge for (status, event, actor) and check I4. Effects that cannot apply to this order are
 * dropped: money effects for COD (voidOrRefund only when something is authorised or captured), collectCash for
 * online orders, coupon effects without a coupon.
 * @example
 * transition({ status: "placed", paymentMethod: "online", paymentStatus: "captured" }, "restaurant_accept", "restaurant")
 * // { ok: true, from: "placed", to: "accepted", changed: true, effects: [{ type: "startDispatch" }, …], cancelReason: null }
 */
export function transition(order: OrderFacts, event: OrderEvent, actor: ActorType): TransitionResult {
  const edge = ORDER_TRANSITIONS.find((e) => e.event === event && e.from.includes(order.status));
  if (!edge) return { ok: false, code: "illegal_transition", reason: `${event} is not allowed from ${order.status}` };
  if (!edge.actors.includes(actor)) return { ok: false, code: "illegal_transition", reason: `${actor} may not ${event} (allowed: ${edge.actors.join(", ")})` };
  const online = order.paymentMethod === "online";
  if (event.startsWith("payment_") && !online) return { ok: false, code: "illegal_transition", reason: "cash-on-delivery orders take no payment events" };
  if (edge.requiresCapture && online && !CAPTURED_STATUSES.includes(order.paymentStatus)) {
    return { ok: false, code: "illegal_transition", reason: `payment is ${order.paymentStatus}, not captured (I4)` };
  }
  const moneyHeld = order.paymentStatus === "authorized" || order.paymentStatus === "captured";
  const effects = edge.effects.filter((e) => {
    switch (e.type) {
      case "voidOrRefund":
        return online && moneyHeld;
      case "capturePayment":
        return online;
      case "collectCash":
        return !online;
      case "releaseCoupon":
      case "redeemCoupon":
        return order.hasCoupon !== false;
      default:
        return true;
    }
  });
  const to = edge.to ?? order.status;
  return { ok: true, from: order.status, to, changed: to !== order.status, effects, cancelReason: edge.cancelReason ?? null };
}

/**
 * The state a new order is written with: online orders wait for payment; COD orders are placed at once.
 * @example initialOrderState("cod") // { status: "placed", paymentStatus: "cod_pending", dispatchState: "none" }
 */
export function initialOrderState(method: PaymentMethod): { status: OrderStatus; paymentStatus: PaymentStatus; dispatchState: DispatchState } {
  return method === "online"
    ? { status: "awaiting_payment", paymentStatus: "pending", dispatchState: "none" }
    : { status: "placed", paymentStatus: "cod_pending", dispatchState: "none" };
}

/**
 * Progress rank of a status: failed/finished states rank above every live one, archived above all, so "rank
 * never decreases" is a one-line check over any run of the machine.
 * @example orderRank("accepted") < orderRank("cancelled") // true
 */
export function orderRank(status: OrderStatus): number {
  const live: readonly OrderStatus[] = ["awaiting_payment", "placed", "accepted", "preparing", "ready", "picked_up"];
  const i = live.indexOf(status);
  if (i >= 0) return i;
  return status === "archived" ? 8 : 7;
}

/**
 * Statuses from which `actor` could trigger `event` — for `canCancel` flags and docs.
 * @example allowedFrom("customer_cancel", "customer") // ["awaiting_payment", "placed", "accepted", "preparing"]
 */
export function allowedFrom(event: OrderEvent, actor: ActorType): OrderStatus[] {
  return ORDER_TRANSITIONS.filter((e) => e.event === event && e.actors.includes(actor)).flatMap((e) => [...e.from]);
}

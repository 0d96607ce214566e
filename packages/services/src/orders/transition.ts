// The one way an order changes state: `applyOrderEvent(deps, orderId, command)`.
//
// It asks the order machine (packages/core order-machine.ts, cancellation.ts) whether (status, event, actor) is an
// edge, then stages in ONE Appwrite transaction: the order row (version + 1, read inside the transaction so a
// concurrent change fails the commit, invariant I7), the order_events row (seq = new version, unique), and every
// effect that is a write — stock and coupon release, coupon redemption, the refund intent (I5), the ledger postings,
// the accept deadline. A conflicting writer makes the transaction retry from fresh reads; if the order moved on, the
// machine then says illegal_transition (409) or, for a replayed command, `alreadyDone`.
//
// Effects that are calls (Razorpay refund, capture) run after the commit from the rows it wrote, so a crash between
// commit and call leaves a pending refund row that the reconciler finishes (never a lost or double refund).
// Dispatch and notifications react to the order row and its events (their own functions, issues 6 and 8).
import type { ActorType, CancelReason, OrderStatus, PaymentStatus, RejectReason } from "@chizze/schema/enums";
import { T, rowPermissions, type RowOf, type PatchOf } from "@chizze/schema";
import {
  type Amounts,
  type OrderEffect,
  type OrderEvent,
  type LedgerTxn,
  type RefundBreakdown,
  decideCancellation,
  deliveryEarnings,
  deterministicId,
  paidComponents,
  refundIdFor,
  refundTxn,
  settlementAmountsOf,
  settlementAmountsOfRetained,
  settlementTxn,
  codCollectedTxn,
  toLedgerRows,
  transition,
} from "@chizze/core";
import { ApiError } from "@chizze/contracts/errors";
import { withTransaction, type Tx } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import { writeDoc } from "../json-doc";
import { notFound } from "../caller";
import { observeOrderEntered } from "./metrics";

export type OrderRow = RowOf<typeof T.orders>;
export type OrderPatch = PatchOf<typeof T.orders>;

const CANCEL_EVENTS: ReadonlySet<OrderEvent> = new Set(["customer_cancel", "restaurant_cancel", "admin_cancel", "system_cancel", "restaurant_reject", "accept_timeout"]);

export interface OrderCommand {
  event: OrderEvent;
  actor: { type: ActorType; id: string | null };
  /** Cancellations and rejections: what the order records (defaults to the edge's reason). */
  reason?: { code?: CancelReason; note?: string | null; rejectReason?: RejectReason | null };
  /** Columns that ride on this transition (accepted_at is set here; prep_minutes, eta_at by the caller). */
  patch?: (row: OrderRow, now: Date) => OrderPatch;
  /** Payment status the order takes with this event (the payments module decides it). */
  paymentStatus?: PaymentStatus;
  /** More writes for the same transaction (payments row, payment_events status…); runs after the checks pass. */
  also?: (tx: Tx, row: OrderRow, next: OrderRow) => Promise<void> | void;
  /** Stored in order_events.data. */
  data?: Record<string, unknown>;
  /**
   * When the order is already in one of these statuses the command counts as done (a replayed accept, a cancel
   * that another request won): answer with the order instead of 409.
   */
  alreadyDoneIn?: readonly OrderStatus[];
  /** For checks that need the row (ownership): throw to refuse. Runs on every attempt, inside the transaction. */
  guard?: (row: OrderRow) => void;
}

export interface OrderOutcome {
  order: OrderRow;
  /** False when the command was a recorded no-op or already done. */
  changed: boolean;
  /** Refund intent written by this transition; its Razorpay call has been attempted. */
  refundId: string | null;
}

/** Who may read an order's rows (customer, restaurant owner, assigned partner). */
export function orderReaders(row: Pick<OrderRow, "customer_id" | "restaurant_owner_id">, partnerUserId?: string | null): string[] {
  return rowPermissions.order({ customerId: row.customer_id, restaurantOwnerId: row.restaurant_owner_id, partnerUserId: partnerUserId ?? null });
}

/** order_events row id for (order, seq): unique, so two writers of the same version cannot both append. */
export const orderEventIdFor = (orderId: string, seq: number): string => deterministicId("oev", [orderId, String(seq)]);

/** The order's amounts in core's shape. */
export function amountsOf(row: OrderRow): Amounts {
  return {
    itemsPaise: row.item_total_paise,
    fees: { packagingPaise: row.packaging_paise, deliveryPaise: row.delivery_fee_paise, surgePaise: row.surge_paise, platformPaise: row.platform_fee_paise },
    taxes: { gstFoodPaise: row.gst_food_paise, gstFeesPaise: row.gst_fees_paise },
    discountPaise: row.discount_paise,
    tipPaise: row.tip_paise,
    totalPaise: row.total_paise,
  };
}

/** What placement recorded in the first order event: which stock it took and which coupon slot. */
export interface PlacementRecord {
  stock: { itemId: string; quantity: number }[];
  redemptionId: string | null;
}

function placementOf(text: string | null | undefined): PlacementRecord {
  let d: Partial<PlacementRecord> = {};
  try {
    d = text ? (JSON.parse(text) as Partial<PlacementRecord>) : {};
  } catch {
    d = {};
  }
  return { stock: Array.isArray(d.stock) ? d.stock : [], redemptionId: typeof d.redemptionId === "string" ? d.redemptionId : null };
}

function timestampsFor(to: OrderStatus, now: string): OrderPatch {
  switch (to) {
    case "placed":
      return {};
    case "accepted":
      return { accepted_at: now };
    case "ready":
      return { ready_at: now };
    case "picked_up":
      return { picked_up_at: now };
    case "delivered":
      return { delivered_at: now, eta_at: null };
    case "cancelled":
    case "rejected":
    case "expired":
    case "payment_failed":
      return { cancelled_at: now, eta_at: null };
    case "archived":
      return { archived_at: now };
    default:
      return {};
  }
}

const cancelActor = (t: ActorType) => (t === "customer" || t === "restaurant" || t === "admin" ? t : "system");

/**
 * Apply one event to an order. Throws ApiError not_found / illegal_transition; infrastructure errors pass through.
 * @example await applyOrderEvent(deps, orderId, { event: "restaurant_accept", actor: { type: "restaurant", id: userId }, patch: () => ({ prep_minutes: 20 }) })
 */
export async function applyOrderEvent(deps: Deps, orderId: string, cmd: OrderCommand): Promise<OrderOutcome> {
  let followUp: { refundId: string | null; capture: boolean } = { refundId: null, capture: false };
  const result = await withTransaction(
    deps.tablesDB,
    async (tx) => {
      followUp = { refundId: null, capture: false };
      const row = await tx.get(T.orders, orderId);
      if (!row) throw notFound("Order");
      cmd.guard?.(row);
      if (cmd.alreadyDoneIn?.includes(row.status)) return { order: row, changed: false };

      const now = deps.now();
      const nowIso = now.toISOString();
      const hasCoupon = row.coupon_id !== null;
      // Payment events judge the order with the payment status they bring (core: payment_captured needs "captured").
      const facts = { status: row.status, paymentMethod: row.payment_method, paymentStatus: cmd.paymentStatus ?? row.payment_status, hasCoupon };
      let to: OrderStatus;
      let effects: OrderEffect[];
      let cancelReason: CancelReason | null;
      let refund: RefundBreakdown | null = null;
      let retained: RefundBreakdown | null = null;
      if (CANCEL_EVENTS.has(cmd.event)) {
        const d = decideCancellation({
          ...facts,
          event: cmd.event as Parameters<typeof decideCancellation>[0]["event"],
          actor: cmd.actor.type,
          amounts: amountsOf(row),
          amountRefundedPaise: row.amount_refunded_paise ?? 0,
        });
        if (!d.ok) throw new ApiError("illegal_transition", d.reason);
        ({ to, effects, cancelReason } = d);
        refund = d.refund;
        retained = d.retained;
      } else {
        const t = transition(facts, cmd.event, cmd.actor.type);
        if (!t.ok) throw new ApiError("illegal_transition", t.reason);
        ({ to, effects, cancelReason } = t);
      }

      const seq = row.version + 1;
      const patch: OrderPatch = {
        status: to,
        version: seq,
        ...timestampsFor(to, nowIso),
        ...(cmd.paymentStatus ? { payment_status: cmd.paymentStatus } : {}),
        ...(cmd.patch?.(row, now) ?? {}),
      };
      if (cmd.event === "payment_captured" && to === "placed" && row.status === "awaiting_payment") patch.paid_at = nowIso;
      if (to !== row.status && (to === "cancelled" || to === "rejected" || to === "expired" || to === "payment_failed")) {
        patch.cancelled_by = cancelActor(cmd.actor.type);
        patch.cancel_reason = cmd.reason?.code ?? cancelReason;
        patch.cancel_note = cmd.reason?.note ?? null;
        if (cmd.reason?.rejectReason) patch.reject_reason = cmd.reason.rejectReason;
      }

      const ledger: LedgerTxn[] = [];
      const paymentId = await paymentRowIdOf(tx, row);
      for (const effect of effects) {
        switch (effect.type) {
          case "releaseStock": {
            const placement = placementOf((await tx.get(T.order_events, orderEventIdFor(orderId, 1)))?.data);
            for (const s of placement.stock) {
              const item = await tx.get(T.menu_items, s.itemId);
              if (item && item.stock !== null) tx.increment(T.menu_items, s.itemId, "stock", s.quantity);
            }
            break;
          }
          case "releaseCoupon":
          case "redeemCoupon": {
            const placement = placementOf((await tx.get(T.order_events, orderEventIdFor(orderId, 1)))?.data);
            if (!placement.redemptionId) break;
            const red = await tx.get(T.coupon_redemptions, placement.redemptionId);
            if (!red || red.order_id !== orderId || red.status === "released") break;
            if (effect.type === "redeemCoupon") {
              if (red.status === "reserved") tx.update(T.coupon_redemptions, red.$id, { status: "redeemed", redeemed_at: nowIso });
            } else {
              // The slot row goes away (so the user's next order can take slot 1 again) and the global count drops.
              tx.delete(T.coupon_redemptions, red.$id);
              tx.decrement(T.coupons, red.coupon_id, "used_count", 1, { min: 0 });
            }
            break;
          }
          case "startAcceptTimer": {
            const restaurant = await deps.db.restaurants.get(row.restaurant_id);
            patch.accept_deadline_at = new Date(now.getTime() + (restaurant?.accept_deadline_sec ?? 180) * 1000).toISOString();
            break;
          }
          case "capturePayment":
            followUp.capture = true;
            break;
          case "voidOrRefund": {
            if (refund && refund.totalPaise > 0 && paymentId) {
              const refundId = refundIdFor(orderId, "cancel");
              const payment = await tx.get(T.payments, paymentId);
              tx.create(
                T.refunds,
                refundId,
                {
                  order_id: orderId,
                  customer_id: row.customer_id,
                  payment_id: paymentId,
                  razorpay_payment_id: payment?.razorpay_payment_id ?? null,
                  razorpay_refund_id: null,
                  idempotency_key: refundId,
                  amount_paise: refund.totalPaise,
                  components: writeDoc(componentsDoc(refund)),
                  reason_code: effect.reason,
                  stage: row.status,
                  actor_type: cmd.actor.type,
                  actor_id: cmd.actor.id,
                  status: "pending",
                  requested_at: nowIso,
                  processed_at: null,
                  failed_at: null,
                  failure_reason: null,
                },
                rowPermissions.customer(row.customer_id),
              );
              tx.increment(T.orders, orderId, "amount_refunded_paise", refund.totalPaise, { max: row.total_paise });
              tx.update(T.payments, paymentId, { status: "refund_pending" });
              patch.payment_status = "refund_pending";
              ledger.push(refundTxn({ refundId, orderId, amountPaise: refund.totalPaise, settled: false }));
              followUp.refundId = refundId;
            } else if (row.payment_status === "authorized" && paymentId) {
              // Authorised, never captured: we will not capture it; Razorpay lets it lapse and returns the hold (I12).
              tx.update(T.payments, paymentId, { status: "voided" });
              patch.payment_status = "voided";
            }
            if (retained && retained.totalPaise > 0) {
              const restaurant = await deps.db.restaurants.get(row.restaurant_id);
              ledger.push(
                settlementTxn({
                  kind: "retain",
                  orderId,
                  restaurantId: row.restaurant_id,
                  partnerId: null,
                  amounts: settlementAmountsOfRetained(retained),
                  couponFundedBy: null,
                  commissionBps: restaurant?.commission_bps ?? 2_000,
                  partnerFeePaise: 0,
                }),
              );
            }
            break;
          }
          case "collectCash":
            if (row.delivery_partner_id) {
              patch.payment_status = "cod_collected";
              ledger.push(codCollectedTxn({ orderId, partnerId: row.delivery_partner_id, totalPaise: row.total_paise }));
            }
            break;
          case "postSettlement": {
            const restaurant = await deps.db.restaurants.get(row.restaurant_id);
            const coupon = row.coupon_id ? await deps.db.coupons.get(row.coupon_id) : null;
            const earnings = deliveryEarnings({ tripM: row.distance_m, waitedMin: 0, surgePaise: row.surge_paise, tipPaise: row.tip_paise });
            ledger.push(
              settlementTxn({
                kind: "settle",
                orderId,
                restaurantId: row.restaurant_id,
                partnerId: row.delivery_partner_id,
                amounts: settlementAmountsOf(amountsOf(row)),
                couponFundedBy: coupon?.funded_by ?? null,
                commissionBps: restaurant?.commission_bps ?? 2_000,
                partnerFeePaise: earnings.feePaise,
              }),
            );
            break;
          }
          default:
            // startDispatch, cancelDispatch, releasePartner, notify: carried out by the functions that watch
            // orders and order_events (dispatch, notifications), from the row this transaction writes.
            break;
        }
      }

      const next = { ...row, ...patch };
      tx.update(T.orders, orderId, patch);
      tx.create(
        T.order_events,
        orderEventIdFor(orderId, seq),
        {
          order_id: orderId,
          seq,
          event: cmd.event,
          from_status: row.status,
          to_status: to,
          dispatch_state: next.dispatch_state,
          payment_status: next.payment_status,
          actor_type: cmd.actor.type,
          actor_id: cmd.actor.id,
          reason: cmd.reason?.note?.slice(0, 200) ?? cmd.reason?.code ?? null,
          at: nowIso,
          data: cmd.data ? writeDoc(cmd.data) : null,
        },
        orderReaders(row),
      );
      for (const txn of ledger) stageLedger(tx, txn, now);
      await cmd.also?.(tx, row, next);
      return { order: next, changed: to !== row.status };
    },
    { onRetry: (attempt) => deps.log.info("order transition retry", { orderId, event: cmd.event, attempt }) },
  );

  if (result.changed) observeOrderEntered(deps, result.order);
  const { refundId, capture } = followUp;
  if (refundId) {
    const { issueRefund } = await import("../payments/refunds");
    await issueRefund(deps, refundId).catch((err: unknown) => deps.log.warn("refund call deferred to the reconciler", { orderId, refundId, error: String(err) }));
  }
  if (capture) {
    const { captureIfAuthorized } = await import("../payments/capture");
    await captureIfAuthorized(deps, orderId).catch((err: unknown) => deps.log.warn("capture deferred to the reconciler", { orderId, error: String(err) }));
  }
  return { ...result, refundId };
}

/** payments row id of an online order (one per order, I2). */
export const paymentRowIdFor = (orderId: string): string => deterministicId("pmt", [orderId]);

async function paymentRowIdOf(tx: Tx, row: OrderRow): Promise<string | null> {
  if (row.payment_method !== "online") return null;
  const id = paymentRowIdFor(row.$id);
  return (await tx.get(T.payments, id)) ? id : null;
}

/** Stage a ledger transaction's rows (deterministic ids: a second posting of the same txn fails the commit). */
export function stageLedger(tx: Tx, txn: LedgerTxn, at: Date): void {
  for (const r of toLedgerRows(txn, at)) {
    tx.create(T.ledger_entries, r.id, { txn_id: r.txn_id, order_id: r.order_id, account: r.account, direction: r.direction, amount_paise: r.amount_paise, kind: r.kind, payout_id: null, memo: null, at: r.at });
  }
}

/** refunds.components from a breakdown. */
export function componentsDoc(r: RefundBreakdown) {
  return { itemsPaise: r.itemsPaise, packagingPaise: r.packagingPaise, deliveryPaise: r.deliveryPaise, platformPaise: r.platformPaise, taxesPaise: r.taxesPaise, tipPaise: r.tipPaise };
}

export { paidComponents };

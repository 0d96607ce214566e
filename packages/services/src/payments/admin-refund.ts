// POST /admin/orders/{id}/refund: a partial or full refund of a captured order by an admin (missing items,
// goodwill …). One Idempotency-Key = one refund: the refund row id is derived from (order, admin, key), so a retry
// or ten concurrent clicks land on the same row. The row, the order's refunded total — a bounded increment, so
// Σrefunds never passes what was captured (I5) — the ledger posting and the payment status are one transaction;
// Razorpay is called after the commit with the row id as X-Refund-Idempotency. 202: the refund completes
// asynchronously (refund.processed webhook).
import type { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import type { RefundRequest } from "@chizze/contracts/api/admin";
import type { Refund } from "@chizze/contracts/api/orders";
import { CAPTURED_STATUSES, idempotencyRecordId, paymentRank, refundIdFor, refundTxn, type LedgerTxn } from "@chizze/core";
import { T, rowPermissions } from "@chizze/schema";
import type { RefundReason } from "@chizze/schema/enums";
import { BoundExceeded, Conflict } from "@chizze/platform/errors";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { writeDoc } from "../json-doc";
import { paymentRowIdFor, stageLedger, type OrderRow } from "../orders/transition";
import { toRefund } from "../orders/refund-view";
import { refundComponents } from "./components";
import { issueRefund, type RefundRow } from "./refunds";

export const ADMIN_REFUND_ROUTE_ID = "admin.orders.refund";

/** After delivery the money was settled out: who bears a refund, by reason (before delivery the customer's held balance does). */
const RESTAURANT_FUNDED: readonly RefundReason[] = ["items_missing", "wrong_items", "quality_issue"];

const exceeds = () => new ApiError("unprocessable", "The refund exceeds what was captured and not yet refunded");

/**
 * @example await refundOrder(deps, admin, "ord_…", { amountPaise: 12_000, reasonCode: "items_missing", note: "Raita missing" }, key)
 */
export async function refundOrder(
  deps: Deps,
  caller: Caller,
  orderId: string,
  input: z.infer<typeof RefundRequest>,
  idempotencyKey: string,
): Promise<{ refund: z.infer<typeof Refund> }> {
  if (!caller.roles.includes("admin")) throw notFound("Order");
  const refundId = refundIdFor(orderId, `admin:${idempotencyRecordId(caller.userId, ADMIN_REFUND_ROUTE_ID, idempotencyKey)}`);
  const replay = await deps.db.refunds.get(refundId);
  if (replay) return { refund: toRefund(sameRequest(replay, input)) };

  const order = await deps.db.orders.get(orderId);
  if (!order) throw notFound("Order");
  checkRefundable(order);
  const amountPaise = input.amountPaise ?? order.total_paise - (order.amount_refunded_paise ?? 0);
  if (amountPaise <= 0) throw exceeds();

  let row: RefundRow | null = null;
  try {
    row = await withTransaction(
      deps.tablesDB,
      async (tx) => {
        const existing = await tx.get(T.refunds, refundId);
        if (existing) return existing;
        const o = await tx.get(T.orders, orderId);
        if (!o) throw notFound("Order");
        checkRefundable(o);
        const payment = await tx.get(T.payments, paymentRowIdFor(orderId));
        if (!payment?.razorpay_payment_id || paymentRank(payment.status) < paymentRank("captured")) throw new ApiError("unprocessable", "Nothing was captured for this order");
        const nowIso = deps.now().toISOString();
        const settled = o.status === "delivered" || o.status === "archived";
        tx.create(
          T.refunds,
          refundId,
          {
            order_id: orderId,
            customer_id: o.customer_id,
            payment_id: payment.$id,
            razorpay_payment_id: payment.razorpay_payment_id,
            razorpay_refund_id: null,
            idempotency_key: refundId,
            amount_paise: amountPaise,
            components: writeDoc(refundComponents(o, amountPaise)),
            reason_code: input.reasonCode,
            stage: o.status,
            actor_type: "admin",
            actor_id: caller.userId,
            status: "pending",
            requested_at: nowIso,
            processed_at: null,
            failed_at: null,
            failure_reason: null,
          },
          rowPermissions.customer(o.customer_id),
        );
        // I5: the bound is checked at commit against the committed total, so concurrent refunds cannot overshoot.
        tx.increment(T.orders, orderId, "amount_refunded_paise", amountPaise, { max: o.total_paise });
        if (payment.status !== "refunded") tx.update(T.payments, payment.$id, { status: "refund_pending" });
        if (CAPTURED_STATUSES.includes(o.payment_status) && o.payment_status !== "refund_pending") tx.update(T.orders, orderId, { payment_status: "refund_pending" });
        const txn: LedgerTxn = refundTxn({
          refundId,
          orderId,
          amountPaise,
          settled,
          ...(settled ? { fundedBy: RESTAURANT_FUNDED.includes(input.reasonCode) ? { restaurantId: o.restaurant_id } : ("platform" as const) } : {}),
        });
        stageLedger(tx, txn, deps.now());
        return null;
      },
      { onRetry: (attempt) => deps.log.info("admin refund retry", { orderId, attempt }) },
    );
  } catch (err) {
    if (err instanceof BoundExceeded) throw exceeds();
    if (err instanceof Conflict) {
      // The same key won a race with us: answer with its refund.
      const won = await deps.db.refunds.get(refundId);
      if (won) return { refund: toRefund(sameRequest(won, input)) };
    }
    throw err;
  }
  if (row) return { refund: toRefund(sameRequest(row, input)) };

  deps.log.info("admin refund", { orderId, refundId, adminId: caller.userId, amountPaise, reasonCode: input.reasonCode, note: input.note });
  const issued = await issueRefund(deps, refundId).catch((err: unknown) => {
    deps.log.warn("refund call deferred to the reconciler", { orderId, refundId, error: String(err) });
    return null;
  });
  const final = issued ?? (await deps.db.refunds.get(refundId));
  if (!final) throw new ApiError("internal", "Refund row vanished");
  return { refund: toRefund(final) };
}

function checkRefundable(o: OrderRow): void {
  if (o.payment_method !== "online") throw new ApiError("unprocessable", "Cash-on-delivery orders are refunded outside Razorpay");
  if (!CAPTURED_STATUSES.includes(o.payment_status) && o.payment_status !== "refunded") throw new ApiError("unprocessable", `Nothing captured to refund (payment is ${o.payment_status})`);
}

/** A replay must be the same request (IETF idempotency draft: same key, other payload → 422). */
function sameRequest(row: RefundRow, input: z.infer<typeof RefundRequest>): RefundRow {
  if (row.reason_code !== input.reasonCode || (input.amountPaise !== undefined && input.amountPaise !== row.amount_paise)) throw new ApiError("idempotency_key_reused");
  return row;
}

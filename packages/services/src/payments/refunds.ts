// Sends a refund intent to Razorpay. The intent row (written in the transaction that decided the refund: a
// cancellation, a late or duplicate capture, an admin refund) is the guard: its id is the X-Refund-Idempotency key,
// so any number of calls — concurrent requests, retries, the reconciler — make one Razorpay refund (I5). What
// Razorpay answers goes through applyRazorpayEvent like any refund webhook: the row gets its rfnd id and status,
// the payments row and the order's payment status follow.
import type { RowOf, T } from "@chizze/schema";
import type { GatewayRefund } from "@chizze/platform/razorpay/gateway";
import type { Deps } from "../deps";
import { ingestRazorpayEvent } from "./apply";
import { fetchedRefundEnvelope } from "./events";
import { paymentGateway } from "./gateway";

export type RefundRow = RowOf<typeof T.refunds>;

/**
 * Issue (or look up) the Razorpay refund for a refund row and record what Razorpay says. Safe to call any number
 * of times, concurrently. Returns the row as it stands afterwards (null when there is no such row). Gateway and
 * Appwrite failures are thrown: the row stays pending and the reconciler calls again.
 * @example await issueRefund(deps, refundIdFor(orderId, "cancel"))
 */
export async function issueRefund(deps: Deps, refundId: string): Promise<RefundRow | null> {
  const row = await deps.db.refunds.get(refundId);
  if (!row || row.status !== "pending") return row;
  const payment = await deps.db.payments.get(row.payment_id);
  const razorpayPaymentId = row.razorpay_payment_id ?? payment?.razorpay_payment_id ?? null;
  if (!payment || !razorpayPaymentId) {
    deps.log.warn("refund has no captured payment to refund yet", { refundId, orderId: row.order_id });
    return row;
  }
  const gateway = paymentGateway(deps);
  let refund: GatewayRefund;
  if (row.razorpay_refund_id) {
    refund = await gateway.fetchRefund(razorpayPaymentId, row.razorpay_refund_id);
  } else {
    refund = await gateway.refund(razorpayPaymentId, {
      amountPaise: row.amount_paise,
      idempotencyKey: row.idempotency_key,
      notes: { chizze_refund_id: row.$id, order_id: row.order_id },
    });
    deps.log.info("refund issued", { refundId, orderId: row.order_id, razorpayRefundId: refund.id, amountPaise: refund.amount, status: refund.status });
  }
  await ingestRazorpayEvent(deps, fetchedRefundEnvelope(refund, payment.razorpay_order_id, deps.now()));
  return deps.db.refunds.get(refundId);
}

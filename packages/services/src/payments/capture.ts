// Capture policy: Razorpay orders are created with auto-capture, so a payment is normally captured by Razorpay
// itself. When an authorised payment is still uncaptured (auto-capture off for it, a late authorisation) and the
// order still wants the money, we capture it; the capture's result goes through the event path like a webhook.
// An order that died first is never captured: the authorisation lapses and Razorpay returns it (I12).
import { paymentRank } from "@chizze/core";
import { GatewayError } from "@chizze/platform/errors";
import type { GatewayPayment } from "@chizze/platform/razorpay/gateway";
import type { Deps } from "../deps";
import { paymentRowIdFor } from "../orders/transition";
import { ingestRazorpayEvent } from "./apply";
import { fetchedPaymentEnvelope } from "./events";
import { paymentGateway } from "./gateway";
import { DEAD_ORDER_STATUSES } from "./plan";

const alreadyCaptured = (err: unknown) => err instanceof GatewayError && err.kind === "rejected" && /already been captured/i.test(err.description);

/**
 * Capture the order's authorised payment if it has one and still needs it. Idempotent: a payment Razorpay already
 * captured counts as done.
 * @example await captureIfAuthorized(deps, orderId) // { captured: "pay_…" } | { captured: null }
 */
export async function captureIfAuthorized(deps: Deps, orderId: string): Promise<{ captured: string | null }> {
  const order = await deps.db.orders.get(orderId);
  if (!order || order.payment_method !== "online" || !order.razorpay_order_id || DEAD_ORDER_STATUSES.includes(order.status)) return { captured: null };
  const payment = await deps.db.payments.get(paymentRowIdFor(orderId));
  if (!payment || paymentRank(payment.status) >= paymentRank("captured")) return { captured: null };
  const gateway = paymentGateway(deps);
  const attempts = await gateway.fetchOrderPayments(order.razorpay_order_id);
  for (const p of attempts) {
    if (p.status !== "authorized" && p.status !== "captured") continue;
    // I8: only the amount the order asks for, in its currency.
    if (p.amount !== payment.amount_paise || p.currency !== payment.currency) continue;
    let captured: GatewayPayment = p;
    if (p.status === "authorized") {
      try {
        captured = await gateway.capture(p.id, p.amount);
        deps.log.info("payment captured", { orderId, razorpayPaymentId: p.id });
      } catch (err) {
        if (!alreadyCaptured(err)) throw err;
        captured = await gateway.fetchPayment(p.id);
      }
    }
    const event = fetchedPaymentEnvelope(captured, deps.now());
    if (event) await ingestRazorpayEvent(deps, event);
    return { captured: captured.status === "captured" || captured.status === "refunded" ? captured.id : null };
  }
  return { captured: null };
}

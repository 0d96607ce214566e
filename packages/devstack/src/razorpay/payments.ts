// Payments: GET /v1/payments/:id, POST /v1/payments/:id/capture, and the capture step shared with checkout.
import type { RazorpayContext } from "./context";
import type { Payment } from "./entities";
import { badRequest, idNotFound, invalid } from "./errors";
import { getOrder } from "./orders";
import { createOrderTransfers } from "./transfers";
import { asBody, currency, paise } from "./validate";

export function getPayment(ctx: RazorpayContext, id: string): Payment {
  const payment = ctx.state.payments.get(id);
  if (!payment) throw idNotFound();
  return payment;
}

export function capturePayment(ctx: RazorpayContext, id: string, rawBody: unknown): Payment {
  const payment = getPayment(ctx, id);
  const body = asBody(rawBody);
  const amount = paise(body.amount);
  currency(body.currency);
  if (payment.status === "captured" || payment.status === "refunded" || payment.captured) {
    throw badRequest("This payment has already been captured");
  }
  if (payment.status !== "authorized") {
    throw badRequest("Only payments which have been authorized and not yet captured can be captured");
  }
  if (amount !== payment.amount) throw invalid("Capture amount must be equal to the amount authorized", "amount");
  capture(ctx, payment);
  return payment;
}

/**
 * authorized → captured: fee and tax are charged (2% + 18% GST on it), the order's paid amount moves, and when
 * the order becomes paid its `transfers` are created. Emits payment.captured, then order.paid, then transfers.
 */
export function capture(ctx: RazorpayContext, payment: Payment): void {
  const feeBase = Math.round(payment.amount * 0.02);
  const tax = Math.round(feeBase * 0.18);
  payment.status = "captured";
  payment.captured = true;
  payment.fee = feeBase + tax;
  payment.tax = tax;
  const order = getOrder(ctx, payment.order_id);
  order.amount_paid += payment.amount;
  order.amount_due = Math.max(0, order.amount - order.amount_paid);
  order.status = order.amount_due === 0 ? "paid" : "attempted";
  ctx.webhooks.emit("payment.captured", [["payment", payment]]);
  if (order.status === "paid") {
    ctx.webhooks.emit("order.paid", [["payment", payment], ["order", order]]);
    createOrderTransfers(ctx, order);
  }
  ctx.state.save();
}

/** Record an authorisation; auto-capture orders are captured at once. */
export function authorize(ctx: RazorpayContext, payment: Payment, autoCapture: boolean): void {
  payment.status = "authorized";
  payment.error_code = null;
  payment.error_description = null;
  payment.error_source = null;
  payment.error_step = null;
  payment.error_reason = null;
  ctx.webhooks.emit("payment.authorized", [["payment", payment]]);
  if (autoCapture) capture(ctx, payment);
  ctx.state.save();
}

// Refunds: POST /v1/payments/:id/refund, GET /v1/payments/:id/refunds(/:rfnd), GET /v1/refunds/:id.
import { unixNow, type RazorpayContext } from "./context";
import { collection, type Collection, type Payment, type Refund } from "./entities";
import { badRequest, idNotFound } from "./errors";
import { withIdempotency } from "./idempotency";
import { getPayment } from "./payments";
import { base62, rzpId } from "./random";
import { asBody, idempotencyKey, notes, optionalString, paise } from "./validate";

export function createRefund(ctx: RazorpayContext, paymentId: string, rawBody: unknown, idemHeader?: string): Refund {
  const payment = getPayment(ctx, paymentId);
  const body = asBody(rawBody);
  const key = idempotencyKey(idemHeader, "X-Refund-Idempotency");
  // The key is scoped to the payment: the same key on another payment is another request.
  return withIdempotency(ctx, `refund:${paymentId}`, key, body, (id) => ctx.state.refunds.get(id), () => newRefund(ctx, payment, body));
}

function newRefund(ctx: RazorpayContext, payment: Payment, body: Record<string, unknown>): Refund {
  if (!payment.captured) throw badRequest("The payment status should be captured for action to be taken");
  const refundable = payment.amount - payment.amount_refunded;
  const amount = body.amount === undefined ? refundable : paise(body.amount);
  if (refundable <= 0) throw badRequest("The payment has been fully refunded already");
  if (amount > refundable) throw badRequest("The refund amount provided is greater than amount captured");
  const speed = body.speed === "optimum" ? "optimum" : "normal";
  const refund: Refund = {
    id: rzpId("rfnd"),
    entity: "refund",
    amount,
    currency: "INR",
    payment_id: payment.id,
    notes: notes(body.notes),
    receipt: optionalString(body.receipt, "receipt", 40, "The receipt may not be greater than 40 characters."),
    acquirer_data: { arn: null },
    created_at: unixNow(ctx),
    batch_id: null,
    status: "pending",
    speed_processed: speed === "optimum" ? "instant" : "normal",
    speed_requested: speed,
  };
  ctx.state.refunds.set(refund.id, refund);
  applyRefundToPayment(payment, amount);
  ctx.webhooks.emit("refund.created", [["refund", refund], ["payment", payment]]);
  if (ctx.config.refundSettlement !== "pending") settle(ctx, refund, ctx.config.refundSettlement);
  ctx.state.save();
  return refund;
}

/** Test control: finish a pending refund (refundSettlement "pending"). */
export function settleRefund(ctx: RazorpayContext, refundId: string, outcome: "processed" | "failed"): Refund {
  const refund = getRefund(ctx, refundId);
  if (refund.status !== "pending") throw badRequest(`Refund ${refundId} is already ${refund.status}`);
  settle(ctx, refund, outcome);
  ctx.state.save();
  return refund;
}

function settle(ctx: RazorpayContext, refund: Refund, outcome: "processed" | "failed"): void {
  const payment = getPayment(ctx, refund.payment_id);
  refund.status = outcome;
  if (outcome === "processed") {
    refund.acquirer_data = { arn: `ARN${base62(12).toUpperCase()}` };
    ctx.webhooks.emit("refund.processed", [["refund", refund], ["payment", payment]]);
  } else {
    // A failed refund gives the money back to the refundable balance.
    applyRefundToPayment(payment, -refund.amount);
    ctx.webhooks.emit("refund.failed", [["refund", refund], ["payment", payment]]);
  }
}

function applyRefundToPayment(payment: Payment, delta: number): void {
  payment.amount_refunded += delta;
  if (payment.amount_refunded <= 0) {
    payment.amount_refunded = 0;
    payment.refund_status = null;
    payment.status = "captured";
  } else if (payment.amount_refunded >= payment.amount) {
    payment.refund_status = "full";
    payment.status = "refunded";
  } else {
    payment.refund_status = "partial";
    payment.status = "captured";
  }
}

export function getRefund(ctx: RazorpayContext, id: string): Refund {
  const refund = ctx.state.refunds.get(id);
  if (!refund) throw idNotFound();
  return refund;
}

export function getPaymentRefund(ctx: RazorpayContext, paymentId: string, refundId: string): Refund {
  const refund = getRefund(ctx, refundId);
  if (refund.payment_id !== paymentId) throw idNotFound();
  return refund;
}

export function listPaymentRefunds(ctx: RazorpayContext, paymentId: string): Collection<Refund> {
  getPayment(ctx, paymentId);
  return collection(ctx.state.refundsOf(paymentId));
}

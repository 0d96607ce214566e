// A stand-in for Razorpay Checkout in the customer's browser: pays an order and hands back exactly what
// Checkout's `handler` (success) or `payment.failed` callback would.
import { unixNow, type RazorpayContext } from "./context";
import type { Payment, PaymentMethod } from "./entities";
import { badRequest, invalid } from "./errors";
import { getOrder } from "./orders";
import { authorize, getPayment } from "./payments";
import { base62, rzpId } from "./random";
import { checkoutSignature } from "./signature";

export interface PayOptions {
  method?: PaymentMethod;
  /**
   * "captured": authorised and captured now; "authorized": authorised and left for a manual capture (or the
   * 3-day auto-refund); "failed": the bank declines. Omitted: authorised, then captured only if the order was
   * created with payment_capture 1 (the default).
   */
  outcome?: "captured" | "authorized" | "failed";
  /** Partial payments only (orders created with partial_payment: true). Default: the amount due. */
  amount?: number;
  email?: string;
  contact?: string;
}

/** Checkout's success handler argument. Verify with validatePaymentVerification / HMAC(key_secret, order|payment). */
export interface CheckoutSuccess {
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}

/** Checkout's payment.failed callback argument. */
export interface CheckoutFailure {
  error: {
    code: "BAD_REQUEST_ERROR";
    description: string;
    source: string;
    step: string;
    reason: string;
    metadata: { order_id: string; payment_id: string };
  };
}

export type CheckoutResult = CheckoutSuccess | CheckoutFailure;

export function isCheckoutSuccess(r: CheckoutResult): r is CheckoutSuccess {
  return "razorpay_signature" in r;
}

const METHODS: readonly PaymentMethod[] = ["card", "upi", "netbanking", "wallet"];

export function pay(ctx: RazorpayContext, orderId: string, opts: PayOptions = {}): CheckoutResult {
  const order = getOrder(ctx, orderId);
  if (order.status === "paid") throw badRequest("Order has already been paid");
  const method = opts.method ?? "card";
  if (!METHODS.includes(method)) throw invalid(`Unsupported payment method ${String(method)}`, "method");
  const amount = opts.amount ?? order.amount_due;
  if (amount !== order.amount_due && !order.partial_payment) throw invalid("The amount must equal the order amount due", "amount");
  if (!Number.isInteger(amount) || amount < 100 || amount > order.amount_due) throw invalid("Invalid partial payment amount", "amount");

  const payment: Payment = {
    id: rzpId("pay"),
    entity: "payment",
    amount,
    currency: "INR",
    status: "created",
    order_id: order.id,
    invoice_id: null,
    international: false,
    method,
    amount_refunded: 0,
    refund_status: null,
    captured: false,
    description: null,
    card_id: method === "card" ? rzpId("card") : null,
    bank: method === "netbanking" ? "HDFC" : null,
    wallet: method === "wallet" ? "paytm" : null,
    vpa: method === "upi" ? (opts.outcome === "failed" ? "failure@razorpay" : "success@razorpay") : null,
    email: opts.email ?? "customer@example.com",
    contact: opts.contact ?? "+919000090000",
    notes: [],
    fee: null,
    tax: null,
    error_code: null,
    error_description: null,
    error_source: null,
    error_step: null,
    error_reason: null,
    acquirer_data: method === "upi" ? { rrn: base62(12) } : method === "card" ? { auth_code: base62(6) } : { bank_transaction_id: base62(10) },
    created_at: unixNow(ctx),
  };
  ctx.state.payments.set(payment.id, payment);
  order.attempts += 1;
  if (order.status === "created") order.status = "attempted";

  if (opts.outcome === "failed") {
    fail(payment);
    ctx.webhooks.emit("payment.failed", [["payment", payment]]);
    ctx.state.save();
    return {
      error: {
        code: "BAD_REQUEST_ERROR",
        description: payment.error_description ?? "Payment failed",
        source: payment.error_source ?? "customer",
        step: payment.error_step ?? "payment_authentication",
        reason: payment.error_reason ?? "payment_failed",
        metadata: { order_id: order.id, payment_id: payment.id },
      },
    };
  }
  const autoCapture = opts.outcome === undefined ? (ctx.state.orderSettings.get(order.id)?.autoCapture ?? true) : opts.outcome === "captured";
  authorize(ctx, payment, autoCapture);
  return {
    razorpay_order_id: order.id,
    razorpay_payment_id: payment.id,
    razorpay_signature: checkoutSignature(ctx.config.keySecret, order.id, payment.id),
  };
}

/**
 * Late authorisation: a payment that failed is authorised after all (the bank answered late). Razorpay reports
 * this as payment.authorized (and payment.captured on auto-capture orders) after payment.failed.
 */
export function authorizeLate(ctx: RazorpayContext, paymentId: string, opts: { capture?: boolean } = {}): void {
  const payment = getPayment(ctx, paymentId);
  if (payment.status !== "failed") throw badRequest("Only a failed payment can be authorised late");
  const order = getOrder(ctx, payment.order_id);
  const autoCapture = opts.capture ?? ctx.state.orderSettings.get(order.id)?.autoCapture ?? true;
  // A paid order cannot take a second successful payment: the late one stays authorised (and is auto-refunded).
  authorize(ctx, payment, autoCapture && order.status !== "paid");
}

function fail(payment: Payment): void {
  payment.status = "failed";
  payment.error_code = "BAD_REQUEST_ERROR";
  payment.error_description = "Payment processing failed due to error at bank or wallet gateway";
  payment.error_source = "customer";
  payment.error_step = "payment_authentication";
  payment.error_reason = "payment_failed";
}


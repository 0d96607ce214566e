// POST /payments/verify: the Checkout handler's callback. It only tells the app early — the callback is never proof
// of payment (I4, R7). The signature is checked against the Razorpay order id WE stored for one of the caller's
// orders (someone else's order → 404), then the payment is fetched from Razorpay and what Razorpay says goes
// through the event path like a webhook. A payment that is not captured leaves the order where it was.
import { Query } from "node-appwrite";
import type { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import type { VerifyPaymentRequest, VerifyPaymentResponse } from "@chizze/contracts/api/payments";
import { toApiError } from "@chizze/platform/errors";
import { verifyCheckoutSignature } from "@chizze/platform/razorpay/signatures";
import type { GatewayPayment } from "@chizze/platform/razorpay/gateway";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { ingestRazorpayEvent } from "./apply";
import { fetchedPaymentEnvelope } from "./events";
import { paymentGateway } from "./gateway";

/**
 * @example await verifyPayment(deps, caller, { razorpayOrderId, razorpayPaymentId, razorpaySignature })
 */
export async function verifyPayment(deps: Deps, caller: Caller, input: z.infer<typeof VerifyPaymentRequest>): Promise<z.infer<typeof VerifyPaymentResponse>> {
  const found = await deps.db.payments.list([Query.equal("razorpay_order_id", input.razorpayOrderId)], { limit: 1 });
  const payment = found.rows[0];
  if (!payment || payment.customer_id !== caller.userId) throw notFound("Order");
  const order = await deps.db.orders.get(payment.order_id);
  if (!order || order.customer_id !== caller.userId) throw notFound("Order");

  const ok = await verifyCheckoutSignature(payment.razorpay_order_id, input.razorpayPaymentId, input.razorpaySignature, deps.config.razorpay.keySecret);
  if (!ok) throw new ApiError("unprocessable", "The payment signature does not match this order");

  let fetched: GatewayPayment;
  try {
    fetched = await paymentGateway(deps).fetchPayment(input.razorpayPaymentId);
  } catch (err) {
    throw toApiError(err);
  }
  if (fetched.order_id !== payment.razorpay_order_id) throw new ApiError("unprocessable", "The payment belongs to another order");
  const event = fetchedPaymentEnvelope(fetched, deps.now());
  if (event) await ingestRazorpayEvent(deps, event);

  const now = (await deps.db.orders.get(order.$id)) ?? order;
  return { orderId: now.$id, status: now.status, paymentStatus: now.payment_status };
}

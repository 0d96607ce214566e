// Payment confirmation paths. The Checkout callback (verify) only tells the app early; the webhook (or the
// reconciler's fetch) is what moves an order to paid — the callback alone is never proof of payment.
import { z } from "zod";
import { AppwriteId } from "../common";
import { defineRoute } from "../route";
import { OrderStatus, PaymentStatus } from "./orders";

export const RazorpayOrderId = z.string().regex(/^order_[A-Za-z0-9]{1,40}$/).meta({ example: "order_NkQ2Z7cW9zLkXb" });
export const RazorpayPaymentId = z.string().regex(/^pay_[A-Za-z0-9]{1,40}$/).meta({ example: "pay_NkQ3a1Bc2De3Fg" });
/** HMAC-SHA256 hex digest. */
export const HmacSha256Hex = z.string().regex(/^[a-f0-9]{64}$/, "Signature is 64 lower-case hex characters");

export const VerifyPaymentRequest = z
  .strictObject({
    razorpayOrderId: RazorpayOrderId,
    razorpayPaymentId: RazorpayPaymentId,
    razorpaySignature: HmacSha256Hex.meta({ description: "`razorpay_signature` from the Checkout handler" }),
  })
  .meta({
    id: "VerifyPaymentRequest",
    example: {
      razorpayOrderId: "order_NkQ2Z7cW9zLkXb",
      razorpayPaymentId: "pay_NkQ3a1Bc2De3Fg",
      razorpaySignature: "9ef4dffbfd84f1318f6739a3ce19f9d85851857ae648f114332d8401e0949a3d",
    },
  });

export const VerifyPaymentResponse = z
  .object({
    orderId: AppwriteId,
    status: OrderStatus,
    paymentStatus: PaymentStatus.meta({ description: "May still be `authorized` until the webhook confirms capture" }),
  })
  .meta({ id: "VerifyPaymentResponse" });

export const verifyPaymentRoute = defineRoute({
  id: "payments.verify",
  method: "POST",
  path: "/api/v1/payments/verify",
  functionId: "payments-verify",
  roles: ["customer"],
  rateLimit: "payments.verify",
  cache: null,
  idempotency: "none",
  request: { body: VerifyPaymentRequest },
  responses: { 200: VerifyPaymentResponse },
  summary: "Verify the Checkout callback",
  description:
    "Checks HMAC-SHA256(order_id|payment_id) against the stored Razorpay order id of one of the caller's orders and fetches the payment state. A bad signature is 422; safe to retry.",
  tags: ["payments"],
});

/**
 * Razorpay's webhook envelope. Deliberately loose and snake_case: it is Razorpay's format, not ours, and gains
 * fields over time. The signature is checked over the raw bytes before this is parsed.
 */
export const RazorpayWebhookEvent = z
  .looseObject({
    entity: z.literal("event"),
    account_id: z.string(),
    event: z.string().meta({ example: "payment.captured" }),
    contains: z.array(z.string()),
    payload: z.record(z.string(), z.unknown()),
    created_at: z.number().int().meta({ description: "Unix seconds" }),
  })
  .meta({ id: "RazorpayWebhookEvent" });

export const RazorpayWebhookHeaders = z.object({
  "x-razorpay-signature": HmacSha256Hex.meta({ description: "HMAC-SHA256 of the raw body with the webhook secret" }),
  "x-razorpay-event-id": z.string().min(1).max(64).meta({ description: "Unique per event; the dedupe key" }),
});

export const WebhookAck = z
  .object({ received: z.literal(true), duplicate: z.boolean().meta({ description: "This event id was already recorded" }) })
  .meta({ id: "WebhookAck" });

export const razorpayWebhookRoute = defineRoute({
  id: "payments.webhook",
  method: "POST",
  path: "/api/v1/webhooks/razorpay",
  functionId: "payments-webhook",
  roles: ["razorpay"],
  rateLimit: "webhooks.razorpay",
  cache: null,
  idempotency: "none",
  request: { body: RazorpayWebhookEvent, headers: RazorpayWebhookHeaders },
  responses: { 200: WebhookAck },
  summary: "Razorpay webhook",
  description:
    "Signature verified on the raw body, event recorded once by x-razorpay-event-id, 2xx within Razorpay's 5 s; processing continues in the background. Events arriving out of order are parked, never dropped.",
  tags: ["payments"],
});

export const paymentsRoutes = [verifyPaymentRoute, razorpayWebhookRoute] as const;

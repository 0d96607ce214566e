// Razorpay test double: what the razorpay SDK, Checkout and Razorpay's webhooks look like to our code. See README.md.
export { startRazorpay, pointRazorpaySdkAt, type RazorpayCheckout, type RunningRazorpay, type StartRazorpayOptions } from "./server";
export { createRazorpayApp } from "./app";
export { isCheckoutSuccess, type CheckoutFailure, type CheckoutResult, type CheckoutSuccess, type PayOptions } from "./checkout";
export type { RazorpayConfig, RazorpayContext } from "./context";
export type { Collection, Notes, Order, Payment, PaymentMethod, Refund, Transfer, TransferRequest } from "./entities";
export { RazorpayError, type RazorpayErrorBody, type RazorpayErrorCode } from "./errors";
export { checkoutSignature, hmacSha256Hex, webhookSignature } from "./signature";
export { RazorpayState, type CallRecord, type IdempotencyRecord, type OrderSettings } from "./state";
export {
  WebhookEmitter,
  type DeliveryRecord,
  type PayloadKey,
  type WebhookEnvelope,
  type WebhookEvent,
  type WebhookEventName,
  type Webhooks,
  type WebhookSettings,
} from "./webhooks";
export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "./testing";
export { rzpId, seededRandom, shuffleInWindows } from "./random";

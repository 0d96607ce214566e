import { defineFunction, ok } from "@chizze/function-kit";
import { razorpayWebhookRoute } from "@chizze/contracts/api/payments";
import { depsFor } from "@chizze/services";
import { receiveRazorpayWebhook } from "@chizze/services/payments/webhook";

export default defineFunction({
  id: "payments-webhook",
  trigger: "http",
  route: razorpayWebhookRoute,
  handler: async (ctx) => {
    const startedAt = performance.now();
    const input = { rawBody: ctx.rawBody, signature: ctx.headers["x-razorpay-signature"] ?? "", eventId: ctx.headers["x-razorpay-event-id"] ?? "" };
    return ok(await receiveRazorpayWebhook(depsFor(ctx), input, { startedAt }));
  },
});

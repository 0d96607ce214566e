import { defineFunction, ok } from "@chizze/function-kit";
import { verifyPaymentRoute } from "@chizze/contracts/api/payments";
import { depsFor, requireCaller } from "@chizze/services";
import { verifyPayment } from "@chizze/services/payments/verify";

export default defineFunction({
  id: "payments-verify",
  trigger: "http",
  route: verifyPaymentRoute,
  handler: async (ctx) => ok(await verifyPayment(depsFor(ctx), requireCaller(ctx.identity), ctx.body)),
});

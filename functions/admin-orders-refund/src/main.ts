import { defineFunction, accepted } from "@chizze/function-kit";
import { refundRoute } from "@chizze/contracts/api/admin";
import { depsFor, requireCaller } from "@chizze/services";
import { refundOrder } from "@chizze/services/payments/admin-refund";

export default defineFunction({
  id: "admin-orders-refund",
  trigger: "http",
  route: refundRoute,
  handler: async (ctx) => accepted(await refundOrder(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body, ctx.idempotencyKey ?? "")),
});

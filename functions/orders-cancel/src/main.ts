import { defineFunction, ok } from "@chizze/function-kit";
import { cancelOrderRoute } from "@chizze/contracts/api/orders";
import { depsFor, requireCaller } from "@chizze/services";
import { cancelOrder } from "@chizze/services/orders/cancel";

export default defineFunction({
  id: "orders-cancel",
  trigger: "http",
  route: cancelOrderRoute,
  handler: async (ctx) => ok(await cancelOrder(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

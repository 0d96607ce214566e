import { defineFunction, ok } from "@chizze/function-kit";
import { getOrderRoute } from "@chizze/contracts/api/orders";
import { depsFor, requireCaller } from "@chizze/services";
import { getOrder } from "@chizze/services/orders/get";

export default defineFunction({
  id: "orders-get",
  trigger: "http",
  route: getOrderRoute,
  handler: async (ctx) => ok(await getOrder(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id)),
});

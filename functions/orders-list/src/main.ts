import { defineFunction, ok } from "@chizze/function-kit";
import { listOrdersRoute } from "@chizze/contracts/api/orders";
import { depsFor, requireCaller } from "@chizze/services";
import { listMyOrders } from "@chizze/services/orders/list";

export default defineFunction({
  id: "orders-list",
  trigger: "http",
  route: listOrdersRoute,
  handler: async (ctx) => ok(await listMyOrders(depsFor(ctx), requireCaller(ctx.identity), ctx.query)),
});

import { defineFunction, ok } from "@chizze/function-kit";
import { acceptOrderRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { acceptOrder } from "@chizze/services/orders/kitchen";

export default defineFunction({
  id: "restaurant-orders-accept",
  trigger: "http",
  route: acceptOrderRoute,
  handler: async (ctx) => ok(await acceptOrder(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

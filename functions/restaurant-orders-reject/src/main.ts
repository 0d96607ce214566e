import { defineFunction, ok } from "@chizze/function-kit";
import { rejectOrderRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { rejectOrder } from "@chizze/services/orders/kitchen";

export default defineFunction({
  id: "restaurant-orders-reject",
  trigger: "http",
  route: rejectOrderRoute,
  handler: async (ctx) => ok(await rejectOrder(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

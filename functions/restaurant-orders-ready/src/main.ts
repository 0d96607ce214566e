import { defineFunction, ok } from "@chizze/function-kit";
import { readyOrderRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { markReady } from "@chizze/services/orders/kitchen";

export default defineFunction({
  id: "restaurant-orders-ready",
  trigger: "http",
  route: readyOrderRoute,
  handler: async (ctx) => ok(await markReady(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

import { defineFunction, ok } from "@chizze/function-kit";
import { restaurantOrdersRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { restaurantOrderQueue } from "@chizze/services/orders/restaurant-queue";

export default defineFunction({
  id: "restaurant-orders-list",
  trigger: "http",
  route: restaurantOrdersRoute,
  handler: async (ctx) => ok(await restaurantOrderQueue(depsFor(ctx), requireCaller(ctx.identity), ctx.query)),
});

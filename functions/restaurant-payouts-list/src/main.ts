import { defineFunction, ok } from "@chizze/function-kit";
import { restaurantPayoutsRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { restaurantPayouts } from "@chizze/services/payouts/report";

export default defineFunction({
  id: "restaurant-payouts-list",
  trigger: "http",
  route: restaurantPayoutsRoute,
  handler: async (ctx) => ok(await restaurantPayouts(depsFor(ctx), requireCaller(ctx.identity), ctx.query)),
});

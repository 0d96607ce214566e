import { defineFunction, ok } from "@chizze/function-kit";
import { approveRestaurantRoute } from "@chizze/contracts/api/admin";
import { depsFor, requireCaller } from "@chizze/services";
import { approveRestaurant } from "@chizze/services/restaurant-admin/approve";

export default defineFunction({
  id: "admin-restaurants-approve",
  trigger: "http",
  route: approveRestaurantRoute,
  handler: async (ctx) => ok(await approveRestaurant(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

import { defineFunction, ok } from "@chizze/function-kit";
import { updateRestaurantRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { updateMyRestaurant } from "@chizze/services/restaurant-admin/update";

export default defineFunction({
  id: "restaurant-update",
  trigger: "http",
  route: updateRestaurantRoute,
  handler: async (ctx) => ok(await updateMyRestaurant(depsFor(ctx), requireCaller(ctx.identity), ctx.query.restaurantId, ctx.body)),
});

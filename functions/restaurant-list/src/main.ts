import { defineFunction, ok } from "@chizze/function-kit";
import { myRestaurantsRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { listMyRestaurants } from "@chizze/services/restaurant-admin/list";

export default defineFunction({
  id: "restaurant-list",
  trigger: "http",
  route: myRestaurantsRoute,
  handler: async (ctx) => ok(await listMyRestaurants(depsFor(ctx), requireCaller(ctx.identity))),
});

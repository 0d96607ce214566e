import { defineFunction, ok } from "@chizze/function-kit";
import { restaurantRoute } from "@chizze/contracts/api/catalog";
import { depsFor } from "@chizze/services";
import { getRestaurant } from "@chizze/services/catalog/get";

export default defineFunction({
  id: "restaurants-get",
  trigger: "http",
  route: restaurantRoute,
  handler: async (ctx) => ok(await getRestaurant(depsFor(ctx), ctx.params.id)),
});

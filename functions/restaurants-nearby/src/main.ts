import { defineFunction, ok } from "@chizze/function-kit";
import { nearbyRoute } from "@chizze/contracts/api/catalog";
import { depsFor, requireCaller } from "@chizze/services";
import { nearbyRestaurants } from "@chizze/services/catalog/nearby";

export default defineFunction({
  id: "restaurants-nearby",
  trigger: "http",
  route: nearbyRoute,
  handler: async (ctx) => ok(await nearbyRestaurants(depsFor(ctx), requireCaller(ctx.identity), ctx.query)),
});

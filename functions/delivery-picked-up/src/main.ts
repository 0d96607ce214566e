import { defineFunction, ok } from "@chizze/function-kit";
import { pickedUpRoute } from "@chizze/contracts/api/delivery";
import { depsFor, requireCaller } from "@chizze/services";
import { confirmPickup } from "@chizze/services/dispatch/pickup";

export default defineFunction({
  id: "delivery-picked-up",
  trigger: "http",
  route: pickedUpRoute,
  handler: async (ctx) => ok(await confirmPickup(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

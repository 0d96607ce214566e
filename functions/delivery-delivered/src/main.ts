import { defineFunction, ok } from "@chizze/function-kit";
import { deliveredRoute } from "@chizze/contracts/api/delivery";
import { depsFor, requireCaller } from "@chizze/services";
import { confirmDelivery } from "@chizze/services/dispatch/deliver";

export default defineFunction({
  id: "delivery-delivered",
  trigger: "http",
  route: deliveredRoute,
  handler: async (ctx) => ok(await confirmDelivery(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

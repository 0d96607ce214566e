import { defineFunction, ok } from "@chizze/function-kit";
import { offersRoute } from "@chizze/contracts/api/delivery";
import { depsFor, requireCaller } from "@chizze/services";
import { listOffers } from "@chizze/services/dispatch/list";

export default defineFunction({
  id: "delivery-offers-list",
  trigger: "http",
  route: offersRoute,
  handler: async (ctx) => ok(await listOffers(depsFor(ctx), requireCaller(ctx.identity))),
});

import { defineFunction, ok } from "@chizze/function-kit";
import { deliveryLocationRoute } from "@chizze/contracts/api/delivery";
import { depsFor, requireCaller } from "@chizze/services";
import { reportLocation } from "@chizze/services/delivery/location";

export default defineFunction({
  id: "delivery-location",
  trigger: "http",
  route: deliveryLocationRoute,
  handler: async (ctx) => ok(await reportLocation(depsFor(ctx), requireCaller(ctx.identity), ctx.body)),
});

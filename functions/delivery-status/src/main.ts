import { defineFunction, ok } from "@chizze/function-kit";
import { deliveryStatusRoute } from "@chizze/contracts/api/delivery";
import { depsFor, requireCaller } from "@chizze/services";
import { setDeliveryStatus } from "@chizze/services/delivery/status";

export default defineFunction({
  id: "delivery-status",
  trigger: "http",
  route: deliveryStatusRoute,
  handler: async (ctx) => ok(await setDeliveryStatus(depsFor(ctx), requireCaller(ctx.identity), ctx.body)),
});

import { defineFunction, ok } from "@chizze/function-kit";
import { partnerPayoutsRoute } from "@chizze/contracts/api/delivery";
import { depsFor, requireCaller } from "@chizze/services";
import { partnerPayouts } from "@chizze/services/payouts/report";

export default defineFunction({
  id: "delivery-payouts-list",
  trigger: "http",
  route: partnerPayoutsRoute,
  handler: async (ctx) => ok(await partnerPayouts(depsFor(ctx), requireCaller(ctx.identity), ctx.query)),
});

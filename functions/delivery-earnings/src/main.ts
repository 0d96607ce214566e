import { defineFunction, ok } from "@chizze/function-kit";
import { earningsRoute } from "@chizze/contracts/api/delivery";
import { depsFor, requireCaller } from "@chizze/services";
import { partnerEarnings } from "@chizze/services/delivery/earnings";

export default defineFunction({
  id: "delivery-earnings",
  trigger: "http",
  route: earningsRoute,
  handler: async (ctx) => ok(await partnerEarnings(depsFor(ctx), requireCaller(ctx.identity), ctx.query)),
});

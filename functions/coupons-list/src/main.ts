import { defineFunction, ok } from "@chizze/function-kit";
import { couponsRoute } from "@chizze/contracts/api/catalog";
import { depsFor, requireCaller } from "@chizze/services";
import { listCoupons } from "@chizze/services/catalog/coupons";

export default defineFunction({
  id: "coupons-list",
  trigger: "http",
  route: couponsRoute,
  handler: async (ctx) => ok(await listCoupons(depsFor(ctx), requireCaller(ctx.identity), ctx.query)),
});

import { defineFunction, ok } from "@chizze/function-kit";
import { updateAddressRoute } from "@chizze/contracts/api/me";
import { depsFor, requireCaller } from "@chizze/services";
import { updateAddress } from "@chizze/services/addresses/update";

export default defineFunction({
  id: "addresses-update",
  trigger: "http",
  route: updateAddressRoute,
  handler: async (ctx) => ok(await updateAddress(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

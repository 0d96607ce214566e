import { defineFunction, noContent } from "@chizze/function-kit";
import { deleteAddressRoute } from "@chizze/contracts/api/me";
import { depsFor, requireCaller } from "@chizze/services";
import { deleteAddress } from "@chizze/services/addresses/delete";

export default defineFunction({
  id: "addresses-delete",
  trigger: "http",
  route: deleteAddressRoute,
  handler: async (ctx) => {
    await deleteAddress(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id);
    return noContent();
  },
});

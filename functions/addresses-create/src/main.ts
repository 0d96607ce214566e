import { defineFunction, created } from "@chizze/function-kit";
import { createAddressRoute } from "@chizze/contracts/api/me";
import { depsFor, requireCaller } from "@chizze/services";
import { createAddress } from "@chizze/services/addresses/create";

export default defineFunction({
  id: "addresses-create",
  trigger: "http",
  route: createAddressRoute,
  handler: async (ctx) => created(await createAddress(depsFor(ctx), requireCaller(ctx.identity), ctx.body, ctx.idempotencyKey)),
});

import { defineFunction, ok } from "@chizze/function-kit";
import { listAddressesRoute } from "@chizze/contracts/api/me";
import { depsFor, requireCaller } from "@chizze/services";
import { listAddresses } from "@chizze/services/addresses/list";

export default defineFunction({
  id: "addresses-list",
  trigger: "http",
  route: listAddressesRoute,
  handler: async (ctx) => ok(await listAddresses(depsFor(ctx), requireCaller(ctx.identity))),
});

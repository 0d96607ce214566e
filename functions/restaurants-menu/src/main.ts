import { defineFunction, ok } from "@chizze/function-kit";
import { menuRoute } from "@chizze/contracts/api/catalog";
import { depsFor } from "@chizze/services";
import { getMenu } from "@chizze/services/catalog/menu";

export default defineFunction({
  id: "restaurants-menu",
  trigger: "http",
  route: menuRoute,
  handler: async (ctx) => ok(await getMenu(depsFor(ctx), ctx.params.id)),
});

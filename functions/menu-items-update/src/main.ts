import { defineFunction, ok } from "@chizze/function-kit";
import { updateMenuItemRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { updateMenuItem } from "@chizze/services/menu/update";

export default defineFunction({
  id: "menu-items-update",
  trigger: "http",
  route: updateMenuItemRoute,
  handler: async (ctx) => ok(await updateMenuItem(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

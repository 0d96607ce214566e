import { defineFunction, ok } from "@chizze/function-kit";
import { deleteMenuItemRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { deleteMenuItem } from "@chizze/services/menu/delete";

export default defineFunction({
  id: "menu-items-delete",
  trigger: "http",
  route: deleteMenuItemRoute,
  handler: async (ctx) => ok(await deleteMenuItem(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id)),
});

import { defineFunction, created } from "@chizze/function-kit";
import { createMenuItemRoute } from "@chizze/contracts/api/restaurant";
import { depsFor, requireCaller } from "@chizze/services";
import { createMenuItem } from "@chizze/services/menu/create";

export default defineFunction({
  id: "menu-items-create",
  trigger: "http",
  route: createMenuItemRoute,
  handler: async (ctx) => created(await createMenuItem(depsFor(ctx), requireCaller(ctx.identity), ctx.query.restaurantId, ctx.body, ctx.idempotencyKey)),
});

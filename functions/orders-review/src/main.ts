import { created, defineFunction } from "@chizze/function-kit";
import { reviewOrderRoute } from "@chizze/contracts/api/orders";
import { depsFor, requireCaller } from "@chizze/services";
import { reviewOrder } from "@chizze/services/reviews/create";

export default defineFunction({
  id: "orders-review",
  trigger: "http",
  route: reviewOrderRoute,
  handler: async (ctx) => created(await reviewOrder(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body)),
});

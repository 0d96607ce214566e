import { defineFunction } from "@chizze/function-kit";
import { placeOrderRoute } from "@chizze/contracts/api/orders";
import { ApiError } from "@chizze/contracts/errors";
import { depsFor, requireCaller } from "@chizze/services";
import { placeOrder } from "@chizze/services/orders/place";

export default defineFunction({
  id: "orders-place",
  trigger: "http",
  route: placeOrderRoute,
  handler: async (ctx) => {
    if (!ctx.idempotencyKey) throw new ApiError("idempotency_key_required");
    return placeOrder(depsFor(ctx), requireCaller(ctx.identity), ctx.body, ctx.idempotencyKey);
  },
});

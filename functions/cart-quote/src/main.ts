import { defineFunction, ok } from "@chizze/function-kit";
import { quoteRoute } from "@chizze/contracts/api/cart";
import { depsFor, requireCaller } from "@chizze/services";
import { quoteCart } from "@chizze/services/orders/quote";

export default defineFunction({
  id: "cart-quote",
  trigger: "http",
  route: quoteRoute,
  handler: async (ctx) => ok(await quoteCart(depsFor(ctx), requireCaller(ctx.identity), ctx.body)),
});

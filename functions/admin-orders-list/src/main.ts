import { defineFunction, ok } from "@chizze/function-kit";
import { adminOrdersRoute } from "@chizze/contracts/api/admin";
import { depsFor, requireCaller } from "@chizze/services";
import { listAdminOrders } from "@chizze/services/orders/admin-list";

export default defineFunction({
  id: "admin-orders-list",
  trigger: "http",
  route: adminOrdersRoute,
  handler: async (ctx) => ok(await listAdminOrders(depsFor(ctx), requireCaller(ctx.identity), ctx.query)),
});

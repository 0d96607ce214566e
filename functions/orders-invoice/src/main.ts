import { defineFunction, ok } from "@chizze/function-kit";
import { getInvoiceRoute } from "@chizze/contracts/api/orders";
import { depsFor, requireCaller } from "@chizze/services";
import { getInvoice } from "@chizze/services/invoices/get";

export default defineFunction({
  id: "orders-invoice",
  trigger: "http",
  route: getInvoiceRoute,
  handler: async (ctx) => ok(await getInvoice(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id)),
});

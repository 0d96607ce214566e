import { defineFunction, ok } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { reconcilePayments } from "@chizze/services/payments/reconcile";

export default defineFunction({
  id: "payments-reconcile",
  trigger: "schedule",
  handler: async (ctx) => ok(await reconcilePayments(depsFor(ctx))),
});

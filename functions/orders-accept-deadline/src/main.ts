import { defineFunction, ok } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { enforceAcceptDeadlines } from "@chizze/services/orders/accept-deadline";

export default defineFunction({
  id: "orders-accept-deadline",
  trigger: "schedule",
  handler: async (ctx) => ok(await enforceAcceptDeadlines(depsFor(ctx))),
});

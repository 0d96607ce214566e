import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { invoicesEnv, operatorDetails, type InvoicesEnv } from "@chizze/services/invoices/config";
import { issueInvoiceForOrderRow, OrderRowEvent } from "@chizze/services/invoices/issue";

// Parsed once per warm runtime (style rule 6).
let env: InvoicesEnv | undefined;

export default defineFunction({
  id: "invoices-issue",
  trigger: "event",
  input: OrderRowEvent,
  handler: async (ctx) => {
    env ??= parseEnv(invoicesEnv, process.env);
    // Reliability tests kill the runtime between the invoice row and its PDF; never in production.
    const crash = env.INVOICES_FAULT === "exit_after_row" && ctx.env.CHIZZE_ENV !== "production";
    const operator = operatorDetails(env, ctx.env.CHIZZE_ENV);
    return ok(await issueInvoiceForOrderRow(depsFor(ctx), ctx.event, ctx.payload, { operator, ...(crash ? { afterRowCommitted: () => process.exit(1) } : {}) }));
  },
});

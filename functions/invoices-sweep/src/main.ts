import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { invoicesEnv, operatorDetails, type InvoicesEnv } from "@chizze/services/invoices/config";
import { invoicesSweepEnv, sweepInvoices } from "@chizze/services/invoices/sweep";
import type { z } from "zod";

// Parsed once per warm runtime (style rule 6).
let env: (InvoicesEnv & z.output<typeof invoicesSweepEnv>) | undefined;

export default defineFunction({
  id: "invoices-sweep",
  trigger: "schedule",
  handler: async (ctx) => {
    env ??= { ...parseEnv(invoicesEnv, process.env), ...parseEnv(invoicesSweepEnv, process.env) };
    return ok(await sweepInvoices(depsFor(ctx), { operator: operatorDetails(env, ctx.env.CHIZZE_ENV), hours: env.INVOICE_SWEEP_HOURS }));
  },
});

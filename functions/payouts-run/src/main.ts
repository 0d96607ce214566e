import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { payoutsEnv, runPayouts } from "@chizze/services/payouts/run";
import type { z } from "zod";

// Parsed once per warm runtime (style rule 6).
let env: z.infer<typeof payoutsEnv> | undefined;

export default defineFunction({
  id: "payouts-run",
  trigger: "schedule",
  handler: async (ctx) => {
    env ??= parseEnv(payoutsEnv, process.env);
    // Reliability tests kill the runtime between creating a transfer and recording it; never in production.
    const crash = env.PAYOUTS_FAULT === "exit_after_transfer" && ctx.env.CHIZZE_ENV !== "production";
    return ok(await runPayouts(depsFor(ctx), { reconcileDays: env.PAYOUT_RECONCILE_DAYS, ...(crash ? { afterTransferCreated: () => process.exit(1) } : {}) }));
  },
});

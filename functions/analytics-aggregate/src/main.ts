import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { analyticsEnv, runAnalytics } from "@chizze/services/analytics/run";
import type { z } from "zod";

// Parsed once per warm runtime (style rule 6).
let env: z.output<typeof analyticsEnv> | undefined;

export default defineFunction({
  id: "analytics-aggregate",
  trigger: "schedule",
  handler: async (ctx) => {
    env ??= parseEnv(analyticsEnv, process.env);
    // Reliability tests kill the runtime after the first day's rows are stored; never in production.
    const crash = env.ANALYTICS_FAULT === "exit_after_first_day" && ctx.env.CHIZZE_ENV !== "production";
    return ok(await runAnalytics(depsFor(ctx), { lookbackDays: env.ANALYTICS_LOOKBACK_DAYS, ...(crash ? { afterDayStored: () => process.exit(1) } : {}) }));
  },
});

import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { faultStep, purgeEnv, type PurgeEnv } from "@chizze/services/privacy/config";
import { purgeDueAccounts, purgeOptions } from "@chizze/services/privacy/purge";

// Parsed once per warm runtime (style rule 6); a bad value fails the run loudly instead of erasing on a guess.
let env: PurgeEnv | undefined;

export default defineFunction({
  id: "accounts-purge",
  trigger: "schedule",
  handler: async (ctx) => {
    env ??= parseEnv(purgeEnv, process.env);
    // The reliability tests' fault (kill the runtime after n pages) never applies in production.
    const fault = ctx.env.CHIZZE_ENV === "production" ? null : faultStep(env);
    return ok(await purgeDueAccounts(depsFor(ctx), purgeOptions(env, fault)));
  },
});

import { accepted, defineFunction, parseEnv } from "@chizze/function-kit";
import { deleteMeRoute } from "@chizze/contracts/api/me";
import { depsFor, requireCaller } from "@chizze/services";
import { deletionEnv, type DeletionEnv } from "@chizze/services/privacy/config";
import { requestAccountDeletion } from "@chizze/services/privacy/request";

// Parsed once per warm runtime (style rule 6); a bad value fails loudly instead of deleting on a guess.
let env: DeletionEnv | undefined;

export default defineFunction({
  id: "me-delete",
  trigger: "http",
  route: deleteMeRoute,
  handler: async (ctx) => {
    env ??= parseEnv(deletionEnv, process.env);
    return accepted(await requestAccountDeletion(depsFor(ctx), requireCaller(ctx.identity), { graceDays: env.ACCOUNT_DELETION_GRACE_DAYS }));
  },
});

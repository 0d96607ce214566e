import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { archiveEnv, type ArchiveEnv } from "@chizze/services/archival/config";
import { runArchivalExecution } from "@chizze/services/archival/execution";

// Parsed once per warm runtime (style rule 6); a bad value fails the run loudly instead of archiving on a guess.
let env: ArchiveEnv | undefined;

export default defineFunction({
  id: "orders-archive",
  trigger: "schedule",
  handler: async (ctx) => {
    env ??= parseEnv(archiveEnv, process.env);
    return ok(await runArchivalExecution(ctx, env));
  },
});

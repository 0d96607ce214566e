import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { dispatchEnv, dispatchSettings, type DispatchSettings } from "@chizze/services/dispatch/config";
import { sweepDispatch } from "@chizze/services/dispatch/sweep";

// Parsed once per warm runtime (style rule 6).
let settings: DispatchSettings | undefined;

export default defineFunction({
  id: "dispatch-sweeper",
  trigger: "schedule",
  handler: async (ctx) => {
    settings ??= dispatchSettings(parseEnv(dispatchEnv, process.env));
    return ok(await sweepDispatch(depsFor(ctx), settings));
  },
});

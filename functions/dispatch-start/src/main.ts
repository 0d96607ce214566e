import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { depsFor } from "@chizze/services";
import { dispatchEnv, dispatchSettings, type DispatchSettings } from "@chizze/services/dispatch/config";
import { OrderRowEvent, onOrderRowChange } from "@chizze/services/dispatch/start";

// Parsed once per warm runtime (style rule 6).
let settings: DispatchSettings | undefined;

export default defineFunction({
  id: "dispatch-start",
  trigger: "event",
  input: OrderRowEvent,
  handler: async (ctx) => {
    settings ??= dispatchSettings(parseEnv(dispatchEnv, process.env));
    return ok(await onOrderRowChange(depsFor(ctx), ctx.payload, settings));
  },
});

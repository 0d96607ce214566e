import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { rejectOfferRoute } from "@chizze/contracts/api/delivery";
import { depsFor, requireCaller } from "@chizze/services";
import { dispatchEnv, dispatchSettings, type DispatchSettings } from "@chizze/services/dispatch/config";
import { rejectOffer } from "@chizze/services/dispatch/reject";

// Parsed once per warm runtime (style rule 6).
let settings: DispatchSettings | undefined;

export default defineFunction({
  id: "delivery-offers-reject",
  trigger: "http",
  route: rejectOfferRoute,
  handler: async (ctx) => {
    settings ??= dispatchSettings(parseEnv(dispatchEnv, process.env));
    return ok(await rejectOffer(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, ctx.body, settings));
  },
});

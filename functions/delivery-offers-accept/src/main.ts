import { defineFunction, ok, parseEnv } from "@chizze/function-kit";
import { acceptOfferRoute } from "@chizze/contracts/api/delivery";
import { depsFor, requireCaller } from "@chizze/services";
import { dispatchEnv, dispatchSettings, type DispatchSettings } from "@chizze/services/dispatch/config";
import { acceptOffer } from "@chizze/services/dispatch/accept";

// Parsed once per warm runtime (style rule 6).
let settings: DispatchSettings | undefined;

export default defineFunction({
  id: "delivery-offers-accept",
  trigger: "http",
  route: acceptOfferRoute,
  handler: async (ctx) => {
    settings ??= dispatchSettings(parseEnv(dispatchEnv, process.env));
    return ok(await acceptOffer(depsFor(ctx), requireCaller(ctx.identity), ctx.params.id, settings));
  },
});

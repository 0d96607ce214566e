import { defineFunction, ok } from "@chizze/function-kit";
import { getProfileRoute } from "@chizze/contracts/api/me";
import { depsFor, requireCaller } from "@chizze/services";
import { getProfile } from "@chizze/services/profile/get";

export default defineFunction({
  id: "me-get",
  trigger: "http",
  route: getProfileRoute,
  handler: async (ctx) => ok(await getProfile(depsFor(ctx), requireCaller(ctx.identity))),
});

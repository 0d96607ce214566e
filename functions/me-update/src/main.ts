import { defineFunction, ok } from "@chizze/function-kit";
import { updateProfileRoute } from "@chizze/contracts/api/me";
import { depsFor, requireCaller } from "@chizze/services";
import { updateProfile } from "@chizze/services/profile/update";

export default defineFunction({
  id: "me-update",
  trigger: "http",
  route: updateProfileRoute,
  handler: async (ctx) => ok(await updateProfile(depsFor(ctx), requireCaller(ctx.identity), ctx.body)),
});

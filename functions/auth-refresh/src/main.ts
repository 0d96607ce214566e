import { defineFunction, ok } from "@chizze/function-kit";
import { refreshRoute } from "@chizze/contracts/api/auth";
import { depsFor } from "@chizze/services";
import { refreshJwt } from "@chizze/services/auth/refresh";

export default defineFunction({
  id: "auth-refresh",
  trigger: "http",
  // `session`: the caller holds a session secret, not a JWT; the verb makes the secret the credential.
  route: refreshRoute,
  handler: async (ctx) => ok(await refreshJwt(depsFor(ctx), { body: ctx.body, headerSecret: ctx.headers["x-session-secret"] })),
});

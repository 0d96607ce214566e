import { defineFunction, ok } from "@chizze/function-kit";
import { appConfigRoute } from "@chizze/contracts/api/app-config";
import { depsFor } from "@chizze/services";
import { getAppConfig } from "@chizze/services/catalog/app-config";

export default defineFunction({
  id: "app-config-get",
  trigger: "http",
  route: appConfigRoute,
  handler: async (ctx) => ok(await getAppConfig(depsFor(ctx), ctx.identity, { appVersion: ctx.headers["x-app-version"], platform: ctx.headers["x-platform"] })),
});

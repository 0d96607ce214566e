import { defineFunction, ok } from "@chizze/function-kit";
import { exportMeRoute } from "@chizze/contracts/api/me";
import { depsFor, requireCaller } from "@chizze/services";
import { exportMyData } from "@chizze/services/privacy/export";

export default defineFunction({
  id: "me-export",
  trigger: "http",
  route: exportMeRoute,
  handler: async (ctx) => ok(await exportMyData(depsFor(ctx), requireCaller(ctx.identity))),
});

// Liveness of the function runtime: proves deployment, bundling and the kit work end to end.
// The edge's /health/ready executes it to report "functions" alongside Redis and Appwrite.
import { defineFunction, ok } from "@chizze/function-kit";
import { functionHealthRoute } from "@chizze/contracts/api/health";

const startedAt = Date.now();

export default defineFunction({
  id: "health",
  trigger: "http",
  route: functionHealthRoute,
  handler: async (ctx) =>
    ok({
      status: "ok",
      function: ctx.functionId,
      release: ctx.env.RELEASE ?? "dev",
      runtime: `node-${process.versions.node}`,
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
      requestId: ctx.requestId,
    }),
});

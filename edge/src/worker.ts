// Cloudflare Workers entry. With SENTRY_DSN set, Sentry wraps the handler; without it the app answers directly:
// Sentry's wrapper builds a client, an isolation scope and spans on every request even when disabled, about an eighth
// of the edge's CPU per request in a workerd profile. Unknown errors are captured explicitly in the app's onError,
// because Hono answers them itself and Sentry's wrapper would never see them.
import * as Sentry from "@sentry/cloudflare";
import type { ExportedHandler } from "@cloudflare/workers-types";
import { createApp } from "./app";
import type { Bindings } from "./env";

// Module scope = one app per isolate: its LRU, readiness cache and OpenAPI document live as long as the isolate.
const app = createApp({
  reportError: (err, ctx) => {
    Sentry.captureException(err, { tags: { route: ctx.routeId ?? "unmatched" }, extra: { requestId: ctx.requestId }, ...(ctx.userId ? { user: { id: ctx.userId } } : {}) });
  },
});

const handler = {
  // workers-types' Request/ExecutionContext and the DOM ones hono is typed with describe the same runtime objects.
  fetch: (request, env, ctx) => app.fetch(request as unknown as Request, env, ctx) as unknown as ReturnType<NonNullable<ExportedHandler<Bindings>["fetch"]>>,
} satisfies ExportedHandler<Bindings>;

const withSentry = Sentry.withSentry(
  (env: Bindings) => ({
    dsn: env.SENTRY_DSN,
    enabled: Boolean(env.SENTRY_DSN),
    environment: env.CHIZZE_ENV ?? "production",
    ...(env.RELEASE ? { release: env.RELEASE } : {}),
    tracesSampleRate: 0.1,
    // Without the Fetch integration: its instrumented fetch left a failed subrequest's rejection unobserved (a Redis
    // or Appwrite outage became unhandled rejections, seen in the workerd suite), and every subrequest is in our
    // own request log already.
    integrations: (defaults) => defaults.filter((i) => i.name !== "Fetch"),
  }),
  // A copy: withSentry replaces the object's `fetch` with its instrumented proxy in place.
  { ...handler },
);

export default {
  fetch: (request, env, ctx) => (env.SENTRY_DSN ? withSentry.fetch(request, env, ctx) : handler.fetch(request, env, ctx)),
} satisfies ExportedHandler<Bindings>;

// Cloudflare Workers entry. Sentry wraps the handler and is a no-op without SENTRY_DSN (enabled: false → a client
// exists but sends nothing). Unknown errors are captured explicitly in the app's onError, because Hono answers them
// itself and Sentry's wrapper would never see them.
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

export default Sentry.withSentry(
  (env: Bindings) => ({
    dsn: env.SENTRY_DSN,
    enabled: Boolean(env.SENTRY_DSN),
    environment: env.CHIZZE_ENV ?? "production",
    ...(env.RELEASE ? { release: env.RELEASE } : {}),
    tracesSampleRate: 0.1,
  }),
  {
    // workers-types' Request/ExecutionContext and the DOM ones hono is typed with describe the same runtime objects.
    fetch: (request, env, ctx) => app.fetch(request as unknown as Request, env, ctx) as unknown as ReturnType<NonNullable<ExportedHandler<Bindings>["fetch"]>>,
  } satisfies ExportedHandler<Bindings>,
);

// Sentry for functions: a no-op without SENTRY_DSN. @sentry/node costs ~700 ms to import (edge-stack.md §4), far over
// the 300 ms cold-start budget, so it is loaded only when a DSN is configured, once per warm runtime.
import type * as SentryNs from "@sentry/node";

type SentryModule = typeof SentryNs;

let loading: Promise<SentryModule | null> | undefined;

function load(dsn: string | undefined, environment: string, release?: string): Promise<SentryModule | null> {
  if (!dsn) return Promise.resolve(null);
  loading ??= import("@sentry/node").then((Sentry) => {
    Sentry.init({ dsn, environment, release, tracesSampleRate: 0, enabled: true });
    return Sentry;
  });
  return loading;
}

export interface ErrorReporter {
  capture(err: unknown, context: { requestId: string; functionId: string; userId?: string }): Promise<void>;
}

export function createReporter(config: { dsn?: string; environment: string; release?: string }): ErrorReporter {
  return {
    async capture(err, context) {
      const Sentry = await load(config.dsn, config.environment, config.release);
      if (!Sentry) return;
      Sentry.withScope((scope) => {
        scope.setTag("function", context.functionId);
        scope.setTag("request_id", context.requestId);
        if (context.userId) scope.setUser({ id: context.userId });
        Sentry.captureException(err);
      });
      // The runtime may freeze the container right after the response: flush before returning.
      await Sentry.flush(2000);
    },
  };
}

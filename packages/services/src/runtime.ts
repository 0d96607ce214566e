// The boundary between a function's runtime and the verbs: platform configuration parsed once per warm runtime from
// the function's environment, and per-execution dependencies built with the execution's API key.
import { loadPlatformConfig, type PlatformConfig } from "@chizze/platform/config";
import { ApiError } from "@chizze/contracts/errors";
import type { MetricsSink } from "@chizze/platform/observability/metrics";
import { createDeps, type Deps, type Logger } from "./deps";

let cached: { env: Record<string, string | undefined>; config: PlatformConfig } | undefined;

export function platformConfig(env: Record<string, string | undefined> = process.env): PlatformConfig {
  if (cached?.env !== env) cached = { env, config: loadPlatformConfig({ ...env, APPWRITE_ENDPOINT: env.APPWRITE_FUNCTION_API_ENDPOINT ?? env.APPWRITE_ENDPOINT, APPWRITE_PROJECT_ID: env.APPWRITE_FUNCTION_PROJECT_ID ?? env.APPWRITE_PROJECT_ID }) };
  return cached.config;
}

/** Deps for one execution. `apiKey` is the runtime's per-execution key (x-appwrite-key) or the configured one. */
export function depsFor(ctx: { apiKey: string | undefined; log: Logger; metrics?: MetricsSink }, env: Record<string, string | undefined> = process.env): Deps {
  const config = platformConfig(env);
  const key = ctx.apiKey ?? config.appwrite.key;
  if (!key) throw new ApiError("internal", "No Appwrite key for this execution");
  return createDeps({ config, apiKey: key, log: ctx.log, ...(ctx.metrics ? { metrics: ctx.metrics } : {}) });
}

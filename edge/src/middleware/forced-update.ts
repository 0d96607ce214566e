// Forced update (production-architecture §11.4; api.md: `X-App-Version` + `X-Platform` below the minimum → 426 with
// the store link). Minimum versions per platform come from `cfg:min_versions` in Redis (written by the admin
// app-config function), cached per isolate (default 30 s) and failing open (app-config-store.ts).
// - Either header missing, or not a valid MAJOR.MINOR.PATCH / known platform → allowed (web and tools send none;
//   validation of declared headers is the route's business).
// - GET /app-config is exempt: the outdated app reads its update screen (store links, support) from it, and its
//   answer carries `updateRequired`.
// - The 426 problem carries `storeUrl` and `minVersion` as RFC 9457 extension members, plus a `Link: <url>;
//   rel="alternate"` header for clients that only read headers.
import { createMiddleware } from "hono/factory";
import { ApiError } from "@chizze/contracts/errors";
import { Platform, SemVer } from "@chizze/contracts/common";
import type { EdgeEnv } from "../env";
import type { MinVersionsState } from "@chizze/platform/redis/app-config-store";
import { APP_CONFIG_KEYS, IsolateCachedValue, MinVersionsState as MinVersionsSchema } from "@chizze/platform/redis/app-config-store";
import type { ObservabilityDeps, RedisSource } from "./context";
import { noLog, problem, resolveRedis, routeOf } from "./context";

export const MIN_VERSIONS_CACHE_MS = 30_000;
export const FORCED_UPDATE_EXEMPT_ROUTES = ["appConfig.get"] as const;

export interface ForcedUpdateDeps extends ObservabilityDeps {
  redis?: RedisSource;
  cacheMs?: number;
  /** Route ids never answered 426. Default: GET /app-config. */
  exemptRouteIds?: readonly string[];
  now?: () => number;
}

/** Numeric MAJOR.MINOR.PATCH comparison: -1, 0 or 1. */
export function compareSemVer(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function createForcedUpdateMiddleware(deps: ForcedUpdateDeps = {}) {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? noLog;
  const exempt = new Set<string>(deps.exemptRouteIds ?? FORCED_UPDATE_EXEMPT_ROUTES);
  const config = new IsolateCachedValue<MinVersionsState>(APP_CONFIG_KEYS.minVersions, MinVersionsSchema, deps.cacheMs ?? MIN_VERSIONS_CACHE_MS, now, (what) =>
    log({ level: "warn", msg: `min versions ${what}: keeping the last known value`, key: APP_CONFIG_KEYS.minVersions }),
  );

  return createMiddleware<EdgeEnv>(async (c, next) => {
    const route = routeOf(c);
    if (route && exempt.has(route.id)) return next();
    const platform = Platform.safeParse(c.req.header("x-platform")?.trim().toLowerCase());
    const version = SemVer.safeParse(c.req.header("x-app-version")?.trim());
    if (!platform.success || !version.success) return next();

    const state = await config.get(resolveRedis(deps.redis, c));
    const min = state?.minVersions[platform.data];
    if (!min || compareSemVer(version.data, min) >= 0) return next();

    const storeUrl = state.storeUrls[platform.data] ?? null;
    deps.metrics?.counter("chizze_upgrade_required_total", { platform: platform.data });
    const res = problem(
      c,
      new ApiError(
        "upgrade_required",
        storeUrl
          ? `This version of the app (${version.data}) is no longer supported. Please update to ${min} or later from ${storeUrl}.`
          : `This version of the app (${version.data}) is no longer supported. Please reload or update to ${min} or later.`,
      ),
      { storeUrl, minVersion: min, platform: platform.data },
    );
    if (storeUrl) res.headers.set("link", `<${storeUrl}>; rel="alternate"`);
    return res;
  });
}

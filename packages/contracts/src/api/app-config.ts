// What an app checks at launch: forced update, feature flags for this user, and the order kill switch.
import { z } from "zod";
import { ClientHeaders, FlagKey, Phone, SemVer, Timestamp, Url } from "../common";
import { CACHE } from "../policies";
import { defineRoute } from "../route";

export const VersionsByPlatform = z.object({ android: SemVer, ios: SemVer, web: SemVer });

export const KillSwitch = z
  .object({
    ordersPaused: z.boolean().meta({ description: "True while order intake is stopped; POST /orders answers 503 intake_paused" }),
    message: z.string().max(280).nullable().meta({ description: "Banner text for the apps", example: "Heavy rain: we are pausing orders for 30 minutes." }),
    until: Timestamp.nullable().meta({ description: "Expected end, if known" }),
  })
  .meta({ id: "KillSwitch" });

export const AppConfig = z
  .object({
    minVersions: VersionsByPlatform.meta({ description: "Below these the edge answers 426 and the app must update" }),
    latest: VersionsByPlatform.meta({ description: "Newest release per platform (for a soft update prompt)" }),
    storeUrls: z.object({ android: Url, ios: Url }),
    updateRequired: z.boolean().meta({ description: "X-App-Version is below the minimum for X-Platform; false when either header is missing" }),
    flags: z.record(FlagKey, z.boolean()).meta({ description: "Feature flags evaluated for this caller", example: { "orders.cod_enabled": true } }),
    killSwitch: KillSwitch,
    support: z.object({ phone: Phone, email: z.email() }),
    updatedAt: Timestamp,
  })
  .meta({ id: "AppConfig" });

export const appConfigRoute = defineRoute({
  id: "appConfig.get",
  method: "GET",
  path: "/api/v1/app-config",
  functionId: "app-config-get",
  roles: ["public"],
  rateLimit: "global.ip",
  cache: CACHE.appConfig,
  idempotency: "none",
  request: { headers: ClientHeaders },
  responses: { 200: AppConfig },
  summary: "App configuration",
  description:
    "Minimum and latest versions, store links, feature flags for this caller (signed in or not) and the kill switch. Cached privately: flags may differ per user.",
  tags: ["app"],
});

export const appConfigRoutes = [appConfigRoute] as const;

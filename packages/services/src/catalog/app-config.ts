import { Query } from "node-appwrite";
import type { z } from "zod";
import type { AppConfig } from "@chizze/contracts/api/app-config";
import { PLATFORMS, type Platform } from "@chizze/schema";
import { evaluateFlag, isBelowMinVersion } from "@chizze/core";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { isoUtc } from "../time";
import { listAll } from "./pages";

/**
 * Support contacts and the fallbacks for a platform without an app_config row. app_config has no columns for
 * support contacts yet (schema gap, reported): these constants stand in until it does.
 */
export const SUPPORT = { phone: "+918045678900", email: "support@chizze.in" } as const;
const FALLBACK_VERSION = "0.0.0";
const FALLBACK_STORE = { android: "https://play.google.com/store/apps/details?id=in.chizze.app", ios: "https://apps.apple.com/in/app/chizze-food-delivery/id6450012345" } as const;
const MAX_FLAGS = 500;

/** X-App-Version / X-Platform as the kit validated them (contracts ClientHeaders). */
export interface ClientInfo {
  appVersion: string | undefined;
  platform: string | undefined;
}

const isPlatform = (p: string | undefined): p is Platform => p !== undefined && (PLATFORMS as readonly string[]).includes(p);

/**
 * What an app checks at launch. Flags are evaluated for this caller with core's rollout (stable bucket of flag +
 * user id; anonymous callers get only fully rolled-out flags); disabled flags are left out, so unreleased names
 * stay private — an app reads a missing flag as off. The kill switch is on when any platform row has it on
 * (order intake is not per platform); its message is the caller's platform's, else the first one set.
 */
export async function getAppConfig(deps: Deps, caller: Caller | null, headers: ClientInfo): Promise<z.infer<typeof AppConfig>> {
  const client = { appVersion: headers.appVersion, platform: isPlatform(headers.platform) ? headers.platform : undefined };
  const [configs, flags] = await Promise.all([
    listAll(deps.db.app_config, [], PLATFORMS.length * 2),
    listAll(deps.db.feature_flags, [Query.equal("enabled", true)], MAX_FLAGS),
  ]);
  const byPlatform = new Map(configs.map((c) => [c.platform, c]));
  const version = (p: Platform, which: "min_version" | "latest_version") => byPlatform.get(p)?.[which] ?? FALLBACK_VERSION;
  const minVersions = { android: version("android", "min_version"), ios: version("ios", "min_version"), web: version("web", "min_version") };
  const latest = { android: version("android", "latest_version"), ios: version("ios", "latest_version"), web: version("web", "latest_version") };
  const ctx = { userId: caller?.userId ?? null, platform: client.platform ?? null, appVersion: client.appVersion ?? null };
  const evaluated: Record<string, boolean> = {};
  for (const f of [...flags].sort((a, b) => (a.flag_key < b.flag_key ? -1 : 1))) {
    evaluated[f.flag_key] = evaluateFlag({ flagKey: f.flag_key, enabled: f.enabled === true, rolloutBps: f.rollout_bps ?? 0, platforms: f.platforms, minAppVersion: f.min_app_version }, ctx).on;
  }
  const paused = configs.filter((c) => c.kill_switch_orders === true);
  const own = client.platform ? byPlatform.get(client.platform) : undefined;
  const message = (own?.kill_switch_orders ? own.maintenance_message : null) ?? paused.find((c) => c.maintenance_message)?.maintenance_message ?? null;
  const updatedAt = [...configs, ...flags].reduce((max, r) => Math.max(max, Date.parse(r.$updatedAt)), 0);
  return {
    minVersions,
    latest,
    storeUrls: { android: byPlatform.get("android")?.store_url ?? FALLBACK_STORE.android, ios: byPlatform.get("ios")?.store_url ?? FALLBACK_STORE.ios },
    // Both headers are needed to decide; core treats a malformed version as too old (contracts validated it already).
    updateRequired: client.platform !== undefined && client.appVersion !== undefined && isBelowMinVersion(client.appVersion, minVersions[client.platform]),
    flags: evaluated,
    killSwitch: { ordersPaused: paused.length > 0, message: paused.length > 0 ? (message?.slice(0, 280) ?? null) : null, until: null },
    support: { ...SUPPORT },
    updatedAt: isoUtc(new Date(updatedAt || deps.now().getTime()).toISOString()),
  };
}

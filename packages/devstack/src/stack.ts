// The whole local platform in one call: Appwrite (REST + Realtime + functions), the Upstash REST endpoint over Redis,
// and the Razorpay double — on fixed ports for `npm run dev`, on free ports for each test file and benchmark.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { startAppwrite, type RunningAppwrite } from "./appwrite/index";
import { createFunctionsModule, type FunctionsModule, type FunctionsModuleOptions } from "./appwrite/functions/index";
import { startUpstash, type RunningUpstash } from "./upstash/index";
import { startRazorpay, type RunningRazorpay } from "./razorpay/index";
import { pushAppwriteConfig, type AppwriteConfigFile, type PushReport } from "./schema-push";
import { bundleFunctions } from "./functions/bundle";

export const DEV_API_KEY = "standard_devkey";
export const DEV_PROJECT_ID = "chizze";
/** Shared by the devstack's edge and functions; production uses a secret from the CI store. */
export const DEV_IDENTITY_SECRET = "devstack-identity-secret-0123456789abcdef";

export interface StackOptions {
  /** Project root (appwrite.json and functions/<id>/ are resolved against it). */
  root: string;
  /** Where SQLite and Razorpay state live; null keeps everything in memory (tests). */
  dataDir?: string | null;
  ports?: { appwrite?: number; upstash?: number; razorpay?: number };
  redisUrl?: string;
  /** Push appwrite.json (tables, indexes, buckets) at start. Default true. */
  applySchema?: boolean;
  /** Run functions (executions, events, schedules). Default true. */
  functions?: boolean | Partial<Pick<FunctionsModuleOptions, "schedules" | "entryOf" | "idleMs">>;
  /**
   * How functions run: "bundle" (default) runs functions/<id>/dist/main.js, the deployed artefact, bundling any that
   * are missing first (`build: true` rebuilds all); "source" runs src/main.ts through tsx, for watch mode.
   */
  functionCode?: "bundle" | "source";
  build?: boolean;
  /** Extra variables for every function runtime. */
  functionEnv?: Record<string, string>;
  /** Where the Razorpay double posts webhooks. */
  razorpayWebhookUrl?: string;
  now?: () => number;
}

/** Newest modification time of any .ts source under `dirs` (skipping node_modules and dist): is a bundle stale? */
function newestMtime(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name === "dist" || e.name.startsWith(".")) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(d);
  return newest;
}

export interface Stack {
  appwrite: RunningAppwrite;
  upstash: RunningUpstash;
  razorpay: RunningRazorpay;
  functions: FunctionsModule | undefined;
  schema: PushReport | undefined;
  /** Start-up phases (ms since Appwrite was up), for the dev banner and benchmarks. */
  timings: { schemaMs: number; bundleMs: number; bundled: number };
  /** What clients and functions need to reach the stack. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const dataDir = opts.dataDir ?? null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const appwriteJsonPath = join(opts.root, "appwrite.json");
  const config = existsSync(appwriteJsonPath) ? (JSON.parse(readFileSync(appwriteJsonPath, "utf8")) as AppwriteConfigFile) : undefined;

  const upstash = await startUpstash({ port: opts.ports?.upstash ?? 0, ...(opts.redisUrl ? { redisUrl: opts.redisUrl } : {}) });
  const razorpay = await startRazorpay({
    port: opts.ports?.razorpay ?? 0,
    ...(dataDir ? { persistPath: join(dataDir, "razorpay.json") } : {}),
    ...(opts.razorpayWebhookUrl ? { webhookUrl: opts.razorpayWebhookUrl } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });

  const env: Record<string, string> = {
    CHIZZE_ENV: "development",
    CHIZZE_IDENTITY_SECRET: DEV_IDENTITY_SECRET,
    APPWRITE_API_KEY: DEV_API_KEY,
    UPSTASH_REDIS_REST_URL: upstash.url,
    UPSTASH_REDIS_REST_TOKEN: upstash.token,
    RAZORPAY_KEY_ID: razorpay.keyId,
    RAZORPAY_KEY_SECRET: razorpay.keySecret,
    RAZORPAY_WEBHOOK_SECRET: razorpay.webhookSecret,
    RAZORPAY_API_URL: razorpay.url,
    ...opts.functionEnv,
  };

  const fnOpts = typeof opts.functions === "object" ? opts.functions : {};
  const configFunctions = (config as { functions?: { $id: string; path: string }[] } | undefined)?.functions ?? [];
  // Bundling runs while Appwrite starts and the schema is pushed; the stack is ready only when it is done.
  const bundling =
    opts.functions !== false && opts.functionCode !== "source"
      ? (() => {
          const newestSource = opts.build ? Infinity : newestMtime([join(opts.root, "packages"), join(opts.root, "schema", "src")]);
          const stale = configFunctions.filter((f) => {
            const out = join(opts.root, f.path, "dist/main.js");
            return !existsSync(out) || statSync(out).mtimeMs < Math.max(newestSource, newestMtime([join(opts.root, f.path, "src")]));
          });
          return bundleFunctions(stale.map((f) => ({ id: f.$id, entry: join(opts.root, f.path, "src/main.ts"), outfile: join(opts.root, f.path, "dist/main.js") })));
        })()
      : Promise.resolve([]);
  // Awaited below; until then a failure must not surface as an unhandled rejection.
  bundling.catch(() => undefined);
  const sourceEntry = opts.functionCode === "source" ? { entryOf: (fn: { path: string }) => join(opts.root, fn.path, "src/main.ts") } : {};
  const functions =
    opts.functions === false
      ? undefined
      : createFunctionsModule({ root: opts.root, env, ...(config ? { appwriteJson: appwriteJsonPath } : {}), ...sourceEntry, ...fnOpts });
  let appwrite: RunningAppwrite;
  try {
    appwrite = await startAppwrite({
      port: opts.ports?.appwrite ?? 0,
      ...(dataDir ? { file: join(dataDir, "appwrite.sqlite") } : {}),
      projectId: DEV_PROJECT_ID,
      apiKeys: { [DEV_API_KEY]: "all" },
      ...(opts.now ? { now: opts.now } : {}),
      modules: functions ? [functions.module] : [],
    });
  } catch (err) {
    await Promise.allSettled([upstash.close(), razorpay.close()]);
    throw err;
  }
  env.APPWRITE_ENDPOINT = appwrite.endpoint;
  env.APPWRITE_PROJECT_ID = DEV_PROJECT_ID;

  const t0 = performance.now();
  const timed = <T>(p: Promise<T>, key: "schemaMs" | "bundleMs") => p.then((v) => ((timings[key] = Math.round(performance.now() - t0)), v));
  const timings = { schemaMs: 0, bundleMs: 0, bundled: 0 };
  const [schema, built] = await Promise.all([
    timed(opts.applySchema !== false && config ? pushAppwriteConfig(appwrite.endpoint, { projectId: DEV_PROJECT_ID, key: DEV_API_KEY, config }) : Promise.resolve(undefined), "schemaMs"),
    timed(bundling, "bundleMs"),
  ]);
  timings.bundled = built.length;

  return {
    appwrite,
    upstash,
    razorpay,
    functions,
    schema,
    timings,
    env,
    close: async () => {
      await functions?.runner().stop();
      await Promise.allSettled([appwrite.close(), upstash.close(), razorpay.close()]);
    },
  };
}

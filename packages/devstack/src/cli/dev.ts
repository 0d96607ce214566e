// `npm run dev`: the whole platform on this machine. Starts Redis-backed Upstash, the Razorpay double, Appwrite with
// Realtime and every function, applies appwrite.json, seeds demo data on an empty store, prints where everything is.
// Ctrl-C stops all of it.
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Socket } from "node:net";
import { watch } from "node:fs";
import { startStack, DEV_API_KEY, DEV_PROJECT_ID } from "../stack";
import { DEMO_LOGINS, generateCity, isEmpty, seedCity } from "../seed/index";
// The dev CLI is the local composition root: it also runs the edge (on Node; `wrangler dev` runs the same app in workerd).
import { startNodeEdge } from "@chizze/edge/node";

const ROOT = resolve(import.meta.dirname, "../../../..");
const started = performance.now();

async function redisReachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolvePing) => {
    const s = new Socket();
    const done = (ok: boolean) => {
      s.destroy();
      resolvePing(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once("error", () => done(false));
    s.connect(Number(u.port || 6379), u.hostname, () => {
      s.write("PING\r\n");
      s.once("data", (d: Buffer) => done(d.toString().startsWith("+PONG") || d.toString().startsWith("-NOAUTH")));
    });
  });
}

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
if (!(await redisReachable(redisUrl))) {
  console.error(`Redis is not reachable at ${redisUrl}.
Start one with:   redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
(Debian: apt-get install redis-server), or point REDIS_URL at a running Redis.`);
  process.exit(1);
}

const dataDir = resolve(ROOT, process.env.CHIZZE_DATA_DIR ?? ".chizze");
// --watch: functions run from their TypeScript source and reload when functions/ or packages/ change.
const watchMode = process.argv.includes("--watch");
const edgePort = Number(process.env.EDGE_PORT ?? 8787);
const stack = await startStack({
  razorpayWebhookUrl: `http://127.0.0.1:${edgePort}/api/v1/webhooks/razorpay`,
  root: ROOT,
  dataDir,
  redisUrl,
  functionCode: watchMode ? "source" : "bundle",
  build: false,
  ports: {
    appwrite: Number(process.env.APPWRITE_PORT ?? 8090),
    upstash: Number(process.env.UPSTASH_PORT ?? 8079),
    razorpay: Number(process.env.RAZORPAY_PORT ?? 8078),
  },
});

const edge = await startNodeEdge({
  port: edgePort,
  bindings: {
    APPWRITE_ENDPOINT: stack.appwrite.endpoint,
    APPWRITE_PROJECT_ID: DEV_PROJECT_ID,
    APPWRITE_API_KEY: DEV_API_KEY,
    UPSTASH_REDIS_REST_URL: stack.upstash.url,
    UPSTASH_REDIS_REST_TOKEN: stack.upstash.token,
    CHIZZE_IDENTITY_SECRET: stack.env.CHIZZE_IDENTITY_SECRET ?? "",
    CHIZZE_ENV: "development",
    CORS_ORIGINS: process.env.CORS_ORIGINS ?? "http://localhost:3000,http://127.0.0.1:3000",
  },
});

// An empty store gets the demo city (today's date, so coupons and closures are current).
const target = { projectId: DEV_PROJECT_ID, key: DEV_API_KEY };
let seeded = "existing data kept";
const seedStarted = performance.now();
if (await isEmpty(stack.appwrite.endpoint, target)) {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const seed = () => seedCity(stack.appwrite.endpoint, { ...target, city: generateCity({ now: today.getTime() }) });
  // Nothing is cached yet, so the catalog-invalidate runs the seed's row events would fire are skipped.
  const report = stack.functions ? await stack.functions.runner().withoutEvents(seed) : await seed();
  seeded = `demo city seeded: ${report.users.created} users, ${Object.values(report.rows).reduce((n, r) => n + r.created, 0)} rows`;
}

const seedMs = Math.round(performance.now() - seedStarted);
const readyMs = Math.round(performance.now() - started);
const fnCount = stack.functions?.store().listFunctions().length ?? 0;
console.log(`
  Chizze devstack ready in ${readyMs} ms  (data: ${dataDir})
  start-up: schema ${stack.timings.schemaMs} ms, ${stack.timings.bundled} bundles rebuilt in ${stack.timings.bundleMs} ms, seed ${seedMs} ms

  Edge API      ${edge.url}/api/v1            docs ${edge.url}/api/v1/docs
  Appwrite      ${stack.appwrite.endpoint}          project ${DEV_PROJECT_ID}, API key ${DEV_API_KEY}
  Realtime      ${stack.appwrite.url.replace("http", "ws")}/v1/realtime
  Upstash REST  ${stack.upstash.url}              token ${stack.upstash.token}  (Redis ${redisUrl})
  Razorpay      ${stack.razorpay.url}              key ${stack.razorpay.keyId}
  Functions     ${fnCount} loaded from appwrite.json; executions at ${stack.appwrite.endpoint}/functions/<id>/executions

  Demo logins (OTP ${DEMO_LOGINS[0]?.otp ?? "123456"}; ${seeded}):
${DEMO_LOGINS.map((l) => `    ${l.role.padEnd(11)} ${l.phone}  ${l.name}`).join("\n")}

  OTP codes and pushes land in the outbox:  curl '${stack.appwrite.endpoint}/_dev/outbox?phone=%2B919876543210'
  Schema: ${stack.schema ? `${stack.schema.tablesCreated} tables, ${stack.schema.columnsCreated} columns, ${stack.schema.indexesCreated} indexes created` : "no appwrite.json"}

  Ctrl-C to stop.
`);

if (watchMode && stack.functions) {
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void stack.functions?.runner().reloadAll().then(() => console.log("functions reloaded"));
    }, 150);
  };
  for (const dir of ["functions", "packages"]) watch(resolve(ROOT, dir), { recursive: true }, (_e, file) => file && !String(file).includes("dist") && reload());
  console.log("  watching functions/ and packages/ — runtimes reload on change\n");
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log("stopping…");
  await edge.close();
  await stack.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

// Edge figures (issue 7), all from one run on one machine: the edge Worker inside workerd (wrangler 4.86's
// unstable_startWorker machinery, edge/wrangler.toml, bindings pointing at a private devstack with a seeded city) next
// to a bare Hono hello-world Worker (edge/bench/) in the same workerd build.
//   A. cached `GET /restaurants/:id/menu` (X-Cache: HIT) throughput vs hello-world, same concurrency and duration,
//      interleaved (hello, /health, menu) × 2 so machine noise hits all alike — the ratio is the figure
//      (edge-stack.md Addendum); `/health` (chain + global limiter only) shows where the cost sits.
//   B. uncached menu reads (edge → restaurants-menu function → devstack) at a fixed arrival rate, open loop: every
//      request names a restaurant no earlier one named (a seeded city of 4,400), so each misses both cache layers on
//      a public route — no JWT, so the figure is the catalogue miss path and not auth.
//   C. the Worker bundle from `wrangler deploy --dry-run`, raw and gzip, and whether workerd starts it at all (the
//      module-scope check Cloudflare runs on upload). If it does not, the start-up figure fails the run and A and B
//      are not measured.
// Load is sent to the user Worker's own workerd socket (the URL wrangler hands its ProxyWorker), not through the
// ProxyWorker in front of it (that is `wrangler dev`'s proxy, which caps local throughput): `unstable_startWorker` is
// `new DevEnv().startWorker()`, done here by hand to see that URL. The proxy path is measured too, for reference.
// The load generator runs in a worker thread: the devstack (Appwrite, the Upstash REST endpoint) shares this
// process's event loop. Every request carries its own CF-Connecting-IP (10.x.y.z), i.e. many clients, so the per-IP
// and per-route rate limits never answer 429 while each request still pays for its limiter calls.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { gzipSync } from "node:zlib";
import { Miniflare } from "miniflare";
import { unstable_DevEnv } from "wrangler";
import { generateCity, seedCity } from "@chizze/devstack/seed/index";
import { DEV_API_KEY, DEV_IDENTITY_SECRET, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { bundleFunction } from "@chizze/devstack/functions/bundle";
import { listFunctions } from "../../scripts/lib/functions";
import { startTestStack, ROOT } from "../support/stack";
import { percentile, round, type Bench, type BenchResult } from "./lib";

const FUNCTION_ID = "restaurants-menu";
const EDGE_DIR = join(ROOT, "edge");
/** Figure A: closed loop, this many connections, ROUNDS × ROUND_MS per Worker (alternating), after a warm-up. */
const CONCURRENCY = 32;
const ROUNDS = 2;
const ROUND_MS = 5_000;
const WARMUP_MS = 2_000;
const PROXY_MS = 4_000;
/** Figure B: open loop at RATE req/s for B_MS; at most MAX_IN_FLIGHT outstanding (later arrivals are dropped). */
const RATE = 200;
const B_MS = 20_000;
const B_REQUESTS = (RATE * B_MS) / 1000;
const MAX_IN_FLIGHT = 1_000;
const B_WARM = 40;
const REQUEST_TIMEOUT_MS = 15_000;
/** Enough listable restaurants for one distinct id per figure-B request plus the warm-ups. */
const RESTAURANTS = 4_400;
const BUDGET_GZIP_KIB = 1024;

// ---- load generator (worker thread, plain JS: runs without tsx) -----------------------------------------------
const LOADGEN = `
const { parentPort, workerData: w } = require("node:worker_threads");
const { Pool } = require(w.undici);
const pool = new Pool(w.origin, { connections: w.connections, pipelining: 1 });
let ip = w.ipBase;
const nextIp = () => { const n = ip++; return "10." + ((n >>> 16) & 255) + "." + ((n >>> 8) & 255) + "." + (n & 255); };
const latencies = [], lags = [], statuses = {}, cache = {}, errors = {};
let dropped = 0, inFlight = 0, sent = 0;
const bump = (o, k) => { o[k] = (o[k] || 0) + 1; };
async function one(path, intended) {
  const t = performance.now();
  lags.push(t - intended);
  inFlight++; sent++;
  try {
    const res = await pool.request({ path, method: "GET", headers: { "cf-connecting-ip": nextIp() }, headersTimeout: w.timeoutMs, bodyTimeout: w.timeoutMs });
    await res.body.text();
    bump(statuses, String(res.statusCode));
    bump(cache, String(res.headers["x-cache"] ?? "none"));
  } catch (e) { bump(errors, String((e && (e.code || e.name)) || "error")); }
  inFlight--;
  latencies.push(performance.now() - intended);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function closed() {
  const start = performance.now(), until = start + w.durationMs;
  let i = 0;
  await Promise.all(Array.from({ length: w.connections }, async () => {
    while (performance.now() < until && i < w.maxRequests) { const p = w.paths[i++ % w.paths.length]; await one(p, performance.now()); }
  }));
  return performance.now() - start;
}
async function open() {
  const start = performance.now(), pending = new Set();
  for (let i = 0; i < w.paths.length; i++) {
    const at = start + i * w.intervalMs;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
    if (inFlight >= w.maxInFlight) { dropped++; continue; }
    const p = one(w.paths[i], at);
    pending.add(p);
    p.finally(() => pending.delete(p));
  }
  await Promise.all(pending);
  return performance.now() - start;
}
(async () => {
  const elapsedMs = await (w.mode === "open" ? open() : closed());
  await pool.close();
  parentPort.postMessage({ elapsedMs, sent, latencies, lags, statuses, cache, errors, dropped });
})().catch((e) => parentPort.postMessage({ fatal: String((e && e.stack) || e) }));
`;

interface LoadResult {
  elapsedMs: number;
  sent: number;
  latencies: number[];
  lags: number[];
  statuses: Record<string, number>;
  cache: Record<string, number>;
  errors: Record<string, number>;
  dropped: number;
}

type LoadSpec = { origin: string; paths: string[]; connections: number } & ({ mode: "closed"; durationMs: number; maxRequests: number } | { mode: "open"; intervalMs: number; maxInFlight: number });

const UNDICI = createRequire(join(ROOT, "package.json")).resolve("undici");
/** Each phase gets its own CF-Connecting-IP range, so no client address is ever reused. */
let nextIpBase = 1;

async function load(spec: LoadSpec): Promise<LoadResult> {
  const ipBase = nextIpBase;
  nextIpBase += spec.mode === "closed" ? spec.maxRequests : spec.paths.length;
  const worker = new Worker(LOADGEN, { eval: true, workerData: { ...spec, ipBase, undici: UNDICI, timeoutMs: REQUEST_TIMEOUT_MS } });
  const ceiling = (spec.mode === "closed" ? spec.durationMs : spec.paths.length * spec.intervalMs) + REQUEST_TIMEOUT_MS + 10_000;
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load generator did not finish in ${ceiling} ms`)), ceiling);
      worker.once("message", (m: LoadResult | { fatal: string }) => {
        clearTimeout(timer);
        if ("fatal" in m) reject(new Error(m.fatal));
        else resolve(m);
      });
      worker.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  } finally {
    await worker.terminate();
  }
}

function merge(rs: LoadResult[]): LoadResult {
  const add = (a: Record<string, number>, b: Record<string, number>) => {
    for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
    return a;
  };
  return rs.reduce<LoadResult>(
    (acc, r) => ({
      elapsedMs: acc.elapsedMs + r.elapsedMs,
      sent: acc.sent + r.sent,
      latencies: acc.latencies.concat(r.latencies),
      lags: acc.lags.concat(r.lags),
      statuses: add(acc.statuses, r.statuses),
      cache: add(acc.cache, r.cache),
      errors: add(acc.errors, r.errors),
      dropped: acc.dropped + r.dropped,
    }),
    { elapsedMs: 0, sent: 0, latencies: [], lags: [], statuses: {}, cache: {}, errors: {}, dropped: 0 },
  );
}

const count = (o: Record<string, number>, pred: (k: string) => boolean) => Object.entries(o).reduce((n, [k, v]) => n + (pred(k) ? v : 0), 0);
const non2xx = (r: LoadResult) => count(r.statuses, (s) => !s.startsWith("2")) + count(r.errors, () => true) + r.dropped;
const rps = (r: LoadResult) => Math.round(r.latencies.length / (r.elapsedMs / 1000));
const brief = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}×${v}`)
    .join(" ") || "none";

// ---- Workers in workerd ---------------------------------------------------------------------------------------
interface RunningWorker {
  /** The user Worker's own workerd socket. */
  direct: string;
  /** wrangler's ProxyWorker in front of it (what `wrangler dev` serves). */
  proxy: string;
  dispose(): Promise<void>;
}

async function startWorker(config: string, vars: Record<string, string>): Promise<RunningWorker> {
  const devEnv = new unstable_DevEnv();
  let direct: string | undefined;
  let loaded!: () => void;
  const reloaded = new Promise<void>((r) => (loaded = r));
  const onReloadComplete = devEnv.proxy.onReloadComplete.bind(devEnv.proxy);
  devEnv.proxy.onReloadComplete = (ev) => {
    const u = ev.proxyData.userWorkerUrl;
    direct = `${u.protocol}//${u.hostname}:${u.port}`;
    onReloadComplete(ev);
    loaded();
  };
  const worker = await devEnv.startWorker({
    config,
    build: { nodejsCompatMode: "v2" },
    bindings: Object.fromEntries(Object.entries(vars).map(([k, value]) => [k, { type: "plain_text" as const, value }])),
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, persist: false, logLevel: "error" },
  });
  try {
    await worker.ready;
    const proxy = (await worker.url).origin;
    await Promise.race([reloaded, new Promise((_, reject) => setTimeout(() => reject(new Error(`${config}: no reloadComplete in 60 s`)), 60_000))]);
    if (!direct) throw new Error(`${config}: no user Worker URL`);
    return { direct, proxy, dispose: () => worker.dispose() };
  } catch (err) {
    await worker.dispose();
    throw err;
  }
}

// ---- devstack -------------------------------------------------------------------------------------------------
const menuPath = (id: string) => `/api/v1/restaurants/${id}/menu`;

async function get(origin: string, path: string): Promise<{ status: number; xCache: string | null; layer: string | null; body: string }> {
  const res = await fetch(origin + path, { headers: { "cf-connecting-ip": "192.0.2.1" } });
  return { status: res.status, xCache: res.headers.get("x-cache"), layer: res.headers.get("x-cache-layer"), body: await res.text() };
}

// ---- the deploy artefact: size, and whether workerd starts it -------------------------------------------------
async function dryRun(outdir: string): Promise<{ artefact: string; rawKiB: number; gzipKiB: number; files: number }> {
  await promisify(execFile)("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
    cwd: EDGE_DIR,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const files = readdirSync(outdir).filter((f) => f.endsWith(".js") || f.endsWith(".mjs"));
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(outdir, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { artefact: join(outdir, "worker.js"), rawKiB: round(raw / 1024, 1), gzipKiB: round(gzip / 1024, 1), files: files.length };
}

/**
 * Starts the artefact in workerd with the config's compatibility settings and nothing else: null when it starts,
 * else workerd's complaint. Cloudflare runs the same start-up check when a Worker is uploaded; the workerd vitest
 * pool does not (it imports the Worker inside a test, where module-scope I/O is allowed), so only this catches it.
 */
async function startupError(artefact: string): Promise<string | null> {
  const toml = readFileSync(join(EDGE_DIR, "wrangler.toml"), "utf8");
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const compatibilityFlags = JSON.parse(/^compatibility_flags\s*=\s*(\[[^\]]*\])/m.exec(toml)?.[1] ?? "[]") as string[];
  let output = "";
  const collect = (stream: Readable) => {
    stream.on("data", (d: Buffer) => {
      output += d.toString();
    });
  };
  const mf = new Miniflare({
    modules: true,
    scriptPath: artefact,
    // Module names relative to the bundle's folder (a path outside cwd would otherwise become "../…").
    modulesRoot: dirname(artefact),
    ...(compatibilityDate ? { compatibilityDate } : {}),
    compatibilityFlags,
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      collect(stdout);
      collect(stderr);
    },
  });
  try {
    await mf.ready;
    return null;
  } catch (err) {
    await new Promise((r) => setTimeout(r, 200)); // the runtime's last words arrive after the rejection
    // workerd colours its output.
    const lines = output.replace(/\u001b\[[0-9;]*m/g, "").split("\n");
    const line = lines.find((l) => l.includes("Disallowed operation")) ?? lines.find((l) => l.includes("Uncaught"));
    return (line ?? (err instanceof Error ? err.message : String(err))).trim();
  } finally {
    await mf.dispose().catch(() => undefined);
  }
}

async function measure(outdir: string): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const size = await dryRun(outdir);
  out.push(
    { name: "bundle.raw_KiB", value: size.rawKiB, unit: "KiB", note: `wrangler deploy --dry-run (no minify), ${size.files} file(s)` },
    { name: "bundle.gzip_KiB", value: size.gzipKiB, unit: "KiB", target: { op: "<", value: BUDGET_GZIP_KIB }, note: "gzip -9 of the same output" },
  );
  const refused = await startupError(size.artefact);
  out.push({
    name: "bundle.starts_in_workerd",
    value: refused ? 0 : 1,
    unit: "count",
    target: { op: ">", value: 0 },
    note: refused ? `workerd refuses the deploy artefact: ${refused}` : "the dry-run artefact starts in workerd (module-scope rules checked)",
  });
  // An artefact workerd refuses would also be refused by Cloudflare: nothing below would mean anything.
  if (refused) return out;

  const fn = (await listFunctions()).find((f) => f.id === FUNCTION_ID);
  if (!fn) throw new Error(`${FUNCTION_ID} is not in functions/`);
  await bundleFunction(fn);
  const stack = await startTestStack({ functions: { schedules: false, idleMs: 300_000 } });
  const workers: RunningWorker[] = [];
  try {
    const city = generateCity({ restaurants: RESTAURANTS, now: "2026-11-01T00:00:00.000Z" });
    const seedStart = performance.now();
    // Events off while seeding, as `npm run dev` seeds: with them on, every seeded row queued a catalog-invalidate
    // execution (about 100,000), and that backlog kept a core busy through every measured phase below.
    const seed = () => seedCity(stack.appwrite.endpoint, { projectId: DEV_PROJECT_ID, key: DEV_API_KEY, city, mockNumbers: false });
    const runner = stack.functions?.runner();
    await (runner ? runner.withoutEvents(seed) : seed());
    const seedS = round((performance.now() - seedStart) / 1000, 1);
    const listable = city.rows.restaurants.filter((r) => r.is_approved === true && r.fssai_license != null).map((r) => r.$id);
    if (listable.length < B_REQUESTS + B_WARM + 1) throw new Error(`only ${listable.length} listable restaurants`);
    const [cachedId, ...rest] = listable as [string, ...string[]];
    const warmIds = rest.slice(0, B_WARM);
    const missIds = rest.slice(B_WARM, B_WARM + B_REQUESTS);

    const startT = performance.now();
    const bindings = {
      APPWRITE_ENDPOINT: stack.appwrite.endpoint,
      APPWRITE_PROJECT_ID: DEV_PROJECT_ID,
      APPWRITE_API_KEY: DEV_API_KEY,
      UPSTASH_REDIS_REST_URL: stack.upstash.url,
      UPSTASH_REDIS_REST_TOKEN: stack.upstash.token,
      CHIZZE_IDENTITY_SECRET: DEV_IDENTITY_SECRET,
      CHIZZE_ENV: "development",
      RELEASE: "bench",
    };
    const edgeW = await startWorker(join(EDGE_DIR, "wrangler.toml"), bindings);
    workers.push(edgeW);
    const helloW = await startWorker(join(EDGE_DIR, "bench/wrangler.hello.toml"), {});
    workers.push(helloW);
    const startMs = Math.round(performance.now() - startT);

    // Readiness first (Redis, Appwrite, a health execution): a broken wiring fails here, not as a wall of 5xx.
    const ready = await get(edgeW.direct, "/api/v1/health/ready");
    if (ready.status !== 200) throw new Error(`edge not ready: ${ready.status} ${ready.body}`);

    // ---- A: cached menu vs hello-world ---------------------------------------------------------------------------
    const first = await get(edgeW.direct, menuPath(cachedId));
    if (first.status !== 200) throw new Error(`menu ${cachedId}: ${first.status} ${first.body.slice(0, 300)}`);
    const menuBytes = Buffer.byteLength(first.body);
    let hit = first;
    for (let i = 0; i < 50 && !(hit.xCache === "HIT" && hit.layer === "edge"); i++) {
      await new Promise((r) => setTimeout(r, 20));
      hit = await get(edgeW.direct, menuPath(cachedId));
    }
    if (hit.xCache !== "HIT") throw new Error(`menu never served from cache: X-Cache ${hit.xCache}`);
    const closed = (origin: string, path: string, durationMs: number) => load({ mode: "closed", origin, paths: [path], connections: CONCURRENCY, durationMs, maxRequests: 200_000 });
    await closed(helloW.direct, "/", WARMUP_MS);
    await closed(edgeW.direct, menuPath(cachedId), WARMUP_MS);
    const helloRuns: LoadResult[] = [];
    const healthRuns: LoadResult[] = [];
    const menuRuns: LoadResult[] = [];
    const loadBefore = loadavg()[0] ?? 0;
    for (let r = 0; r < ROUNDS; r++) {
      helloRuns.push(await closed(helloW.direct, "/", ROUND_MS));
      // The edge's cheapest route (no cache, no function; only the chain and the global per-IP limiter): where the
      // cached menu's cost goes, between the bare runtime and the full cache path.
      healthRuns.push(await closed(edgeW.direct, "/api/v1/health", ROUND_MS));
      menuRuns.push(await closed(edgeW.direct, menuPath(cachedId), ROUND_MS));
    }
    const hello = merge(helloRuns);
    const health = merge(healthRuns);
    const menu = merge(menuRuns);
    const hits = menu.cache.HIT ?? 0;
    const aNote = `${CONCURRENCY} connections, ${ROUNDS}×${ROUND_MS / 1000} s each, alternating, workerd direct, 1-min load average ${round(loadBefore, 1)}`;
    out.push(
      { name: "hello.req_per_s", value: rps(hello), unit: "req/s", note: `bare Hono GET / → JSON; ${aNote}; p50 ${round(percentile(hello.latencies, 50))} / p99 ${round(percentile(hello.latencies, 99))} ms` },
      { name: "health_live.req_per_s", value: rps(health), unit: "req/s", note: `edge GET /api/v1/health (chain + global.ip limiter only), same rounds; status ${brief(health.statuses)}; p50 ${round(percentile(health.latencies, 50))} / p99 ${round(percentile(health.latencies, 99))} ms` },
      { name: "menu_cached.req_per_s", value: rps(menu), unit: "req/s", note: `GET /restaurants/${cachedId}/menu (${menuBytes} B, warmed until layer ${hit.layer}); X-Cache ${brief(menu.cache)}; status ${brief(menu.statuses)}; p50 ${round(percentile(menu.latencies, 50))} / p99 ${round(percentile(menu.latencies, 99))} ms` },
      { name: "menu_cached_vs_hello.ratio", value: round(rps(menu) / rps(hello), 3), unit: "ratio", target: { op: ">", value: 0.5 }, note: `same run, same workerd, same load generator` },
      { name: "menu_cached.hit_share", value: round(hits / Math.max(1, menu.latencies.length), 4), unit: "ratio", target: { op: ">", value: 0.999 }, note: `non-2xx or failed ${non2xx(menu)}` },
    );

    // The same pair through wrangler's ProxyWorker (what `wrangler dev` serves), for reference only.
    const helloProxy = await closed(helloW.proxy, "/", PROXY_MS);
    const menuProxy = await closed(edgeW.proxy, menuPath(cachedId), PROXY_MS);
    out.push({
      name: "via_wrangler_proxy.ratio",
      value: round(rps(menuProxy) / rps(helloProxy), 3),
      unit: "ratio",
      note: `through the ProxyWorker: hello ${rps(helloProxy)} req/s, cached menu ${rps(menuProxy)} req/s (X-Cache ${brief(menuProxy.cache)}), ${CONCURRENCY} connections, ${PROXY_MS / 1000} s each`,
    });

    // ---- B: uncached menu at a fixed arrival rate ----------------------------------------------------------------
    // Each request names a restaurant no earlier request named, so every one misses both cache layers and runs the
    // function (restaurant + categories + items reads). The warm-up ids start the function's runtime first.
    for (const id of warmIds) {
      const w = await get(edgeW.direct, menuPath(id));
      if (w.status !== 200) throw new Error(`warm-up ${id}: ${w.status} ${w.body.slice(0, 300)}`);
    }
    const executionsOf = () => stack.functions?.store().listExecutions(FUNCTION_ID, 1, 0).total ?? 0;
    const executionsBefore = executionsOf();
    const loadB = loadavg()[0] ?? 0;
    const miss = await load({ mode: "open", origin: edgeW.direct, paths: missIds.map(menuPath), connections: 256, intervalMs: 1000 / RATE, maxInFlight: MAX_IN_FLIGHT });
    await stack.functions?.runner().idle();
    const executions = executionsOf() - executionsBefore;
    const bNote = `${B_REQUESTS} requests, one per ${1000 / RATE} ms (open loop, latency from the scheduled send), ${missIds.length} distinct restaurants, 1-min load average ${round(loadB, 1)} before`;
    out.push(
      { name: "menu_uncached.p50_ms", value: round(percentile(miss.latencies, 50)), unit: "ms", note: bNote },
      { name: "menu_uncached.p95_ms", value: round(percentile(miss.latencies, 95)), unit: "ms", target: { op: "<", value: 50 } },
      { name: "menu_uncached.p99_ms", value: round(percentile(miss.latencies, 99)), unit: "ms" },
      { name: "menu_uncached.achieved_req_per_s", value: round(miss.latencies.length / (miss.elapsedMs / 1000), 1), unit: "req/s", note: `send lag p99 ${round(percentile(miss.lags, 99))} ms, max ${round(Math.max(...miss.lags))} ms` },
      { name: "menu_uncached.errors", value: non2xx(miss), unit: "count", target: { op: "<", value: 1 }, note: `status ${brief(miss.statuses)}; X-Cache ${brief(miss.cache)}; transport errors ${brief(miss.errors)}; dropped ${miss.dropped}; function executions ${executions}` },
      { name: "setup.seed_s", value: seedS, unit: "s", note: `${RESTAURANTS} restaurants (${listable.length} listable), 12–30 items each` },
      { name: "setup.workers_start_ms", value: startMs, unit: "ms", note: "edge + hello Workers: bundle, workerd start, ready" },
    );
    return out;
  } finally {
    for (const w of workers.reverse()) await w.dispose().catch(() => undefined);
    await stack.close();
  }
}

const edge: Bench = {
  name: "edge.workerd",
  covers: "issue 7: cached menu ≥ 0.5 × hello-world throughput in workerd; uncached edge → function p95 < 50 ms at 200 req/s, 0 errors; bundle < 1 MB gzip and starts in workerd",
  run: async () => {
    const outdir = mkdtempSync(join(tmpdir(), "chizze-edge-dry-run-"));
    const saved = { cf: process.env.CLOUDFLARE_CF_FETCH_ENABLED, metrics: process.env.WRANGLER_SEND_METRICS };
    // Local only: no request.cf download from workers.cloudflare.com, no wrangler telemetry.
    process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
    process.env.WRANGLER_SEND_METRICS = "false";
    try {
      return await measure(outdir);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
      for (const [k, v] of [["CLOUDFLARE_CF_FETCH_ENABLED", saved.cf], ["WRANGLER_SEND_METRICS", saved.metrics]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  },
};

export default edge;

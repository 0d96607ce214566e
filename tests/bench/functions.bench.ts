// The function budgets every change keeps: each bundle under 5 MB, and import + init under 300 ms (Appwrite cold
// starts). Every function is bundled as `npm run build` does (esbuild, minified, one ESM file), then started in a
// fresh Node process, as a cold runtime starts it: the clock runs from before `import()` of the bundle to the answer
// of its first call. That first call is one the kit answers before any verb runs (an HTTP function gets a method it
// does not serve, an event function an empty payload, a scheduled one the wrong trigger), so it includes the kit's
// one-time init — environment parsed, Sentry reporter built — but no network round trip.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { bundleFunctions } from "@chizze/devstack/functions/bundle";
import { listFunctions } from "../../scripts/lib/functions";
import { percentile, round, type Bench, type BenchResult } from "./lib";

const BUNDLE_BUDGET_MB = 5;
const COLD_BUDGET_MS = 300;
/** Cold starts measured per function (each in its own process); the median is the function's figure. */
const RUNS = Number(process.env.BENCH_FUNCTIONS_RUNS ?? 3);

/** Runs in the child: imports the bundle, calls it once with a context the kit answers without I/O, prints ms. */
const PROBE = `
const started = performance.now();
const mod = await import(process.env.PROBE_ENTRY);
const main = typeof mod.default === "function" ? mod.default : mod.default.default;
const trigger = process.env.PROBE_TRIGGER;
const headers = { "x-appwrite-trigger": trigger === "schedule" ? "event" : trigger === "event" ? "schedule" : "http", "content-type": "application/json" };
let status = 0;
const res = { json: (_b, s = 200) => (status = s), send: (_b, s = 200) => (status = s), text: (_b, s = 200) => (status = s), empty: () => (status = 204), redirect: () => (status = 301) };
await main({ req: { method: "OPTIONS", path: "/__cold-start-probe", headers, bodyText: "", bodyRaw: "", body: "", queryString: "", query: {}, scheme: "http", host: "localhost", port: 80, url: "http://localhost/__cold-start-probe" }, res, log() {}, error() {} });
process.stdout.write(JSON.stringify({ ms: performance.now() - started, status }));
`;

const run = promisify(execFile);

const functions: Bench = {
  name: "functions.bundles",
  covers: `budget: every function bundle < ${BUNDLE_BUDGET_MB} MB, import + init < ${COLD_BUDGET_MS} ms (cold start)`,
  run: async () => {
    const fns = await listFunctions();
    const reports = await bundleFunctions(fns);
    const rows: { id: string; bytes: number; gzipBytes: number; coldMs: number; status: number }[] = [];
    for (const fn of fns) {
      const report = reports.find((r) => r.id === fn.id)!;
      const cold: number[] = [];
      let status = 0;
      for (let i = 0; i < RUNS; i++) {
        const { stdout } = await run(process.execPath, ["--input-type=module", "-e", PROBE], {
          env: { PATH: process.env.PATH, PROBE_ENTRY: `file://${fn.outfile}`, PROBE_TRIGGER: fn.manifest.trigger, CHIZZE_ENV: "production", CHIZZE_IDENTITY_SECRET: "cold-start-probe-secret-0123456789abcdef" },
          timeout: 30_000,
        });
        const out = JSON.parse(stdout) as { ms: number; status: number };
        cold.push(out.ms);
        status = out.status;
      }
      rows.push({ id: fn.id, bytes: report.bytes, gzipBytes: gzipSync(readFileSync(fn.outfile)).length, coldMs: percentile(cold, 50), status });
    }
    const biggest = [...rows].sort((a, b) => b.bytes - a.bytes)[0]!;
    const slowest = [...rows].sort((a, b) => b.coldMs - a.coldMs)[0]!;
    const unanswered = rows.filter((r) => r.status < 400);
    const colds = rows.map((r) => r.coldMs);
    return [
      { name: "functions.count", value: rows.length, unit: "count", note: "functions/<id> with a manifest, each bundled as `npm run build` does" },
      { name: "functions.bundle_max.MB", value: round(biggest.bytes / 2 ** 20, 2), unit: "MB", target: { op: "<", value: BUNDLE_BUDGET_MB }, note: `${biggest.id} (gzip ${round(biggest.gzipBytes / 1024, 1)} KiB); median bundle ${round(percentile(rows.map((r) => r.bytes), 50) / 2 ** 20, 2)} MB` },
      { name: "functions.cold_start_max.ms", value: round(slowest.coldMs, 1), unit: "ms", target: { op: "<", value: COLD_BUDGET_MS }, note: `${slowest.id}: import + first call in a fresh Node ${process.version} process, median of ${RUNS}` },
      { name: "functions.cold_start_p50.ms", value: round(percentile(colds, 50), 1), unit: "ms", note: `across ${rows.length} functions; p95 ${round(percentile(colds, 95), 1)} ms` },
      // A probe the kit did not refuse ran a verb: then the figure would include I/O and mean something else.
      { name: "functions.probe_not_refused", value: unanswered.length, unit: "count", target: { op: "<", value: 1 }, note: unanswered.length ? unanswered.map((r) => `${r.id}:${r.status}`).join(", ") : "every probe answered 4xx by the kit, before any verb" },
    ] satisfies BenchResult[];
  },
};

export default functions;

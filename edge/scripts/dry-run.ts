// Builds the Worker offline with `wrangler deploy --dry-run --outdir edge/dist` (no login, no network) and reports
// the bundle size, raw and gzip, against the budget (< 1 MB compressed; Workers' own limit is 3 MB free / 10 MB paid).
// Run from the repo root: `npx tsx edge/scripts/dry-run.ts [--minify]`. Exits 1 when the build fails or the budget is
// exceeded.
/* eslint-disable no-restricted-imports -- a Node build script: never bundled into the Worker */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_GZIP_BYTES = 1024 * 1024;
const edgeDir = new URL("..", import.meta.url).pathname;
const outdir = join(edgeDir, "dist");
const minify = process.argv.includes("--minify");

execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir, ...(minify ? ["--minify"] : [])], {
  cwd: edgeDir,
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  stdio: ["ignore", "inherit", "inherit"],
});

const files = readdirSync(outdir).filter((f) => f.endsWith(".js") || f.endsWith(".mjs"));
let raw = 0;
let gzip = 0;
for (const f of files) {
  const bytes = readFileSync(join(outdir, f));
  raw += statSync(join(outdir, f)).size;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
const report = { minify, files, rawKiB: kib(raw), gzipKiB: kib(gzip), budgetGzipKiB: kib(BUDGET_GZIP_BYTES), withinBudget: gzip < BUDGET_GZIP_BYTES };
process.stdout.write(`${JSON.stringify(report)}\n`);
if (!report.withinBudget) process.exit(1);

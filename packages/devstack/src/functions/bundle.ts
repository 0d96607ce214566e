// One esbuild bundle per function: functions/<id>/dist/main.js (ESM, Node 20+/22 runtime), with a package.json
// beside it so Node treats the file as ESM inside the deployed folder (Appwrite deploys functions/<id>).
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { build } from "esbuild";

export interface BundleReport {
  id: string;
  outfile: string;
  bytes: number;
}

export interface BundleTarget {
  id: string;
  /** functions/<id>/src/main.ts */
  entry: string;
  /** functions/<id>/dist/main.js */
  outfile: string;
}

const OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  keepNames: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  // CommonJS dependencies (node-appwrite's deps, razorpay/axios) call require(); give ESM a real one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
} as const;

function finish(fn: BundleTarget): BundleReport {
  writeFileSync(`${dirname(fn.outfile)}/package.json`, `${JSON.stringify({ type: "module" })}\n`);
  // No gzip size here: the stack bundles on every start, and gzipping 50 bundles cost seconds of CPU each time.
  return { id: fn.id, outfile: fn.outfile, bytes: statSync(fn.outfile).size };
}

export async function bundleFunction(fn: BundleTarget): Promise<BundleReport> {
  return (await bundleFunctions([fn]))[0]!;
}

/** Many functions in ONE esbuild run: shared parsing makes a full rebuild several times faster than one run each. */
export async function bundleFunctions(fns: readonly BundleTarget[]): Promise<BundleReport[]> {
  if (fns.length === 0) return [];
  for (const fn of fns) mkdirSync(dirname(fn.outfile), { recursive: true });
  await build({
    ...OPTIONS,
    entryPoints: fns.map((fn) => ({ in: fn.entry, out: fn.outfile.replace(/^\//, "").replace(/\.js$/, "") })),
    outdir: "/",
  });
  return fns.map(finish);
}

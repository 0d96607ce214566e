// One esbuild bundle per function: functions/<id>/dist/main.js (ESM, Node 20+/22 runtime), with a package.json
// beside it so Node treats the file as ESM inside the deployed folder (Appwrite deploys functions/<id>).
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export interface BundleReport {
  id: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleTarget {
  id: string;
  /** functions/<id>/src/main.ts */
  entry: string;
  /** functions/<id>/dist/main.js */
  outfile: string;
}

export async function bundleFunction(fn: BundleTarget): Promise<BundleReport> {
  mkdirSync(dirname(fn.outfile), { recursive: true });
  await build({
    entryPoints: [fn.entry],
    outfile: fn.outfile,
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
  });
  writeFileSync(`${dirname(fn.outfile)}/package.json`, `${JSON.stringify({ type: "module" })}\n`);
  const bytes = statSync(fn.outfile).size;
  return { id: fn.id, bytes, gzipBytes: gzipSync(readFileSync(fn.outfile)).length };
}

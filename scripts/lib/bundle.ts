// One esbuild bundle per function: functions/<id>/dist/main.js (ESM, Node 20+/22 runtime), with a package.json
// beside it so Node treats the file as ESM inside the deployed folder (Appwrite deploys functions/<id>).
import { mkdirSync, writeFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { build } from "esbuild";
import type { FunctionFolder } from "./functions";

export interface BundleReport {
  id: string;
  bytes: number;
  gzipBytes: number;
}

export async function bundleFunction(fn: FunctionFolder): Promise<BundleReport> {
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

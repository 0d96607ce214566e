// `npm run build`: bundle every function to functions/<id>/dist/main.js and report sizes (budget: 5 MB each).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { bundleFunctions } from "@chizze/devstack/functions/bundle";
import { listFunctions } from "./lib/functions";

const BUDGET_BYTES = 5 * 1024 * 1024;

const fns = await listFunctions();
const only = process.argv.slice(2);
let over = 0;
for (const r of await bundleFunctions(fns.filter((f) => only.length === 0 || only.includes(f.id)))) {
  const flag = r.bytes > BUDGET_BYTES ? "  OVER BUDGET" : "";
  if (flag) over++;
  const gzipBytes = gzipSync(readFileSync(r.outfile)).length;
  console.log(`${r.id.padEnd(32)} ${(r.bytes / 1024).toFixed(1).padStart(9)} KiB  gzip ${(gzipBytes / 1024).toFixed(1).padStart(8)} KiB${flag}`);
}
if (over) {
  console.error(`${over} function bundle(s) exceed 5 MB`);
  process.exit(1);
}

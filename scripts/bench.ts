// `npm run bench [filter…]`: runs every tests/bench/*.bench.ts (or those whose name contains a filter), prints each
// figure against its target and writes bench-results/latest.json + latest.md. Exit code 1 if a target is missed.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cpus, totalmem } from "node:os";
import { passed, type Bench, type BenchResult } from "../tests/bench/lib";
import { ROOT } from "./lib/functions";

const dir = join(ROOT, "tests/bench");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts") && (filters.length === 0 || filters.some((x) => f.includes(x))));

const all: (BenchResult & { bench: string; covers: string; pass: boolean | undefined })[] = [];
for (const file of files.sort()) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench | Bench[] };
  for (const bench of [mod.default].flat()) {
    console.log(`\n▶ ${bench.name} (${bench.covers})`);
    const results = await bench.run();
    for (const r of results) {
      const p = passed(r);
      all.push({ ...r, bench: bench.name, covers: bench.covers, pass: p });
      const t = r.target ? ` (target ${r.target.op} ${r.target.value} ${r.unit})` : "";
      console.log(`  ${p === false ? "✗" : p ? "✓" : "·"} ${r.name} = ${r.value} ${r.unit}${t}${r.note ? `  — ${r.note}` : ""}`);
    }
  }
}

const out = join(ROOT, "bench-results");
mkdirSync(out, { recursive: true });
const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) };
const when = new Date().toISOString();
writeFileSync(join(out, "latest.json"), `${JSON.stringify({ when, machine, results: all }, null, 2)}\n`);
const md = [
  `# Benchmark results (${when})`,
  "",
  `Machine: Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel ?? "cpu"}, ${machine.memGiB} GiB.`,
  "",
  "| bench | figure | value | target | ok | note |",
  "|---|---|---|---|---|---|",
  ...all.map((r) => `| ${r.bench} | ${r.name} | ${r.value} ${r.unit} | ${r.target ? `${r.target.op} ${r.target.value}` : ""} | ${r.pass === undefined ? "" : r.pass ? "yes" : "**no**"} | ${r.note ?? ""} |`),
  "",
].join("\n");
writeFileSync(join(out, "latest.md"), md);
const missed = all.filter((r) => r.pass === false);
console.log(`\n${all.length} figures, ${missed.length} missed → bench-results/latest.json`);
process.exit(missed.length ? 1 : 0);

// `npm run bench [filter…]`: runs every tests/bench/*.bench.ts (or those whose name contains a filter), prints each
// figure against its target and writes bench-results/latest.json + latest.md. Exit code 1 if a target is missed.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
// A filtered run replaces only the benches it ran; figures of the others are kept (with their own timestamps).
type Row = (typeof all)[number] & { when?: string };
const previous: Row[] = existsSync(join(out, "latest.json")) ? ((JSON.parse(readFileSync(join(out, "latest.json"), "utf8")) as { results: Row[] }).results ?? []) : [];
const ran = new Set(all.map((r) => r.bench));
const stamp = new Date().toISOString();
const merged: Row[] = [...previous.filter((r) => !ran.has(r.bench)), ...all.map((r) => ({ ...r, when: stamp }))].sort((a, b) => a.bench.localeCompare(b.bench));
const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) };
const when = new Date().toISOString();
writeFileSync(join(out, "latest.json"), `${JSON.stringify({ when, machine, results: merged }, null, 2)}\n`);
const md = [
  `# Benchmark results (${when})`,
  "",
  `Machine: Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel ?? "cpu"}, ${machine.memGiB} GiB.`,
  "",
  "| bench | figure | value | target | ok | measured | note |",
  "|---|---|---|---|---|---|---|",
  ...merged.map((r) => `| ${r.bench} | ${r.name} | ${r.value} ${r.unit} | ${r.target ? `${r.target.op} ${r.target.value}` : ""} | ${r.pass === undefined ? "" : r.pass ? "yes" : "**no**"} | ${r.when ?? when} | ${r.note ?? ""} |`),
  "",
].join("\n");
writeFileSync(join(out, "latest.md"), md);
const missed = all.filter((r) => r.pass === false);
console.log(`\n${all.length} figures, ${missed.length} missed → bench-results/latest.json`);
process.exit(missed.length ? 1 : 0);

// Benchmark plumbing: measurements become results with their targets; `npm run bench` writes them to
// bench-results/latest.json (and a table in latest.md). Targets are checked here, never in tests.

export interface BenchResult {
  /** e.g. "devstack.list_indexed_100k.p95_ms" */
  name: string;
  value: number;
  unit: "ms" | "MB" | "req/s" | "count" | "ratio" | "s" | "KiB";
  /** The budget, when there is one: value must be below (or above) it. */
  target?: { op: "<" | ">"; value: number };
  /** Free text: sample size, setup, baseline. */
  note?: string;
}

export interface Bench {
  name: string;
  /** Issue or budget this bench proves. */
  covers: string;
  run(): Promise<BenchResult[]>;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function passed(r: BenchResult): boolean | undefined {
  if (!r.target) return undefined;
  return r.target.op === "<" ? r.value < r.target.value : r.value > r.target.value;
}

/** Time `fn` `n` times sequentially after `warmup` runs; returns milliseconds per call. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>, warmup = Math.min(50, n)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export function rssMb(): number {
  return round(process.memoryUsage().rss / 1024 / 1024, 1);
}

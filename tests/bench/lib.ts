// Benchmark plumbing: measurements become results with their targets; `npm run bench` writes them to
// bench-results/latest.json (and a table in latest.md). Targets are checked here, never in tests.
import http from "node:http";

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

/** What a synchronous execution answered (Appwrite's execution fields the benches read). */
export interface ExecutionAnswer {
  responseStatusCode: number;
  responseBody: string;
  errors: string;
}

/**
 * Synchronous executions through the Functions API as the edge makes them (edge/src/invoke.ts: one POST per call, a
 * kept-alive connection pool), over node:http rather than node-appwrite. The load generator shares the devstack's
 * process and main thread, and node-appwrite's per-call cost (a fetch Request, json-bigint) was a quarter of that
 * thread's time under load: a cost of the bench's client, not of the system measured. Connections: at most
 * `maxSockets` at once; more calls wait in the agent's queue.
 */
export function executionsCaller(opts: { endpoint: string; projectId: string; key: string; maxSockets: number }) {
  const url = new URL(opts.endpoint);
  // Idle sockets are dropped after 4 s, before the server's keepAliveTimeout (Node's 5 s) closes them under us: the
  // agent destroys a free socket on its timeout (active requests are not affected).
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets, timeout: 4_000 });
  const base = `${url.pathname.replace(/\/$/, "")}/functions/`;
  return {
    execute(functionId: string, req: { method: string; path: string; headers: Record<string, string>; body: string }): Promise<ExecutionAnswer> {
      const payload = JSON.stringify({ body: req.body, async: false, path: req.path, method: req.method, headers: req.headers });
      return send(functionId, payload, true);
    },
    close: () => agent.destroy(),
  };

  function send(functionId: string, payload: string, mayRetry: boolean): Promise<ExecutionAnswer> {
    return new Promise((resolve, reject) => {
      const r = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: `${base}${encodeURIComponent(functionId)}/executions`,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "x-appwrite-project": opts.projectId, "x-appwrite-key": opts.key },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => {
            if ((res.statusCode ?? 0) >= 300) return reject(new Error(`executions ${res.statusCode}: ${text.slice(0, 200)}`));
            try {
              resolve(JSON.parse(text) as ExecutionAnswer);
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          });
          res.on("error", reject);
        },
      );
      // A kept-alive socket the server closed while idle (its keepAliveTimeout) fails the next request on it before
      // anything was sent: Node's documented case for one retry on a fresh socket (reusedSocket + ECONNRESET).
      r.on("error", (err: NodeJS.ErrnoException) => {
        if (mayRetry && r.reusedSocket && err.code === "ECONNRESET") send(functionId, payload, false).then(resolve, reject);
        else reject(err);
      });
      r.end(payload);
    });
  }
}

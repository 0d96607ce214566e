// Measures the executions-API hop on the devstack: N sequential synchronous executions of the `health` function
// through invokeFunction (what the edge does per request), and the same N requests through the whole edge app
// (`app.request` on GET /api/v1/orders/:id with a cached token: auth + identity signing + validation + execution).
// Bounded (N, default 200), 127.0.0.1 only. Run: `npx tsx edge/scripts/measure-invoke.ts [N]`.
import { startHarness } from "../test/support/harness";
import { invokeFunction } from "../src/invoke";
import { createLogger } from "../src/logger";

const n = Math.min(Number(process.argv[2] ?? 200), 2_000);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) * 100) / 100;
};

const h = await startHarness({ logWriter: () => {} });
try {
  const log = createLogger(() => {});
  const cfg = { APPWRITE_ENDPOINT: h.bindings.APPWRITE_ENDPOINT, APPWRITE_PROJECT_ID: h.bindings.APPWRITE_PROJECT_ID, APPWRITE_API_KEY: h.bindings.APPWRITE_API_KEY };
  const call = () => invokeFunction(cfg, { functionId: "health", method: "GET", path: "/api/v1/health/function", body: "", headers: { "x-request-id": "m" }, timeoutMs: 5_000 }, log);
  for (let i = 0; i < 20; i++) await (await call()).response.text(); // warm the runtime and the sockets
  const direct: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await (await call()).response.text();
    direct.push(performance.now() - t);
  }
  const auth = { authorization: `Bearer ${h.tokens.customer}` };
  for (let i = 0; i < 20; i++) await (await h.request("/api/v1/orders/ord_1", { headers: auth })).text();
  const edge: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await h.request("/api/v1/orders/ord_1", { headers: auth });
    await res.text();
    edge.push(performance.now() - t);
  }
  const live: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await (await h.request("/api/v1/health")).text();
    live.push(performance.now() - t);
  }
  process.stdout.write(
    `${JSON.stringify({
      n,
      executionsApiMs: { p50: pct(direct, 50), p95: pct(direct, 95), p99: pct(direct, 99) },
      edgeToFunctionMs: { p50: pct(edge, 50), p95: pct(edge, 95), p99: pct(edge, 99) },
      edgeOnlyLivenessMs: { p50: pct(live, 50), p95: pct(live, 95), p99: pct(live, 99) },
    })}\n`,
  );
} finally {
  await h.close();
}

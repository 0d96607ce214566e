// The §8.1 metrics (names from @chizze/platform/observability/metrics): written to Workers Analytics Engine when
// the METRICS dataset is bound, else as JSON log lines. One data point per observation:
//   index = metric name, blobs = [metric name, ...label values in the metric's label order], doubles = [value].
// writeDataPoint is fire-and-forget (no waitUntil needed). Queried later with the AE SQL API.
import { METRICS, jsonLogMetrics, type Labels, type MetricsSink } from "@chizze/platform/observability/metrics";
import type { Bindings } from "./env";

type Dataset = NonNullable<Bindings["METRICS"]>;

const labelOrder = new Map<string, readonly string[]>(Object.values(METRICS).map((m) => [m.name, m.labels]));

function blobsOf(name: string, labels: Labels = {}): string[] {
  const order = labelOrder.get(name) ?? Object.keys(labels).sort();
  return [name, ...order.map((l) => labels[l] ?? "")];
}

export function analyticsEngineMetrics(dataset: Dataset): MetricsSink {
  const write = (name: string, value: number, labels?: Labels) => dataset.writeDataPoint({ indexes: [name], blobs: blobsOf(name, labels), doubles: [value] });
  return {
    counter: (name, labels, by = 1) => write(name, by, labels),
    histogram: (name, value, labels) => write(name, value, labels),
    gauge: (name, value, labels) => write(name, value, labels),
  };
}

export function metricsFor(env: Pick<Bindings, "METRICS">, writeLine: (line: string) => void): MetricsSink {
  return env.METRICS ? analyticsEngineMetrics(env.METRICS) : jsonLogMetrics(writeLine);
}

export { METRICS };

/**
 * chizze_active_users: one point per signed-in request, indexed by a hash of the user id (Analytics Engine samples
 * per index, and a distinct count needs the user in the index). The exporter exposes COUNT(DISTINCT index1) over the
 * last 5 minutes of rows whose blob1 is this name (docs/operations.md). FNV-1a, not a cryptographic hash: user ids
 * are not secrets, the point only needs to tell users apart without writing the id itself.
 */
export const ACTIVE_USERS_METRIC = "chizze_active_users";

export function userIndex(userId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export function recordActiveUser(env: Pick<Bindings, "METRICS">, userId: string, writeLine: (line: string) => void): void {
  const index = userIndex(userId);
  if (env.METRICS) env.METRICS.writeDataPoint({ indexes: [index], blobs: [ACTIVE_USERS_METRIC], doubles: [1] });
  else writeLine(JSON.stringify({ metric: ACTIVE_USERS_METRIC, type: "gauge", value: 1, labels: {}, user: index, ts: new Date().toISOString() }));
}

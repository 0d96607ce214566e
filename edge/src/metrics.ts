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

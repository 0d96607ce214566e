// Metric names of production-architecture §8.1 as constants, a sink interface small enough for Workers and Appwrite
// functions alike, and a sink that writes one JSON line per observation (aggregated later from the logs; neither
// runtime keeps a process around to be scraped). Runtime-neutral.

export const METRICS = {
  httpRequestsTotal: { name: "chizze_http_requests_total", type: "counter", labels: ["method", "endpoint", "status_code"] },
  httpRequestDuration: {
    name: "chizze_http_request_duration_seconds",
    type: "histogram",
    labels: ["method", "endpoint"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  },
  wsActiveConnections: { name: "chizze_ws_active_connections", type: "gauge", labels: [] },
  /** status: placed, confirmed, delivered, cancelled. */
  ordersTotal: { name: "chizze_orders_total", type: "counter", labels: ["status"] },
  deliveryMatchDuration: { name: "chizze_delivery_match_duration_seconds", type: "histogram", labels: [], buckets: [1, 5, 10, 30, 60, 120] },
  /** cache_layer: redis, edge, … */
  cacheHitRatio: { name: "chizze_cache_hit_ratio", type: "gauge", labels: ["cache_layer"] },
  paymentDuration: { name: "chizze_payment_duration_seconds", type: "histogram", labels: [], buckets: [0.5, 1, 2, 5, 10, 30] },
  // Not in §8.1; needed by §5.1's OnStateChange and by the cache's fail-open reporting.
  /** 0 closed, 1 open, 2 half-open, 3 isolated. */
  circuitBreakerState: { name: "chizze_circuit_breaker_state", type: "gauge", labels: ["dependency"] },
  /** result: hit, stale, miss, error (Redis failed, served from origin). */
  cacheRequestsTotal: { name: "chizze_cache_requests_total", type: "counter", labels: ["cache_layer", "result"] },
  // Business and job figures for §8.2's dashboards and §8.3's alerts, written by functions (ops/metrics.json says
  // where). Label values come from the schema's enums.
  /** payment_method: online, cod; value in paise of orders entering `placed`. */
  orderValuePaiseTotal: { name: "chizze_order_value_paise_total", type: "counter", labels: ["payment_method"] },
  restaurantOrdersTotal: { name: "chizze_restaurant_orders_total", type: "counter", labels: ["restaurant_id"] },
  orderAcceptDuration: { name: "chizze_order_accept_duration_seconds", type: "histogram", labels: [], buckets: [10, 30, 60, 90, 120, 180, 300] },
  deliveryDuration: { name: "chizze_delivery_duration_seconds", type: "histogram", labels: [], buckets: [900, 1200, 1500, 1800, 2400, 3000, 3600, 5400] },
  /** status: PAYMENT_STATUSES, the status a payment row entered. */
  paymentsTotal: { name: "chizze_payments_total", type: "counter", labels: ["status"] },
  /** outcome: offered, accepted, rejected, expired, cancelled. */
  dispatchOffersTotal: { name: "chizze_dispatch_offers_total", type: "counter", labels: ["outcome"] },
  dispatchOrders: { name: "chizze_dispatch_orders", type: "gauge", labels: ["dispatch_state"] },
  ordersWaitingPickup: { name: "chizze_orders_waiting_pickup", type: "gauge", labels: [] },
  /** state: available, on_delivery. */
  deliveryPartnersOnline: { name: "chizze_delivery_partners_online", type: "gauge", labels: ["state"] },
  /** kind: events_stuck, orders_payment_overdue, payments_uncaptured. */
  reconcilerBacklog: { name: "chizze_reconciler_backlog", type: "gauge", labels: ["kind"] },
  reconcilerFailuresTotal: { name: "chizze_reconciler_failures_total", type: "counter", labels: [] },
  reconcilerLastRun: { name: "chizze_reconciler_last_run_timestamp_seconds", type: "gauge", labels: [] },
  /** status: pending, failed. */
  refunds: { name: "chizze_refunds", type: "gauge", labels: ["status"] },
  refundsPendingOldestAge: { name: "chizze_refunds_pending_oldest_age_seconds", type: "gauge", labels: [] },
  functionExecutionsTotal: { name: "chizze_function_executions_total", type: "counter", labels: ["function", "trigger", "status_code"] },
  functionMemoryRss: { name: "chizze_function_memory_rss_bytes", type: "gauge", labels: ["function"] },
} as const;

export type MetricDef = (typeof METRICS)[keyof typeof METRICS];
export type Labels = Readonly<Record<string, string>>;

export interface MetricsSink {
  counter(name: string, labels?: Labels, by?: number): void;
  histogram(name: string, value: number, labels?: Labels): void;
  gauge(name: string, value: number, labels?: Labels): void;
}

/** One observation as a log line. `metric` makes lines easy to pick out of mixed logs. */
export interface MetricLine {
  metric: string;
  type: "counter" | "histogram" | "gauge";
  value: number;
  labels: Labels;
  ts: string;
}

/** Writes one JSON line per observation through `write` (a logger's info, Appwrite's log, a test array). */
export function jsonLogMetrics(write: (line: string) => void, opts: { now?: () => number; base?: Labels } = {}): MetricsSink {
  const now = opts.now ?? Date.now;
  const emit = (type: MetricLine["type"], name: string, value: number, labels: Labels = {}): void => {
    const line: MetricLine = { metric: name, type, value, labels: { ...opts.base, ...labels }, ts: new Date(now()).toISOString() };
    write(JSON.stringify(line));
  };
  return {
    counter: (name, labels, by = 1) => emit("counter", name, by, labels),
    histogram: (name, value, labels) => emit("histogram", name, value, labels),
    gauge: (name, value, labels) => emit("gauge", name, value, labels),
  };
}

/** A sink that drops everything (tests, scripts). */
export const noMetrics: MetricsSink = { counter: () => {}, histogram: () => {}, gauge: () => {} };

/** The bucket an observation falls in (upper bound, or +Inf), for aggregators that rebuild histograms from lines. */
export function bucketOf(buckets: readonly number[], value: number): number {
  for (const b of buckets) if (value <= b) return b;
  return Number.POSITIVE_INFINITY;
}

// The Razorpay gateway for this runtime. Built once per (key id, API URL) and kept at module scope (style rule 7):
// a warm runtime reuses the SDK client and its HTTP agent across executions. Each execution gets a view of it that
// times every call into chizze_payment_duration_seconds on that execution's metrics sink (one runtime may serve
// several executions at once, so the sink cannot live in the shared client).
import { createRazorpayGateway, type PaymentGateway } from "@chizze/platform/razorpay/gateway";
import { METRICS, type MetricsSink } from "@chizze/platform/observability/metrics";
import type { Deps } from "../deps";

const cache = new Map<string, PaymentGateway>();

/**
 * The gateway for deps.config.razorpay.
 * @example const rzpOrder = await paymentGateway(deps).createOrder({ amountPaise: 49_900, receipt: orderId })
 */
export function paymentGateway(deps: Pick<Deps, "config" | "metrics">): PaymentGateway {
  const { keyId, keySecret, apiUrl, timeoutMs } = deps.config.razorpay;
  const key = `${keyId}|${apiUrl}|${timeoutMs}`;
  let gateway = cache.get(key);
  if (!gateway) {
    gateway = createRazorpayGateway({ keyId, keySecret, apiUrl, timeoutMs });
    cache.set(key, gateway);
  }
  return timed(gateway, deps.metrics);
}

/** Every method of `gateway`, observed: duration of the whole call (the SDK's retries included), success or not. */
function timed(gateway: PaymentGateway, metrics: MetricsSink): PaymentGateway {
  const view = {} as Record<keyof PaymentGateway, unknown>;
  for (const name of Object.keys(gateway) as (keyof PaymentGateway)[]) {
    const method = (gateway[name] as (...args: unknown[]) => Promise<unknown>).bind(gateway);
    view[name] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await method(...args);
      } finally {
        metrics.histogram(METRICS.paymentDuration.name, (performance.now() - started) / 1000);
      }
    };
  }
  return view as PaymentGateway;
}

// The Razorpay gateway for this runtime. Built once per (key id, API URL) and kept at module scope (style rule 7):
// a warm runtime reuses the SDK client and its HTTP agent across executions.
import { createRazorpayGateway, type PaymentGateway } from "@chizze/platform/razorpay/gateway";
import type { Deps } from "../deps";

const cache = new Map<string, PaymentGateway>();

/**
 * The gateway for deps.config.razorpay.
 * @example const rzpOrder = await paymentGateway(deps).createOrder({ amountPaise: 49_900, receipt: orderId })
 */
export function paymentGateway(deps: Pick<Deps, "config">): PaymentGateway {
  const { keyId, keySecret, apiUrl, timeoutMs } = deps.config.razorpay;
  const key = `${keyId}|${apiUrl}|${timeoutMs}`;
  let gateway = cache.get(key);
  if (!gateway) {
    gateway = createRazorpayGateway({ keyId, keySecret, apiUrl, timeoutMs });
    cache.set(key, gateway);
  }
  return gateway;
}

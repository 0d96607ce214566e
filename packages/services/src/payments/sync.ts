// Razorpay's view of one Razorpay order, fed through the event path: how a missed webhook is recovered (the
// reconciler) and how the Checkout callback learns the truth (verify). Each payment's current state becomes a
// synthetic event `fetch_<paymentId>_<status>`, recorded once, so syncing twice changes nothing.
import type { Deps } from "../deps";
import { ingestRazorpayEvent, type ApplyResult } from "./apply";
import { fetchedPaymentEnvelope } from "./events";
import { paymentGateway } from "./gateway";

/**
 * @example const results = await syncRazorpayOrder(deps, "order_NkQ2Z7cW9zLkXb")
 */
export async function syncRazorpayOrder(deps: Deps, razorpayOrderId: string): Promise<ApplyResult[]> {
  const payments = await paymentGateway(deps).fetchOrderPayments(razorpayOrderId);
  const out: ApplyResult[] = [];
  // Oldest attempt first, as they happened.
  for (const p of [...payments].sort((a, b) => a.created_at - b.created_at)) {
    const event = fetchedPaymentEnvelope(p, deps.now());
    if (event) out.push(await ingestRazorpayEvent(deps, event));
  }
  return out;
}

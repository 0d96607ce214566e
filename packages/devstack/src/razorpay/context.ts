// What every verb of the double works with.
import type { RazorpayState } from "./state";
import type { WebhookEmitter } from "./webhooks";

export interface RazorpayConfig {
  keyId: string;
  keySecret: string;
  /** The merchant account (acc_…): webhook `account_id` and the source of direct transfers. */
  accountId: string;
  /** What a new refund becomes: "processed" at once (default), left "pending" until settled, or "failed". */
  refundSettlement: "processed" | "pending" | "failed";
  /**
   * What to do with a second orders.create carrying a receipt already used: "allow" (Razorpay's default: a new
   * order), "return-existing" (same amount and currency → the first order again; otherwise 400), "reject" (400).
   * A request can ask for "return-existing" itself with `unique_receipt: true`.
   */
  duplicateReceipt: "allow" | "return-existing" | "reject";
}

export interface RazorpayContext {
  state: RazorpayState;
  webhooks: WebhookEmitter;
  config: RazorpayConfig;
  now: () => number;
}

/** Razorpay timestamps are Unix seconds. */
export function unixNow(ctx: RazorpayContext): number {
  return Math.floor(ctx.now() / 1000);
}

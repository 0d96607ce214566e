// Start the Razorpay double on 127.0.0.1. The razorpay SDK is pointed at it by configuration only (see README.md).
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { createRazorpayApp } from "./app";
import { authorizeLate, pay, type CheckoutResult, type PayOptions } from "./checkout";
import type { RazorpayConfig, RazorpayContext } from "./context";
import type { Refund } from "./entities";
import { base62 } from "./random";
import { settleRefund } from "./refunds";
import { RazorpayState } from "./state";
import { WebhookEmitter, type WebhookSettings, type Webhooks } from "./webhooks";

export interface StartRazorpayOptions {
  /** 0 (default) = a free port. */
  port?: number;
  keyId?: string;
  keySecret?: string;
  webhookSecret?: string;
  /** Where webhooks go; can also be set later with webhooks.configure({ url }). */
  webhookUrl?: string;
  /** Delivery knobs (mode, duplicate, delayMs, reorderWindow, seed, drop, attempts, backoffMs, timeoutMs). */
  webhooks?: Partial<Omit<WebhookSettings, "url">>;
  /** The merchant account id (acc_…) in webhook envelopes. */
  accountId?: string;
  /** Mirror state to this JSON file and load it on start. */
  persistPath?: string;
  refundSettlement?: RazorpayConfig["refundSettlement"];
  duplicateReceipt?: RazorpayConfig["duplicateReceipt"];
  /** Clock for created_at (ms). */
  now?: () => number;
}

export interface RazorpayCheckout {
  /** Pay an order as Checkout would; returns Checkout's handler (or payment.failed) argument. */
  pay(orderId: string, opts?: PayOptions): CheckoutResult;
  /** A failed payment is authorised after all (payment.authorized after payment.failed). */
  authorizeLate(paymentId: string, opts?: { capture?: boolean }): void;
}

export interface RunningRazorpay {
  /** http://127.0.0.1:<port> — the SDK's baseURL (it appends /v1/…). */
  url: string;
  port: number;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  accountId: string;
  /** Orders, payments, refunds, transfers and the call log, live. */
  state: RazorpayState;
  checkout: RazorpayCheckout;
  webhooks: Webhooks;
  /** Finish a refund left pending (refundSettlement "pending"). */
  settleRefund(refundId: string, outcome: "processed" | "failed"): Refund;
  server: Server;
  close(): Promise<void>;
}

export async function startRazorpay(opts: StartRazorpayOptions = {}): Promise<RunningRazorpay> {
  const keyId = opts.keyId ?? "rzp_test_devstack0000001";
  const keySecret = opts.keySecret ?? "devstack_key_secret_not_for_production";
  const webhookSecret = opts.webhookSecret ?? "devstack_webhook_secret";
  const accountId = opts.accountId ?? `acc_${base62(14)}`;
  const now = opts.now ?? Date.now;
  const webhooks = new WebhookEmitter({
    secret: webhookSecret,
    accountId,
    now,
    settings: { ...opts.webhooks, ...(opts.webhookUrl ? { url: opts.webhookUrl } : {}) },
  });
  const ctx: RazorpayContext = {
    state: new RazorpayState(opts.persistPath),
    webhooks,
    now,
    config: {
      keyId,
      keySecret,
      accountId,
      refundSettlement: opts.refundSettlement ?? "processed",
      duplicateReceipt: opts.duplicateReceipt ?? "allow",
    },
  };
  const app = createRazorpayApp(ctx);
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: "127.0.0.1" }, () => resolve(s as Server));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    keyId,
    keySecret,
    webhookSecret,
    accountId,
    state: ctx.state,
    checkout: {
      pay: (orderId, payOpts) => pay(ctx, orderId, payOpts),
      authorizeLate: (paymentId, lateOpts) => authorizeLate(ctx, paymentId, lateOpts),
    },
    webhooks,
    settleRefund: (refundId, outcome) => settleRefund(ctx, refundId, outcome),
    server,
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Point a `razorpay` SDK instance at the double. The SDK keeps its axios instance at `rzp.api.rq` with
 * `baseURL: "https://api.razorpay.com"` and builds paths as `/v1/<resource>` (node_modules/razorpay/dist/api.js,
 * `_createConfig` and `getEntityUrl`), so replacing the baseURL is the whole switch; auth stays HTTP Basic.
 * `rq` is not in the SDK's typings, hence the structural type.
 */
export function pointRazorpaySdkAt(rzp: { api: object }, url: string): void {
  const api = rzp.api as { rq?: { defaults?: { baseURL?: string } } };
  if (!api.rq?.defaults) throw new Error("razorpay SDK layout changed: rzp.api.rq.defaults not found (see razorpay/dist/api.js)");
  api.rq.defaults.baseURL = url;
}

// The payment gateway as Chizze needs it, and its Razorpay implementation (SDK razorpay 2.9.8, edge-stack.md §5).
// Every failure leaves here as a GatewayError {kind: rejected | unavailable | timeout}: the SDK throws plain
// `{statusCode, error}` objects for HTTP errors and a TypeError for network errors (its normalizeError reads
// err.response.status), so an axios interceptor turns answer-less failures into a recognisable shape first.
// Refunds go through fetch: the SDK cannot send the X-Refund-Idempotency header (devstack razorpay/README.md).
// Runs on Node (functions); on Workers only with nodejs_compat (edge-stack.md B5).
import Razorpay from "razorpay";
import type { z } from "zod";
import { GatewayError } from "../errors";
import type { Breaker } from "../resilience/breaker";
import { isAbortError } from "../resilience/timeout";
import { GatewayOrder, GatewayPayment, GatewayRefund, GatewayTransfer, collectionOf } from "./entities";

export type { GatewayOrder, GatewayPayment, GatewayRefund, GatewayTransfer } from "./entities";

export interface TransferInput {
  /** Linked account, acc_… */
  account: string;
  amountPaise: number;
  notes?: Record<string, string>;
  onHold?: boolean;
}

export interface CreateOrderInput {
  amountPaise: number;
  /** Our order id: with unique_receipt a retried create returns the first Razorpay order (invariant I2). */
  receipt: string;
  notes?: Record<string, string>;
  /** Route transfers created when the order is paid. */
  transfers?: TransferInput[];
}

export interface RefundInput {
  /** Omitted: everything still refundable. */
  amountPaise?: number;
  /** ≥ 10 chars of [A-Za-z0-9_-]; the refund-intent row id, so a retry never refunds twice (invariant I5). */
  idempotencyKey: string;
  notes?: Record<string, string>;
  speed?: "normal" | "optimum";
}

export interface PaymentGateway {
  createOrder(input: CreateOrderInput): Promise<GatewayOrder>;
  fetchOrder(orderId: string): Promise<GatewayOrder>;
  /** Every payment attempt of an order: how the reconciler recovers a missed webhook. */
  fetchOrderPayments(orderId: string): Promise<GatewayPayment[]>;
  fetchPayment(paymentId: string): Promise<GatewayPayment>;
  capture(paymentId: string, amountPaise: number): Promise<GatewayPayment>;
  refund(paymentId: string, input: RefundInput): Promise<GatewayRefund>;
  fetchRefund(paymentId: string, refundId: string): Promise<GatewayRefund>;
  transfer(paymentId: string, transfers: TransferInput[]): Promise<GatewayTransfer[]>;
  /**
   * A direct Route transfer from the platform balance to a linked account (payouts). Razorpay has no idempotency
   * key for transfers: callers must dedupe themselves (notes + listTransfers).
   */
  createTransfer(input: TransferInput): Promise<GatewayTransfer>;
  fetchTransfer(transferId: string): Promise<GatewayTransfer>;
  /** One page of the account's transfers created in [fromSec, toSec] (Unix seconds), newest first; count ≤ 100. */
  listTransfers(query: { fromSec: number; toSec: number; count: number; skip: number }): Promise<GatewayTransfer[]>;
}

export interface RazorpayGatewayOptions {
  keyId: string;
  keySecret: string;
  /** Default https://api.razorpay.com (no /v1). */
  apiUrl?: string;
  /** Per-request budget. Default 8 000 ms (Razorpay answers order creates in well under a second). */
  timeoutMs?: number;
  /** Optional per-dependency breaker; every call goes through it. */
  breaker?: Breaker;
}

export const RAZORPAY_DEFAULT_API_URL = "https://api.razorpay.com";
const REFUND_IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{10,}$/;
/** Codes of the synthetic answer the interceptor builds when no HTTP answer arrived. */
const NO_ANSWER = { timeout: "CHIZZE_TIMEOUT", network: "CHIZZE_NETWORK_ERROR" } as const;

/** The SDK's axios instance (`rq` is missing from its typings; layout checked in devstack razorpay/README.md). */
interface SdkAxios {
  defaults: { baseURL?: string; timeout?: number };
  interceptors: { response: { use(onFulfilled: (r: unknown) => unknown, onRejected: (e: unknown) => unknown): number } };
}

function sdkAxios(rzp: Razorpay): SdkAxios {
  const api = (rzp as unknown as { api?: { rq?: Partial<SdkAxios> } }).api;
  const rq = api?.rq;
  if (!rq?.defaults || !rq.interceptors) throw new Error("razorpay SDK layout changed: rzp.api.rq not found (see razorpay/dist/api.js)");
  return rq as SdkAxios;
}

/** Any failure → GatewayError. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  if (typeof err === "object" && err !== null && "statusCode" in err) {
    const e = err as { statusCode: unknown; error?: { code?: unknown; description?: unknown; field?: unknown } };
    const status = typeof e.statusCode === "number" ? e.statusCode : 0;
    const code = typeof e.error?.code === "string" ? e.error.code : "UNKNOWN";
    const description = typeof e.error?.description === "string" ? e.error.description : "no description";
    const field = typeof e.error?.field === "string" ? e.error.field : undefined;
    if (status === 0) return new GatewayError(code === NO_ANSWER.timeout ? "timeout" : "unavailable", code, description, 0, { cause: err });
    const kind = status >= 500 || status === 429 ? "unavailable" : "rejected";
    return new GatewayError(kind, code, description, status, { cause: err, ...(field ? { field } : {}) });
  }
  if (isAbortError(err)) return new GatewayError("timeout", NO_ANSWER.timeout, "Razorpay did not answer in time", 0, { cause: err });
  // The SDK's normalizeError throws a TypeError when axios has no response; the interceptor should have caught it.
  if (err instanceof TypeError) return new GatewayError("unavailable", NO_ANSWER.network, err.message, 0, { cause: err });
  return new GatewayError("unavailable", "UNKNOWN", err instanceof Error ? err.message : String(err), 0, { cause: err });
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  // Razorpay answered 2xx with something we cannot read: treat it as a bad gateway answer, not as success.
  if (!r.success) throw new GatewayError("rejected", "CHIZZE_UNEXPECTED_RESPONSE", `${what}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, 200);
  return r.data;
}

const wireTransfer = (t: TransferInput) => ({
  account: t.account,
  amount: t.amountPaise,
  currency: "INR",
  ...(t.notes ? { notes: t.notes } : {}),
  ...(t.onHold !== undefined ? { on_hold: t.onHold } : {}),
});

export function createRazorpayGateway(opts: RazorpayGatewayOptions): PaymentGateway {
  const apiUrl = (opts.apiUrl ?? RAZORPAY_DEFAULT_API_URL).replace(/\/+$/, "");
  const timeoutMs = opts.timeoutMs ?? 8_000;
  const rzp = new Razorpay({ key_id: opts.keyId, key_secret: opts.keySecret });
  const rq = sdkAxios(rzp);
  rq.defaults.baseURL = apiUrl;
  rq.defaults.timeout = timeoutMs;
  rq.interceptors.response.use(
    (r) => r,
    (e) => {
      const ax = e as { response?: unknown; code?: unknown; message?: unknown };
      const timedOut = ax.code === "ECONNABORTED" || ax.code === "ETIMEDOUT";
      // No answer: shaped like an HTTP answer so the SDK's normalizeError yields {statusCode: 0, error} instead of
      // throwing a TypeError that hides whether it was a timeout.
      const rejection = ax.response
        ? e
        : { response: { status: 0, data: { error: { code: timedOut ? NO_ANSWER.timeout : NO_ANSWER.network, description: typeof ax.message === "string" ? ax.message : "no answer" } } } };
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the SDK's normalizeError reads this shape, not an Error
      return Promise.reject(rejection);
    },
  );
  const authorization = `Basic ${btoa(`${opts.keyId}:${opts.keySecret}`)}`;

  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const run = async (): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        throw toGatewayError(err);
      }
    };
    return opts.breaker ? opts.breaker.execute(run) : run();
  };

  return {
    async createOrder(input) {
      const body = {
        amount: input.amountPaise,
        currency: "INR",
        receipt: input.receipt,
        ...(input.notes ? { notes: input.notes } : {}),
        ...(input.transfers ? { transfers: input.transfers.map(wireTransfer) } : {}),
        // Razorpay docs: a retried create with the same receipt returns the same order (verify on live, devstack README).
        unique_receipt: true,
      };
      const raw = await call("create order", () => rzp.orders.create(body as Parameters<typeof rzp.orders.create>[0]));
      return parse(GatewayOrder, raw, "create order");
    },

    async fetchOrder(orderId) {
      return parse(GatewayOrder, await call("fetch order", () => rzp.orders.fetch(orderId)), "fetch order");
    },

    async fetchOrderPayments(orderId) {
      const raw = await call("fetch order payments", () => rzp.orders.fetchPayments(orderId));
      return parse(collectionOf(GatewayPayment), raw, "fetch order payments").items;
    },

    async fetchPayment(paymentId) {
      return parse(GatewayPayment, await call("fetch payment", () => rzp.payments.fetch(paymentId)), "fetch payment");
    },

    async capture(paymentId, amountPaise) {
      return parse(GatewayPayment, await call("capture", () => rzp.payments.capture(paymentId, amountPaise, "INR")), "capture");
    },

    async refund(paymentId, input) {
      if (!REFUND_IDEMPOTENCY_KEY.test(input.idempotencyKey)) throw new RangeError("Refund idempotency key must be ≥ 10 chars of [A-Za-z0-9_-]");
      const body = {
        ...(input.amountPaise !== undefined ? { amount: input.amountPaise } : {}),
        ...(input.speed ? { speed: input.speed } : {}),
        ...(input.notes ? { notes: input.notes } : {}),
      };
      const raw = await call("refund", async () => {
        const res = await fetch(`${apiUrl}/v1/payments/${encodeURIComponent(paymentId)}/refund`, {
          method: "POST",
          headers: { authorization, "content-type": "application/json", "x-refund-idempotency": input.idempotencyKey },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await res.text();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = { error: { code: "CHIZZE_UNPARSEABLE", description: text.slice(0, 200) } };
        }
        // Same shape as the SDK's errors, so one normaliser serves both.
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- normalised by toGatewayError in `call`
        if (!res.ok) throw { statusCode: res.status, error: (json as { error?: unknown }).error };
        return json;
      });
      return parse(GatewayRefund, raw, "refund");
    },

    async fetchRefund(paymentId, refundId) {
      return parse(GatewayRefund, await call("fetch refund", () => rzp.payments.fetchRefund(paymentId, refundId)), "fetch refund");
    },

    async createTransfer(input) {
      const raw = await call("create transfer", () => rzp.transfers.create(wireTransfer(input) as Parameters<typeof rzp.transfers.create>[0]));
      return parse(GatewayTransfer, raw, "create transfer");
    },

    async fetchTransfer(transferId) {
      return parse(GatewayTransfer, await call("fetch transfer", () => rzp.transfers.fetch(transferId)), "fetch transfer");
    },

    async listTransfers(q) {
      const raw = await call("list transfers", () => rzp.transfers.all({ from: q.fromSec, to: q.toSec, count: q.count, skip: q.skip }));
      return parse(collectionOf(GatewayTransfer), raw, "list transfers").items;
    },

    async transfer(paymentId, transfers) {
      const raw = await call("transfer", () =>
        rzp.payments.transfer(paymentId, { transfers: transfers.map(wireTransfer) }),
      );
      return parse(collectionOf(GatewayTransfer), raw, "transfer").items;
    },
  };
}

// The double driven by the real razorpay SDK (2.9.8), pointed at it by configuration only.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Razorpay from "razorpay";
import { validatePaymentVerification } from "razorpay/dist/utils/razorpay-utils";
import { isCheckoutSuccess, pointRazorpaySdkAt, startRazorpay, type CheckoutSuccess, type Payment, type RunningRazorpay } from "./index";

let rzpServer: RunningRazorpay;
let rzp: Razorpay;

beforeAll(async () => {
  rzpServer = await startRazorpay();
  rzp = sdkFor(rzpServer);
});
afterAll(async () => {
  await rzpServer.close();
});

function sdkFor(s: RunningRazorpay, keySecret = s.keySecret): Razorpay {
  const client = new Razorpay({ key_id: s.keyId, key_secret: keySecret });
  pointRazorpaySdkAt(client, s.url);
  return client;
}

/** The SDK rejects with a plain `{statusCode, error}` object (dist/api.js normalizeError). */
async function rzpError(p: Promise<unknown>): Promise<{ statusCode: number; error: { code: string; description: string; field?: string } }> {
  try {
    await p;
  } catch (e) {
    return e as { statusCode: number; error: { code: string; description: string; field?: string } };
  }
  throw new Error("expected the call to fail");
}

function paid(r: ReturnType<RunningRazorpay["checkout"]["pay"]>): CheckoutSuccess {
  if (!isCheckoutSuccess(r)) throw new Error(`payment failed: ${r.error.description}`);
  return r;
}

/** Direct HTTP with Basic auth, for what the SDK cannot send (per-request headers). */
async function call(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(rzpServer.url + path, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${rzpServer.keyId}:${rzpServer.keySecret}`).toString("base64")}`,
      "content-type": "application/json",
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const receipt = (): string => `rcpt_${randomUUID().slice(0, 12)}`;

describe("orders", () => {
  it("create and fetch with Razorpay's shape", async () => {
    const r = receipt();
    const order = await rzp.orders.create({ amount: 49_900, currency: "INR", receipt: r, notes: { chizze_order: "ord_1" } });
    expect(order).toMatchObject({
      entity: "order",
      amount: 49_900,
      amount_paid: 0,
      amount_due: 49_900,
      currency: "INR",
      receipt: r,
      status: "created",
      attempts: 0,
      notes: { chizze_order: "ord_1" },
    });
    expect(order.id).toMatch(/^order_[A-Za-z0-9]{14}$/);
    expect(await rzp.orders.fetch(order.id)).toEqual(order);
    // Razorpay's PHP-ism: no notes → [].
    expect((await rzp.orders.create({ amount: 100, currency: "INR" })).notes).toEqual([]);
  });

  it("validation errors carry Razorpay's error body", async () => {
    const small = await rzpError(rzp.orders.create({ amount: 99, currency: "INR" }));
    expect(small).toMatchObject({ statusCode: 400, error: { code: "BAD_REQUEST_ERROR", description: "The amount must be atleast INR 1.00", field: "amount" } });
    const fraction = await rzpError(rzp.orders.create({ amount: 100.5, currency: "INR" }));
    expect(fraction.error.field).toBe("amount");
    const long = await rzpError(rzp.orders.create({ amount: 100, currency: "INR", receipt: "x".repeat(41) }));
    expect(long).toMatchObject({ statusCode: 400, error: { field: "receipt" } });
    const missing = await rzpError(rzp.orders.fetch("order_DoesNotExist00"));
    expect(missing).toMatchObject({ statusCode: 400, error: { description: "The id provided does not exist" } });
    const split = await rzpError(
      rzp.orders.create({ amount: 1000, currency: "INR", partial_payment: true, transfers: [{ account: "acc_Rest0000000001", amount: 500, currency: "INR" }] }),
    );
    expect(split.statusCode).toBe(400);
  });

  it("duplicate receipts: a new order by default; unique_receipt returns the first order or refuses a different one", async () => {
    const r = receipt();
    const a = await rzp.orders.create({ amount: 1000, currency: "INR", receipt: r });
    const b = await rzp.orders.create({ amount: 1000, currency: "INR", receipt: r });
    expect(b.id).not.toBe(a.id);

    const u = receipt();
    const first = await call("/v1/orders", { amount: 2000, currency: "INR", receipt: u, unique_receipt: true });
    const retry = await call("/v1/orders", { amount: 2000, currency: "INR", receipt: u, unique_receipt: true });
    expect(retry.json.id).toBe(first.json.id);
    const other = await call("/v1/orders", { amount: 2500, currency: "INR", receipt: u, unique_receipt: true });
    expect(other).toMatchObject({ status: 400, json: { error: { description: "Order receipt should be unique.", field: "receipt" } } });
  });

  it("wrong Basic auth → 401", async () => {
    const bad = sdkFor(rzpServer, "wrong-secret");
    expect(await rzpError(bad.orders.create({ amount: 100, currency: "INR" }))).toMatchObject({
      statusCode: 401,
      error: { code: "BAD_REQUEST_ERROR", description: "Authentication failed" },
    });
    const anon = await fetch(`${rzpServer.url}/v1/orders/order_x`);
    expect(anon.status).toBe(401);
    expect(rzpServer.state.calls.some((c) => c.status === 401 && c.path === "/v1/orders")).toBe(true);
  });

  it("unknown routes → 404 in Razorpay's error shape (after authentication)", async () => {
    const res = await call("/v1/nope", {});
    expect(res).toMatchObject({ status: 404, json: { error: { code: "BAD_REQUEST_ERROR" } } });
  });
});

describe("checkout and payments", () => {
  it("pay → Checkout's handler fields with a signature the SDK helper verifies; the order is paid", async () => {
    const order = await rzp.orders.create({ amount: 25_000, currency: "INR", receipt: receipt() });
    const res = paid(rzpServer.checkout.pay(order.id, { method: "upi" }));
    expect(res.razorpay_order_id).toBe(order.id);
    expect(validatePaymentVerification({ order_id: order.id, payment_id: res.razorpay_payment_id }, res.razorpay_signature, rzpServer.keySecret)).toBe(true);
    expect(validatePaymentVerification({ order_id: "order_other", payment_id: res.razorpay_payment_id }, res.razorpay_signature, rzpServer.keySecret)).toBe(false);

    const payment = await rzp.payments.fetch(res.razorpay_payment_id);
    expect(payment).toMatchObject({ entity: "payment", status: "captured", captured: true, amount: 25_000, order_id: order.id, method: "upi", vpa: "success@razorpay" });
    expect(payment.fee).toBe(500 + 90);
    expect(await rzp.orders.fetch(order.id)).toMatchObject({ status: "paid", amount_paid: 25_000, amount_due: 0, attempts: 1 });
    const list = await rzp.orders.fetchPayments(order.id);
    expect(list.items.map((p) => p.id)).toEqual([res.razorpay_payment_id]);
    // A paid order cannot take a second successful payment.
    expect(() => rzpServer.checkout.pay(order.id)).toThrow(/already been paid/);
  });

  it("manual capture (payment_capture 0): amount must match; capturing twice is refused", async () => {
    const order = await rzp.orders.create({ amount: 30_000, currency: "INR", payment_capture: false });
    const { razorpay_payment_id: id } = paid(rzpServer.checkout.pay(order.id));
    expect((await rzp.payments.fetch(id)).status).toBe("authorized");
    expect((await rzp.orders.fetch(order.id)).status).toBe("attempted");
    expect(await rzpError(rzp.payments.capture(id, 29_000, "INR"))).toMatchObject({ statusCode: 400, error: { field: "amount" } });
    expect(await rzp.payments.capture(id, 30_000, "INR")).toMatchObject({ status: "captured", captured: true });
    expect(await rzpError(rzp.payments.capture(id, 30_000, "INR"))).toMatchObject({
      statusCode: 400,
      error: { description: "This payment has already been captured" },
    });
    expect((await rzp.orders.fetch(order.id)).status).toBe("paid");
  });

  it("outcome 'authorized' leaves an auto-capture order's payment uncaptured; 'failed' records the bank's error", async () => {
    const order = await rzp.orders.create({ amount: 10_000, currency: "INR" });
    const failed = rzpServer.checkout.pay(order.id, { outcome: "failed" });
    expect(isCheckoutSuccess(failed)).toBe(false);
    if (isCheckoutSuccess(failed)) return;
    expect(failed.error.metadata.order_id).toBe(order.id);
    expect(await rzp.payments.fetch(failed.error.metadata.payment_id)).toMatchObject({ status: "failed", error_reason: "payment_failed" });
    const auth = paid(rzpServer.checkout.pay(order.id, { outcome: "authorized" }));
    expect((await rzp.payments.fetch(auth.razorpay_payment_id)).status).toBe("authorized");
    expect((await rzp.orders.fetch(order.id)).attempts).toBe(2);
  });

  it("the HTTP checkout control does the same as checkout.pay", async () => {
    const order = await rzp.orders.create({ amount: 15_000, currency: "INR" });
    const res = await fetch(`${rzpServer.url}/_test/checkout/${order.id}/pay`, { method: "POST", body: JSON.stringify({ method: "card" }) });
    const body = (await res.json()) as CheckoutSuccess;
    expect(validatePaymentVerification({ order_id: order.id, payment_id: body.razorpay_payment_id }, body.razorpay_signature, rzpServer.keySecret)).toBe(true);
  });
});

describe("refunds", () => {
  async function capturedPayment(amount: number): Promise<Payment> {
    const order = await rzp.orders.create({ amount, currency: "INR" });
    return (await rzp.payments.fetch(paid(rzpServer.checkout.pay(order.id)).razorpay_payment_id)) as unknown as Payment;
  }

  it("full refund", async () => {
    const p = await capturedPayment(20_000);
    const refund = await rzp.payments.refund(p.id, { speed: "normal", notes: { reason: "restaurant rejected" } });
    expect(refund).toMatchObject({ entity: "refund", amount: 20_000, payment_id: p.id, status: "processed", speed_requested: "normal" });
    expect(refund.id).toMatch(/^rfnd_/);
    expect(await rzp.payments.fetch(p.id)).toMatchObject({ status: "refunded", refund_status: "full", amount_refunded: 20_000 });
    expect(await rzp.refunds.fetch(refund.id)).toMatchObject({ id: refund.id });
    expect(await rzp.payments.fetchRefund(p.id, refund.id)).toMatchObject({ id: refund.id });
  });

  it("partial refunds add up to at most the captured amount; over-refund is rejected", async () => {
    const p = await capturedPayment(10_000);
    await rzp.payments.refund(p.id, { amount: 3_000 });
    expect(await rzp.payments.fetch(p.id)).toMatchObject({ status: "captured", refund_status: "partial", amount_refunded: 3_000 });
    const over = await rzpError(rzp.payments.refund(p.id, { amount: 7_001 }));
    expect(over).toMatchObject({ statusCode: 400, error: { code: "BAD_REQUEST_ERROR" } });
    await rzp.payments.refund(p.id, { amount: 7_000 });
    expect((await rzp.payments.fetchMultipleRefund(p.id)).items.map((r) => r.amount).sort()).toEqual([3_000, 7_000]);
    expect((await rzpError(rzp.payments.refund(p.id, { amount: 100 }))).statusCode).toBe(400);
  });

  it("an uncaptured payment cannot be refunded", async () => {
    const order = await rzp.orders.create({ amount: 5_000, currency: "INR" });
    const { razorpay_payment_id: id } = paid(rzpServer.checkout.pay(order.id, { outcome: "authorized" }));
    expect((await rzpError(rzp.payments.refund(id, {}))).statusCode).toBe(400);
  });

  // The SDK cannot send X-Refund-Idempotency: dist/api.js passes only X-Razorpay-Account and Content-Type, and only
  // at construction (getValidHeaders). So this goes over plain HTTP, as our platform adapter must.
  it("X-Refund-Idempotency: same key + same body → the same refund; different body → 400", async () => {
    const p = await capturedPayment(12_000);
    const key = `rfk_${randomUUID()}`;
    const a = await call(`/v1/payments/${p.id}/refund`, { amount: 2_000, notes: { why: "late" } }, { "X-Refund-Idempotency": key });
    const b = await call(`/v1/payments/${p.id}/refund`, { notes: { why: "late" }, amount: 2_000 }, { "X-Refund-Idempotency": key });
    expect(a.status).toBe(200);
    expect(b.json.id).toBe(a.json.id);
    const c = await call(`/v1/payments/${p.id}/refund`, { amount: 3_000 }, { "X-Refund-Idempotency": key });
    expect(c).toMatchObject({
      status: 400,
      json: { error: { code: "BAD_REQUEST_ERROR", description: "Different request with the same idempotency key has already been processed." } },
    });
    expect(rzpServer.state.refundsOf(p.id)).toHaveLength(1);
    expect((await rzp.payments.fetch(p.id)).amount_refunded).toBe(2_000);
  });

  it("R6: ten concurrent refunds with one key make one refund", async () => {
    const p = await capturedPayment(8_000);
    const key = `rfk_${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => call(`/v1/payments/${p.id}/refund`, {}, { "X-Refund-Idempotency": key })));
    expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
    expect(rzpServer.state.refundsOf(p.id)).toHaveLength(1);
  });
});

describe("route transfers", () => {
  it("from a captured payment, fetched back; more than the payment is refused", async () => {
    const order = await rzp.orders.create({ amount: 50_000, currency: "INR" });
    const { razorpay_payment_id: id } = paid(rzpServer.checkout.pay(order.id));
    const res = await rzp.payments.transfer(id, { transfers: [{ account: "acc_Restaurant00001", amount: 40_000, currency: "INR", notes: { payout: "p1" } }] });
    expect(res.items).toHaveLength(1);
    const t = res.items[0];
    expect(t).toMatchObject({ entity: "transfer", source: id, recipient: "acc_Restaurant00001", amount: 40_000, status: "processed" });
    expect(await rzp.transfers.fetch(t?.id ?? "")).toMatchObject({ id: t?.id });
    const over = await rzpError(rzp.payments.transfer(id, { transfers: [{ account: "acc_Partner0000001", amount: 10_001, currency: "INR" }] }));
    expect(over.statusCode).toBe(400);
  });

  it("an order's transfers are created when it is paid", async () => {
    const order = await rzp.orders.create({
      amount: 60_000,
      currency: "INR",
      transfers: [{ account: "acc_Restaurant00002", amount: 45_000, currency: "INR", on_hold: false }],
    });
    expect(rzpServer.state.transfersFrom(order.id)).toHaveLength(0);
    paid(rzpServer.checkout.pay(order.id));
    expect(rzpServer.state.transfersFrom(order.id)).toMatchObject([{ recipient: "acc_Restaurant00002", amount: 45_000, status: "processed" }]);
  });

  it("direct transfers; X-Transfer-Idempotency (a double-only aid) dedupes", async () => {
    const t = await rzp.transfers.create({ account: "acc_Partner0000002", amount: 12_345, currency: "INR" });
    expect(t).toMatchObject({ source: rzpServer.accountId, recipient: "acc_Partner0000002", amount: 12_345 });
    const key = `payout_${randomUUID()}`;
    const a = await call("/v1/transfers", { account: "acc_Partner0000003", amount: 500, currency: "INR" }, { "X-Transfer-Idempotency": key });
    const b = await call("/v1/transfers", { account: "acc_Partner0000003", amount: 500, currency: "INR" }, { "X-Transfer-Idempotency": key });
    expect(b.json.id).toBe(a.json.id);
    expect([...rzpServer.state.transfers.values()].filter((x) => x.recipient === "acc_Partner0000003")).toHaveLength(1);
  });
});

describe("persistence", () => {
  it("state survives a restart when persistPath is set", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rzp-"));
    try {
      const path = join(dir, "razorpay.json");
      const one = await startRazorpay({ persistPath: path, keyId: "rzp_test_persist", keySecret: "s" });
      const order = await sdkFor(one).orders.create({ amount: 1_000, currency: "INR" });
      paid(one.checkout.pay(order.id));
      await one.close();
      const two = await startRazorpay({ persistPath: path, keyId: "rzp_test_persist", keySecret: "s" });
      try {
        expect(await sdkFor(two).orders.fetch(order.id)).toMatchObject({ status: "paid" });
      } finally {
        await two.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

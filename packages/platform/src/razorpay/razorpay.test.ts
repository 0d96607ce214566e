// The Razorpay gateway and signature checks against the devstack's Razorpay double, through the real razorpay SDK
// (and fetch for refunds), with webhooks delivered over HTTP to a loopback receiver.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isCheckoutSuccess, startWebhookReceiver, type CheckoutSuccess, type WebhookReceiver } from "@chizze/devstack/razorpay";
import { startTestStack, type TestStack } from "../testing";
import { createRazorpayGateway, type PaymentGateway } from "./gateway";
import { verifyCheckoutSignature, verifyWebhookSignature } from "./signatures";
import { GatewayError } from "../errors";
import { Breaker } from "../resilience/breaker";

let t: TestStack;
let gw: PaymentGateway;
let receiver: WebhookReceiver;

beforeAll(async () => {
  t = await startTestStack();
  receiver = await startWebhookReceiver();
  t.stack.razorpay.webhooks.configure({ url: receiver.url });
  gw = createRazorpayGateway({ keyId: t.config.razorpay.keyId, keySecret: t.config.razorpay.keySecret, apiUrl: t.config.razorpay.apiUrl });
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

let seq = 0;
const receipt = (): string => `ord_test_${++seq}`;

function paid(r: ReturnType<TestStack["stack"]["razorpay"]["checkout"]["pay"]>): CheckoutSuccess {
  if (!isCheckoutSuccess(r)) throw new Error(`payment failed: ${r.error.description}`);
  return r;
}

describe("gateway", () => {
  it("creates an order, takes a checkout payment and reads both back", async () => {
    const order = await gw.createOrder({ amountPaise: 49_900, receipt: receipt(), notes: { chizze_order: "ord_1" } });
    expect(order).toMatchObject({ amount: 49_900, amount_due: 49_900, status: "created", notes: { chizze_order: "ord_1" } });

    const checkout = paid(t.stack.razorpay.checkout.pay(order.id));
    expect(await verifyCheckoutSignature(order.id, checkout.razorpay_payment_id, checkout.razorpay_signature, t.config.razorpay.keySecret)).toBe(true);

    expect(await gw.fetchOrder(order.id)).toMatchObject({ status: "paid", amount_paid: 49_900 });
    const payments = await gw.fetchOrderPayments(order.id);
    expect(payments.map((p) => [p.id, p.status])).toEqual([[checkout.razorpay_payment_id, "captured"]]);
    expect(await gw.fetchPayment(checkout.razorpay_payment_id)).toMatchObject({ order_id: order.id, captured: true });
  });

  it("a retried create with the same receipt returns the same order", async () => {
    const r = receipt();
    const a = await gw.createOrder({ amountPaise: 20_000, receipt: r });
    const b = await gw.createOrder({ amountPaise: 20_000, receipt: r });
    expect(b.id).toBe(a.id);
  });

  it("captures an authorised payment once; a second capture is rejected, not unavailable", async () => {
    const order = await gw.createOrder({ amountPaise: 30_000, receipt: receipt() });
    const pay = paid(t.stack.razorpay.checkout.pay(order.id, { outcome: "authorized" }));
    expect(await gw.capture(pay.razorpay_payment_id, 30_000)).toMatchObject({ status: "captured", captured: true });
    const err = await gw.capture(pay.razorpay_payment_id, 30_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: "rejected", status: 400, code: "BAD_REQUEST_ERROR", infra: false });
  });

  it("refunds idempotently: the same key twice is one refund", async () => {
    const order = await gw.createOrder({ amountPaise: 40_000, receipt: receipt() });
    const pay = paid(t.stack.razorpay.checkout.pay(order.id));
    const key = `rfi_${order.id}`;
    const a = await gw.refund(pay.razorpay_payment_id, { amountPaise: 15_000, idempotencyKey: key, notes: { reason: "item missing" } });
    const b = await gw.refund(pay.razorpay_payment_id, { amountPaise: 15_000, idempotencyKey: key, notes: { reason: "item missing" } });
    expect(b.id).toBe(a.id);
    expect([...t.stack.razorpay.state.refunds.values()].filter((r) => r.payment_id === pay.razorpay_payment_id)).toHaveLength(1);
    expect(await gw.fetchRefund(pay.razorpay_payment_id, a.id)).toMatchObject({ id: a.id, amount: 15_000 });
    expect((await gw.fetchPayment(pay.razorpay_payment_id)).amount_refunded).toBe(15_000);

    // Same key, different body: Razorpay refuses.
    const clash = await gw.refund(pay.razorpay_payment_id, { amountPaise: 1_000, idempotencyKey: key }).catch((e: unknown) => e);
    expect(clash).toMatchObject({ kind: "rejected", status: 400 });
  });

  it("transfers from a captured payment", async () => {
    const order = await gw.createOrder({ amountPaise: 50_000, receipt: receipt() });
    const pay = paid(t.stack.razorpay.checkout.pay(order.id));
    const transfers = await gw.transfer(pay.razorpay_payment_id, [{ account: "acc_rest000000001", amountPaise: 40_000, notes: { restaurant: "rst_1" } }]);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ source: pay.razorpay_payment_id, recipient: "acc_rest000000001", amount: 40_000 });
  });

  it("reports bad credentials as rejected and an unreachable Razorpay as unavailable", async () => {
    const wrong = createRazorpayGateway({ keyId: t.config.razorpay.keyId, keySecret: "wrong", apiUrl: t.config.razorpay.apiUrl });
    expect(await wrong.fetchOrder("order_x").catch((e: unknown) => e)).toMatchObject({ kind: "rejected", status: 401 });

    const dead = createRazorpayGateway({ keyId: "k", keySecret: "s", apiUrl: "http://127.0.0.1:9" });
    expect(await dead.fetchOrder("order_x").catch((e: unknown) => e)).toMatchObject({ kind: "unavailable", status: 0, infra: true });
    expect(await dead.refund("pay_x", { idempotencyKey: "rfi_0123456789" }).catch((e: unknown) => e)).toMatchObject({ kind: "unavailable", status: 0 });
  });

  describe("against a server that never answers", () => {
    let hanging: Server;
    let url: string;
    beforeAll(async () => {
      hanging = createServer(() => {
        // Never answers: the client's deadline must fire.
      });
      await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      hanging.closeAllConnections();
      await new Promise((r) => hanging.close(r));
    });

    it("times out SDK calls and refunds as kind timeout, and a breaker counts them", async () => {
      const breaker = new Breaker("razorpay");
      const slow = createRazorpayGateway({ keyId: "k", keySecret: "s", apiUrl: url, timeoutMs: 100, breaker });
      expect(await slow.fetchPayment("pay_x").catch((e: unknown) => e)).toMatchObject({ kind: "timeout", status: 0 });
      expect(await slow.refund("pay_x", { idempotencyKey: "rfi_0123456789" }).catch((e: unknown) => e)).toMatchObject({ kind: "timeout" });
      expect(breaker.snapshot()).toMatchObject({ requests: 2, failures: 2 });
    });
  });
});

describe("webhook signatures", () => {
  it("verifies what the double delivers, rejects a tampered body, accepts a rotated secret", async () => {
    receiver.reset();
    const order = await gw.createOrder({ amountPaise: 25_000, receipt: receipt() });
    paid(t.stack.razorpay.checkout.pay(order.id));
    await t.stack.razorpay.webhooks.idle();
    expect(receiver.received.length).toBeGreaterThanOrEqual(3);
    const secrets = t.config.razorpay.webhookSecrets;
    for (const hook of receiver.received) expect(await verifyWebhookSignature(hook.body, hook.signature, secrets)).toBe(true);

    const hook = receiver.received[0];
    if (!hook) throw new Error("no webhook received");
    const tampered = hook.body.replace(/"amount":\d+/, '"amount":1');
    expect(tampered).not.toBe(hook.body);
    expect(await verifyWebhookSignature(tampered, hook.signature, secrets)).toBe(false);
    // Re-serialised JSON is not the raw body either.
    expect(await verifyWebhookSignature(JSON.stringify(JSON.parse(hook.body), null, 1), hook.signature, secrets)).toBe(false);
    expect(await verifyWebhookSignature(hook.body, hook.signature, ["new_secret_after_rotation", ...secrets])).toBe(true);
    expect(await verifyWebhookSignature(hook.body, hook.signature, ["some_other_secret"])).toBe(false);
    expect(await verifyWebhookSignature(hook.body, "zz", secrets)).toBe(false);
    expect(await verifyWebhookSignature(hook.body, "", secrets)).toBe(false);
    expect(await verifyWebhookSignature(new TextEncoder().encode(hook.body), hook.signature, secrets)).toBe(true);
  });

  it("rejects a checkout signature for another order", async () => {
    const a = await gw.createOrder({ amountPaise: 10_000, receipt: receipt() });
    const b = await gw.createOrder({ amountPaise: 10_000, receipt: receipt() });
    const pay = paid(t.stack.razorpay.checkout.pay(a.id));
    expect(await verifyCheckoutSignature(b.id, pay.razorpay_payment_id, pay.razorpay_signature, t.config.razorpay.keySecret)).toBe(false);
    expect(await verifyCheckoutSignature(a.id, pay.razorpay_payment_id, pay.razorpay_signature, "wrong_secret")).toBe(false);
  });
});

// Webhooks from the double to a receiver on a loopback port, checked with the SDK's own verifier.
// No timed assertions: tests wait on webhooks.idle()/flush(), which settle when deliveries (and retries) are done.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import Razorpay from "razorpay";
import { isCheckoutSuccess, pointRazorpaySdkAt, startRazorpay, type RunningRazorpay, type WebhookEnvelope } from "./index";
import { startWebhookReceiver, type WebhookReceiver } from "./testing";

let receiver: WebhookReceiver;
const servers: RunningRazorpay[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.reset());
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await receiver.close();
});

async function double(opts: Parameters<typeof startRazorpay>[0] = {}): Promise<{ s: RunningRazorpay; rzp: Razorpay }> {
  const s = await startRazorpay({ webhookUrl: receiver.url, ...opts });
  servers.push(s);
  const rzp = new Razorpay({ key_id: s.keyId, key_secret: s.keySecret });
  pointRazorpaySdkAt(rzp, s.url);
  return { s, rzp };
}

async function paidOrder(s: RunningRazorpay, rzp: Razorpay, amount = 10_000): Promise<{ orderId: string; paymentId: string }> {
  const order = await rzp.orders.create({ amount, currency: "INR" });
  const r = s.checkout.pay(order.id);
  if (!isCheckoutSuccess(r)) throw new Error("payment failed");
  return { orderId: order.id, paymentId: r.razorpay_payment_id };
}

const envelope = (body: string): WebhookEnvelope => JSON.parse(body) as WebhookEnvelope;

describe("webhook delivery", () => {
  it("a captured payment sends payment.authorized, payment.captured, order.paid: signed, unique ids, real envelope", async () => {
    const { s, rzp } = await double();
    const { orderId, paymentId } = await paidOrder(s, rzp);
    await s.webhooks.idle();
    expect(receiver.received.map((h) => h.event)).toEqual(["payment.authorized", "payment.captured", "order.paid"]);
    for (const h of receiver.received) {
      expect(Razorpay.validateWebhookSignature(h.body, h.signature, s.webhookSecret)).toBe(true);
      expect(Razorpay.validateWebhookSignature(h.body, h.signature, s.keySecret)).toBe(false);
      expect(h.signature).toBe(s.webhooks.sign(h.body));
    }
    expect(new Set(receiver.received.map((h) => h.eventId)).size).toBe(3);
    const paidEvent = envelope(receiver.received[2]?.body ?? "");
    expect(paidEvent).toMatchObject({
      entity: "event",
      account_id: s.accountId,
      event: "order.paid",
      contains: ["payment", "order"],
      payload: { payment: { entity: { id: paymentId, status: "captured", order_id: orderId } }, order: { entity: { id: orderId, status: "paid", amount_due: 0 } } },
    });
    expect(typeof paidEvent.created_at).toBe("number");
    // Entities are snapshots: the authorized event still says authorized.
    expect(envelope(receiver.received[0]?.body ?? "").payload.payment?.entity).toMatchObject({ status: "authorized", captured: false });
  });

  it("failed payments, refunds and transfers have their events", async () => {
    const { s, rzp } = await double();
    const order = await rzp.orders.create({ amount: 20_000, currency: "INR" });
    s.checkout.pay(order.id, { outcome: "failed" });
    const ok = s.checkout.pay(order.id);
    if (!isCheckoutSuccess(ok)) throw new Error("payment failed");
    await rzp.payments.refund(ok.razorpay_payment_id, { amount: 5_000 });
    await rzp.transfers.create({ account: "acc_Partner0000009", amount: 1_000, currency: "INR" });
    await s.webhooks.idle();
    expect(receiver.received.map((h) => h.event)).toEqual([
      "payment.failed",
      "payment.authorized",
      "payment.captured",
      "order.paid",
      "refund.created",
      "refund.processed",
      "transfer.processed",
    ]);
    const processed = envelope(receiver.received[5]?.body ?? "");
    expect(processed).toMatchObject({
      contains: ["refund", "payment"],
      payload: { refund: { entity: { amount: 5_000, status: "processed" } }, payment: { entity: { refund_status: "partial", amount_refunded: 5_000 } } },
    });
    expect(envelope(receiver.received[0]?.body ?? "").payload.payment?.entity).toMatchObject({ status: "failed", error_reason: "payment_failed" });
  });

  it("late authorisation: payment.failed followed by payment.authorized and payment.captured for the same payment", async () => {
    const { s, rzp } = await double();
    const order = await rzp.orders.create({ amount: 20_000, currency: "INR" });
    const failed = s.checkout.pay(order.id, { outcome: "failed" });
    if (isCheckoutSuccess(failed)) throw new Error("expected failure");
    s.checkout.authorizeLate(failed.error.metadata.payment_id);
    await s.webhooks.idle();
    expect(receiver.received.map((h) => h.event)).toEqual(["payment.failed", "payment.authorized", "payment.captured", "order.paid"]);
  });

  it("pending refunds settle later: refund.created now, refund.failed on settlement, balance restored", async () => {
    const { s, rzp } = await double({ refundSettlement: "pending" });
    const { paymentId } = await paidOrder(s, rzp, 9_000);
    const refund = await rzp.payments.refund(paymentId, {});
    expect(refund.status).toBe("pending");
    s.settleRefund(refund.id, "failed");
    await s.webhooks.idle();
    expect(receiver.received.map((h) => h.event).slice(-2)).toEqual(["refund.created", "refund.failed"]);
    expect(await rzp.payments.fetch(paymentId)).toMatchObject({ amount_refunded: 0, refund_status: null, status: "captured" });
  });

  it("duplicate: each event arrives k times with the same id and the same signed body", async () => {
    const { s, rzp } = await double({ webhooks: { duplicate: 3 } });
    await paidOrder(s, rzp);
    await s.webhooks.idle();
    expect(receiver.received).toHaveLength(9);
    const byId = new Map<string, Set<string>>();
    for (const h of receiver.received) byId.set(h.eventId, (byId.get(h.eventId) ?? new Set()).add(h.body));
    expect(byId.size).toBe(3);
    for (const bodies of byId.values()) expect(bodies.size).toBe(1);
  });

  it("reorder: a seeded shuffle within the window — a permutation, not the emission order, and reproducible", async () => {
    async function run(seed: number): Promise<{ emitted: string[]; received: string[] }> {
      receiver.reset();
      const { s, rzp } = await double({ webhooks: { mode: "manual", reorderWindow: 12, seed } });
      for (let i = 0; i < 4; i++) await paidOrder(s, rzp);
      const emitted = s.webhooks.pending().map((e) => e.id);
      expect(emitted).toHaveLength(12);
      await s.webhooks.flush();
      return { emitted, received: receiver.received.map((h) => h.eventId) };
    }
    const a = await run(42);
    expect([...a.received].sort()).toEqual([...a.emitted].sort());
    expect(a.received).not.toEqual(a.emitted);
    // Same seed, same permutation (ids differ between runs, so compare positions).
    const b = await run(42);
    const positions = (r: { emitted: string[]; received: string[] }): number[] => r.received.map((id) => r.emitted.indexOf(id));
    expect(positions(b)).toEqual(positions(a));
  });

  it("drop: the event is never delivered; the reconciler repairs through the fetch APIs", async () => {
    const { s, rzp } = await double({ webhooks: { drop: (e) => e.name === "payment.captured" || e.name === "order.paid" } });
    const { orderId } = await paidOrder(s, rzp);
    await s.webhooks.idle();
    expect(receiver.received.map((h) => h.event)).toEqual(["payment.authorized"]);
    expect(s.webhooks.dropped().map((e) => e.name)).toEqual(["payment.captured", "order.paid"]);
    const payments = await rzp.orders.fetchPayments(orderId);
    expect(payments.items.map((p) => p.status)).toEqual(["captured"]);
  });

  it("retries non-2xx with backoff until acknowledged (bounded attempts)", async () => {
    const { s, rzp } = await double({ webhooks: { attempts: 3, backoffMs: () => 1 } });
    receiver.respond = (_h, n) => (n <= 2 ? 500 : 200);
    await paidOrder(s, rzp);
    await s.webhooks.idle();
    const first = s.webhooks.deliveries().filter((d) => d.eventId === s.webhooks.events()[0]?.id);
    expect(first.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(new Set(receiver.received.map((h) => h.event))).toEqual(new Set(["payment.authorized", "payment.captured", "order.paid"]));
  });

  it("gives up after the last attempt; a receiver that never answers counts as a failure (timeout) and is retried", async () => {
    const { s, rzp } = await double({ webhooks: { attempts: 2, backoffMs: () => 1, timeoutMs: 100 } });
    receiver.respond = (_h, n) => (n === 1 ? "hang" : 503);
    await paidOrder(s, rzp);
    await s.webhooks.idle();
    const log = s.webhooks.deliveries();
    expect(log.every((d) => !d.ok)).toBe(true);
    expect(log.filter((d) => d.attempt === 1)).toHaveLength(3);
    expect(log.filter((d) => d.attempt === 2)).toHaveLength(3);
    expect(log.filter((d) => d.attempt > 2)).toHaveLength(0);
    expect(log.find((d) => d.status === null)?.error).toBeDefined();
    expect(receiver.received).toHaveLength(0);
  });

  it("manual mode queues events until flush(); replay sends one again", async () => {
    const { s, rzp } = await double({ webhooks: { mode: "manual" } });
    await paidOrder(s, rzp);
    expect(s.webhooks.pending().map((e) => e.name)).toEqual(["payment.authorized", "payment.captured", "order.paid"]);
    expect(receiver.received).toHaveLength(0);
    const deliveries = await s.webhooks.flush();
    expect(deliveries.every((d) => d.ok)).toBe(true);
    expect(s.webhooks.pending()).toHaveLength(0);
    expect(receiver.received).toHaveLength(3);
    const first = s.webhooks.events()[0];
    await s.webhooks.replay(first?.id ?? "");
    expect(receiver.received.at(-1)?.eventId).toBe(first?.id);
  });
});

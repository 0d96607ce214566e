// Payments through the real functions on the devstack (Razorpay double, bundled functions, runner): the webhook
// (signature on raw bytes, record-before-ack, dedupe), the Checkout callback (verify), admin refunds, late money on
// dead orders and the reconciler — with the scorecard items R5, R6, R7 and R18 of the reliability note.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Functions, Query } from "node-appwrite";
import { razorpayWebhookRoute, verifyPaymentRoute } from "@chizze/contracts/api/payments";
import { refundRoute } from "@chizze/contracts/api/admin";
import { cancelOrderRoute } from "@chizze/contracts/api/orders";
import { balances, refundIdFor, type LedgerTxn } from "@chizze/core";
import type { LedgerAccount } from "@chizze/schema/enums";
import { checkoutSignature, hmacSha256Hex, isCheckoutSuccess } from "@chizze/devstack/razorpay/index";
import { isInfraFailure } from "@chizze/platform/errors";
import { applyOrderEvent, paymentRowIdFor } from "@chizze/services/orders/transition";
import { receiveRazorpayWebhook } from "@chizze/services/payments/webhook";
import { PAYMENT_WINDOW_MINUTES } from "@chizze/services/payments/reconcile";
import type { Deps } from "@chizze/services/deps";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf } from "../support/functions";
import { deliverWebhook, type WebhookDelivery } from "../support/razorpay";
import { createOnlineOrder, eventsOf, ledgerRows, runScheduled, serviceDeps, type OnlineOrder } from "../support/payments";
import { place, quote, seedOrderWorld, type PlaceBody } from "../support/order-world";

let stack: TestStack;
let deps: Deps;

beforeAll(async () => {
  stack = await startTestStack();
  deps = serviceDeps(stack);
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => stack.reset());

const admin = identityOf("usr_admin_1", ["admin"]);
const stranger = identityOf("usr_stranger", ["customer"]);

/** Hand the double's events of one Razorpay order to payments-webhook, once each, in emission order. */
async function deliverAll(o: OnlineOrder, sent = new Set<string>()): Promise<WebhookDelivery[]> {
  const out: WebhookDelivery[] = [];
  for (const e of eventsOf(stack, o.razorpayOrderId)) {
    if (sent.has(e.id)) continue;
    sent.add(e.id);
    out.push(await deliverWebhook(stack, e));
  }
  return out;
}

async function ledgerOf(orderId: string): Promise<LedgerTxn[]> {
  const byTxn = new Map<string, LedgerTxn>();
  for (const r of await ledgerRows(deps, orderId)) {
    const t = byTxn.get(r.txn_id) ?? { txnId: r.txn_id, orderId, postings: [] };
    t.postings.push({ account: r.account as LedgerAccount, direction: r.direction, amountPaise: r.amount_paise, kind: r.kind });
    byTxn.set(r.txn_id, t);
  }
  return [...byTxn.values()];
}

/** Razorpay refunds (in the double) of the payments of one Razorpay order. */
const razorpayRefundsOf = (razorpayOrderId: string) => stack.razorpay.state.paymentsOf(razorpayOrderId).flatMap((p) => stack.razorpay.state.refundsOf(p.id));
const refundCallsOf = (paymentId: string) => stack.razorpay.state.calls.filter((c) => c.method === "POST" && c.path === `/v1/payments/${paymentId}/refund`);

async function payAndDeliver(o: OnlineOrder): Promise<string> {
  const r = stack.razorpay.checkout.pay(o.razorpayOrderId);
  if (!isCheckoutSuccess(r)) throw new Error("checkout failed");
  const deliveries = await deliverAll(o);
  expect(deliveries.every((d) => d.status === 200)).toBe(true);
  return r.razorpay_payment_id;
}

describe("webhook", () => {
  it("through POST /orders: place → Checkout → webhooks → placed; the callback then agrees", async () => {
    const world = await seedOrderWorld(stack);
    const bob = await world.customer(1);
    const q = await quote(stack, world, bob, { paymentMethod: "online", tipPaise: 2_000 });
    const placed = await place(stack, bob.identity, q.body.quoteId, "pay-happy-1");
    expect(placed.status).toBe(201);
    const { order, payment } = placed.body as PlaceBody;
    expect(order).toMatchObject({ status: "awaiting_payment", paymentStatus: "pending" });
    const o: OnlineOrder = { orderId: order.id, razorpayOrderId: payment!.razorpayOrderId, customer: bob.identity, totalPaise: q.body.totalPaise };
    const r = stack.razorpay.checkout.pay(o.razorpayOrderId);
    if (!isCheckoutSuccess(r)) throw new Error("checkout failed");
    expect((await deliverAll(o)).every((d) => d.status === 200)).toBe(true);
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "placed", payment_status: "captured" });
    const capture = (await ledgerRows(deps, o.orderId)).filter((l) => l.txn_id === `capture:${r.razorpay_payment_id}` && l.direction === "debit");
    expect(capture.reduce((sum, l) => sum + l.amount_paise, 0)).toBe(q.body.totalPaise);
    const v = await callFunction(stack, verifyPaymentRoute, { identity: bob.identity, body: { razorpayOrderId: r.razorpay_order_id, razorpayPaymentId: r.razorpay_payment_id, razorpaySignature: r.razorpay_signature } });
    expect(v.body).toEqual({ orderId: o.orderId, status: "placed", paymentStatus: "captured" });
  }, 60_000);

  it("online happy path: checkout → webhooks → placed, captured, one capture posting of the total", async () => {
    const o = await createOnlineOrder(deps);
    const paymentId = await payAndDeliver(o);
    const order = await deps.db.orders.get(o.orderId);
    expect(order).toMatchObject({ status: "placed", payment_status: "captured" });
    expect(order?.paid_at).not.toBeNull();
    expect(order?.accept_deadline_at).not.toBeNull();
    expect(await deps.db.payments.get(paymentRowIdFor(o.orderId))).toMatchObject({ status: "captured", razorpay_payment_id: paymentId, amount_refunded_paise: 0 });
    const txns = await ledgerOf(o.orderId);
    expect(txns.map((t) => t.txnId)).toEqual([`capture:${paymentId}`]);
    const bal = balances(txns);
    expect(bal.get("razorpay_clearing")).toBe(o.totalPaise);
    expect(bal.get("customer")).toBe(-o.totalPaise);
    // Every event ended in a final status. The authorisation's capture step (capturePayment effect) fetched the
    // payment, already auto-captured, and applied that; the capture webhook and order.paid were then duplicates.
    const events = (await deps.db.payment_events.list([Query.equal("razorpay_order_id", o.razorpayOrderId)], { limit: 100 })).rows;
    expect(events.map((e) => `${e.$id.startsWith("fetch_") ? "fetch:" : ""}${e.event_type}:${e.status}`).sort()).toEqual([
      "fetch:payment.captured:applied",
      "order.paid:ignored",
      "payment.authorized:applied",
      "payment.captured:ignored",
    ]);
    // Order events: payment_authorized (no-op edge) then payment_captured → placed.
    const oev = (await deps.db.order_events.list([Query.equal("order_id", o.orderId)], { limit: 10 })).rows;
    expect(oev.map((e) => `${e.event}:${e.to_status}`).sort()).toEqual(["payment_authorized:awaiting_payment", "payment_captured:placed"]);
  });

  it("acknowledges a redelivery as a duplicate with no effect (I6)", async () => {
    const o = await createOnlineOrder(deps);
    await payAndDeliver(o);
    const before = await deps.db.orders.get(o.orderId);
    for (const e of eventsOf(stack, o.razorpayOrderId)) {
      const again = await deliverWebhook(stack, e);
      expect(again.status).toBe(200);
      expect(JSON.parse(again.body)).toEqual({ received: true, duplicate: true });
    }
    const after = await deps.db.orders.get(o.orderId);
    expect(after?.version).toBe(before?.version);
    expect(await ledgerRows(deps, o.orderId)).toHaveLength(2);
  });

  it("answers a bad signature with 400 problem+json and records nothing", async () => {
    const o = await createOnlineOrder(deps);
    stack.razorpay.checkout.pay(o.razorpayOrderId);
    const [first] = eventsOf(stack, o.razorpayOrderId);
    const forged = [
      hmacSha256Hex("not-the-webhook-secret", first!.body),
      stack.razorpay.webhooks.sign(`${first!.body} `), // signature of other bytes
      "0".repeat(64),
    ];
    for (const sig of forged) {
      const r = await deliverWebhook(stack, first!, sig);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ code: "bad_request" });
    }
    // A body that is not the signed one: tampered amount with the original signature.
    const tampered = { id: "evt_tampered000000", body: first!.body.replace(/"amount":\d+/, '"amount":100') };
    expect((await deliverWebhook(stack, tampered, stack.razorpay.webhooks.sign(first!.body))).status).toBe(400);
    expect((await deps.db.payment_events.list([], { limit: 10 })).rows).toEqual([]);
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "awaiting_payment", payment_status: "pending" });
  });

  it("accepts the previous secret during a rotation (RAZORPAY_WEBHOOK_SECRETS)", async () => {
    const o = await createOnlineOrder(deps);
    stack.razorpay.checkout.pay(o.razorpayOrderId);
    const rotated = serviceDeps(stack);
    rotated.config = { ...rotated.config, razorpay: { ...rotated.config.razorpay, webhookSecrets: ["whsec_new_secret_0001", stack.razorpay.webhookSecret] } };
    const [e] = eventsOf(stack, o.razorpayOrderId);
    await expect(receiveRazorpayWebhook(rotated, { rawBody: e!.body, signature: stack.razorpay.webhooks.sign(e!.body), eventId: e!.id })).resolves.toEqual({ received: true, duplicate: false });
  });

  it("a failed attempt does not kill the order; the retry on the same Razorpay order places it", async () => {
    const o = await createOnlineOrder(deps);
    stack.razorpay.checkout.pay(o.razorpayOrderId, { outcome: "failed" });
    await deliverAll(o);
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "awaiting_payment", payment_status: "failed" });
    expect(await deps.db.payments.get(paymentRowIdFor(o.orderId))).toMatchObject({ status: "failed", error_code: "BAD_REQUEST_ERROR" });
    await payAndDeliver(o);
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "placed", payment_status: "captured" });
  });

  it("late money: a capture landing on a cancelled order is refunded exactly once, however often it is delivered", async () => {
    const o = await createOnlineOrder(deps);
    await applyOrderEvent(deps, o.orderId, { event: "customer_cancel", actor: { type: "customer", id: o.customer.userId } });
    const paymentId = await payAndDeliver(o);
    for (const e of eventsOf(stack, o.razorpayOrderId)) await deliverWebhook(stack, e); // replays, incl. our refund's events
    await deliverAll(o);
    const order = await deps.db.orders.get(o.orderId);
    expect(order).toMatchObject({ status: "cancelled", payment_status: "refunded", amount_refunded_paise: o.totalPaise });
    const refunds = (await deps.db.refunds.list([Query.equal("order_id", o.orderId)])).rows;
    expect(refunds).toEqual([expect.objectContaining({ $id: refundIdFor(o.orderId, `late:${paymentId}`), amount_paise: o.totalPaise, status: "processed", reason_code: "late_authorization" })]);
    expect(razorpayRefundsOf(o.razorpayOrderId)).toHaveLength(1);
    expect(refundCallsOf(paymentId)).toHaveLength(1);
    expect(balances(await ledgerOf(o.orderId)).get("customer") ?? 0).toBe(0);
  });
});

describe("R5: the acknowledgement budget", () => {
  it("acks in under a second with +800 ms on every Appwrite call, and the event is still applied", async () => {
    const o = await createOnlineOrder(deps);
    stack.razorpay.checkout.pay(o.razorpayOrderId);
    const captured = eventsOf(stack, o.razorpayOrderId).find((e) => e.name === "payment.captured")!;
    await deliverWebhook(stack, captured, "0".repeat(64)); // warms the runtime (a 400, no effect)
    stack.appwrite.faults.set({ latencyMs: 800 });
    const execution = await new Functions(stack.admin()).createExecution({
      functionId: "payments-webhook",
      async: false,
      method: "POST" as never,
      xpath: razorpayWebhookRoute.path,
      headers: { "content-type": "application/json", "x-razorpay-signature": stack.razorpay.webhooks.sign(captured.body), "x-razorpay-event-id": captured.id },
      body: captured.body,
    });
    expect(execution.responseStatusCode).toBe(200);
    // Time inside the function (the runner's measure; the test's own call to Appwrite is slowed too).
    expect(execution.duration).toBeLessThan(1);
    stack.appwrite.faults.clear();
    // Recorded before the answer; the apply finished in the background.
    expect(await deps.db.payment_events.get(captured.id)).not.toBeNull();
    for (let i = 0; i < 150 && (await deps.db.payment_events.get(captured.id))?.status === "recorded"; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await deps.db.payment_events.get(captured.id))?.status).toBe("applied");
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "placed", payment_status: "captured" });
  });

  it("cannot record → fails (5xx through the kit) so Razorpay retries; the retry is applied", async () => {
    const o = await createOnlineOrder(deps);
    stack.razorpay.checkout.pay(o.razorpayOrderId);
    const captured = eventsOf(stack, o.razorpayOrderId).find((e) => e.name === "payment.captured")!;
    const input = { rawBody: captured.body, signature: stack.razorpay.webhooks.sign(captured.body), eventId: captured.id };
    // Service level: at function level the fault would hit the test's own execution request first.
    stack.appwrite.faults.set({ failNext: 1, failStatus: 503 });
    const failed = await receiveRazorpayWebhook(deps, input).catch((err: unknown) => err);
    expect(isInfraFailure(failed)).toBe(true);
    expect(await deps.db.payment_events.get(captured.id)).toBeNull();
    const retry = await deliverWebhook(stack, captured);
    expect(retry.status).toBe(200);
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "placed", payment_status: "captured" });
  });
});

describe("verify (the Checkout callback)", () => {
  it("takes the state from Razorpay, not from the client: good signature → placed even before any webhook", async () => {
    const o = await createOnlineOrder(deps);
    const r = stack.razorpay.checkout.pay(o.razorpayOrderId);
    if (!isCheckoutSuccess(r)) throw new Error("checkout failed");
    const body = { razorpayOrderId: r.razorpay_order_id, razorpayPaymentId: r.razorpay_payment_id, razorpaySignature: r.razorpay_signature };
    const v = await callFunction(stack, verifyPaymentRoute, { identity: o.customer, body });
    expect(v.status).toBe(200);
    expect(v.body).toEqual({ orderId: o.orderId, status: "placed", paymentStatus: "captured" });
    expect(await deps.db.payment_events.get(`fetch_${r.razorpay_payment_id}_captured`)).toMatchObject({ status: "applied" });
    // The webhooks that arrive afterwards change nothing.
    await deliverAll(o);
    expect(await ledgerRows(deps, o.orderId)).toHaveLength(2);
    // Safe to retry.
    expect((await callFunction(stack, verifyPaymentRoute, { identity: o.customer, body })).body).toEqual(v.body);
  });

  it("forged signature → 422, someone else's order → 404, nothing changes", async () => {
    const o = await createOnlineOrder(deps);
    const r = stack.razorpay.checkout.pay(o.razorpayOrderId, { outcome: "failed" });
    const paymentId = isCheckoutSuccess(r) ? r.razorpay_payment_id : r.error.metadata.payment_id;
    const forged = { razorpayOrderId: o.razorpayOrderId, razorpayPaymentId: paymentId, razorpaySignature: checkoutSignature("guessed-key-secret", o.razorpayOrderId, paymentId) };
    const bad = await callFunction(stack, verifyPaymentRoute, { identity: o.customer, body: forged });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toMatch(/problem\+json/);
    const real = { ...forged, razorpaySignature: checkoutSignature(stack.razorpay.keySecret, o.razorpayOrderId, paymentId) };
    expect((await callFunction(stack, verifyPaymentRoute, { identity: stranger, body: real })).status).toBe(404);
    // A correctly signed callback for a payment that failed: Razorpay says failed, so the order waits (R7).
    const honest = await callFunction(stack, verifyPaymentRoute, { identity: o.customer, body: real });
    expect(honest.body).toEqual({ orderId: o.orderId, status: "awaiting_payment", paymentStatus: "failed" });
  });

  it("R7: no sequence of forged or replayed callbacks makes an unpaid order placed", async () => {
    const o = await createOnlineOrder(deps);
    const other = await createOnlineOrder(deps);
    const paid = stack.razorpay.checkout.pay(other.razorpayOrderId); // another order's real, captured payment
    if (!isCheckoutSuccess(paid)) throw new Error("checkout failed");
    const failed = stack.razorpay.checkout.pay(o.razorpayOrderId, { outcome: "failed" });
    const failedId = isCheckoutSuccess(failed) ? failed.razorpay_payment_id : failed.error.metadata.payment_id;
    const callback = fc.oneof(
      // another order's genuine triple, replayed against this order's id
      fc.constant({ razorpayOrderId: o.razorpayOrderId, razorpayPaymentId: paid.razorpay_payment_id, razorpaySignature: paid.razorpay_signature }),
      // a correctly signed callback for this order's failed attempt
      fc.constant({ razorpayOrderId: o.razorpayOrderId, razorpayPaymentId: failedId, razorpaySignature: checkoutSignature(stack.razorpay.keySecret, o.razorpayOrderId, failedId) }),
      // made-up payment ids and signatures
      fc.record({
        razorpayOrderId: fc.constant(o.razorpayOrderId),
        razorpayPaymentId: fc.stringMatching(/^pay_[A-Za-z0-9]{14}$/),
        razorpaySignature: fc.stringMatching(/^[a-f0-9]{64}$/),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(callback, { minLength: 1, maxLength: 3 }), async (calls) => {
        for (const body of calls) {
          const r = await callFunction(stack, verifyPaymentRoute, { identity: o.customer, body });
          expect([200, 422]).toContain(r.status);
        }
        const order = await deps.db.orders.get(o.orderId);
        expect(order?.status).toBe("awaiting_payment");
        expect(order?.payment_status).not.toBe("captured");
      }),
      { numRuns: 25 },
    );
    expect(await ledgerRows(deps, o.orderId)).toEqual([]);
  });
});

describe("R6: refunds exactly once", () => {
  it("10 concurrent admin refunds with one Idempotency-Key → one refund row, one Razorpay call; replayed refund webhooks change nothing", async () => {
    const o = await createOnlineOrder(deps);
    const paymentId = await payAndDeliver(o);
    const body = { amountPaise: 12_000, reasonCode: "items_missing", note: "Raita missing, confirmed with the restaurant" };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => callFunction(stack, refundRoute, { identity: admin, params: { id: o.orderId }, body, headers: { "idempotency-key": "refund-key-1" } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(202));
    const ids = new Set(results.map((r) => (r.body as { refund: { id: string } }).refund.id));
    expect(ids.size).toBe(1);
    expect(refundCallsOf(paymentId)).toHaveLength(1);
    expect(stack.razorpay.state.refundsOf(paymentId)).toHaveLength(1);
    // Razorpay's refund.created / refund.processed, delivered twice.
    await deliverAll(o);
    for (const e of eventsOf(stack, o.razorpayOrderId).filter((x) => x.name.startsWith("refund."))) await deliverWebhook(stack, e);
    const [row] = (await deps.db.refunds.list([Query.equal("order_id", o.orderId)])).rows;
    expect(row).toMatchObject({ amount_paise: 12_000, status: "processed", actor_type: "admin", actor_id: admin.userId });
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ amount_refunded_paise: 12_000, payment_status: "partially_refunded" });
    expect(await deps.db.payments.get(paymentRowIdFor(o.orderId))).toMatchObject({ status: "partially_refunded", amount_refunded_paise: 12_000 });

    // The same key with another amount is a misuse; more than what is left is refused; the rest is refundable.
    const misuse = await callFunction(stack, refundRoute, { identity: admin, params: { id: o.orderId }, body: { ...body, amountPaise: 100 }, headers: { "idempotency-key": "refund-key-1" } });
    expect(misuse.status).toBe(422);
    const tooMuch = await callFunction(stack, refundRoute, { identity: admin, params: { id: o.orderId }, body: { ...body, amountPaise: o.totalPaise }, headers: { "idempotency-key": "refund-key-2" } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ code: "unprocessable" });
    const rest = await callFunction(stack, refundRoute, { identity: admin, params: { id: o.orderId }, body: { reasonCode: "goodwill", note: "Rest of it" }, headers: { "idempotency-key": "refund-key-3" } });
    expect(rest.status).toBe(202);
    expect((rest.body as { refund: { amountPaise: number } }).refund.amountPaise).toBe(o.totalPaise - 12_000);
    expect(stack.razorpay.state.refundsOf(paymentId).reduce((s, r) => s + r.amount, 0)).toBe(o.totalPaise);
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ amount_refunded_paise: o.totalPaise, payment_status: "refunded" });
    // Customers cannot refund; a missing key is 400.
    expect((await callFunction(stack, refundRoute, { identity: o.customer, params: { id: o.orderId }, body, headers: { "idempotency-key": "k" } })).status).toBe(403);
    expect((await callFunction(stack, refundRoute, { identity: admin, params: { id: o.orderId }, body })).status).toBe(400);
  });

  it("10 concurrent cancels of a paid order → one refund intent and one Razorpay refund of the total", async () => {
    const o = await createOnlineOrder(deps);
    const paymentId = await payAndDeliver(o);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        callFunction(stack, cancelOrderRoute, { identity: o.customer, params: { id: o.orderId }, body: { reasonCode: "changed_mind" }, headers: { "idempotency-key": `cancel-${i}` } }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(refundCallsOf(paymentId)).toHaveLength(1);
    expect(stack.razorpay.state.refundsOf(paymentId)).toEqual([expect.objectContaining({ amount: o.totalPaise, status: "processed" })]);
    await deliverAll(o);
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "cancelled", payment_status: "refunded", amount_refunded_paise: o.totalPaise });
    expect((await deps.db.refunds.list([Query.equal("order_id", o.orderId)])).rows).toEqual([expect.objectContaining({ $id: refundIdFor(o.orderId, "cancel"), status: "processed" })]);
    expect(balances(await ledgerOf(o.orderId)).get("customer") ?? 0).toBe(0);
  });
});

describe("reconciler", () => {
  it("R18: 100 captured, 7 webhooks lost, 3 orders cancelled before their capture → one run places 7 and refunds 3 once; the second run is a no-op", async () => {
    const orders: OnlineOrder[] = [];
    for (let i = 0; i < 100; i++) orders.push(await createOnlineOrder(deps));
    const cancelled = orders.slice(0, 3);
    const lost = orders.slice(3, 10);
    for (const o of cancelled) await applyOrderEvent(deps, o.orderId, { event: "customer_cancel", actor: { type: "customer", id: o.customer.userId } });
    for (const o of orders) stack.razorpay.checkout.pay(o.razorpayOrderId);
    // The webhooks of the 3 cancelled and the 7 lost orders never arrive.
    const delivered = orders.slice(10);
    for (let i = 0; i < delivered.length; i += 10) await Promise.all(delivered.slice(i, i + 10).map((o) => deliverAll(o)));
    expect((await deps.db.orders.list([Query.equal("status", "placed")], { limit: 100 })).rows).toHaveLength(90);

    const callsBefore = stack.razorpay.state.calls.length;
    const first = await runScheduled(stack, "payments-reconcile");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ placed: 7, lateRefunds: 3, expired: 0, failures: 0 });
    for (const o of lost) expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "placed", payment_status: "captured" });
    for (const o of cancelled) {
      expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "cancelled", payment_status: "refunded", amount_refunded_paise: o.totalPaise });
      expect(razorpayRefundsOf(o.razorpayOrderId)).toEqual([expect.objectContaining({ amount: o.totalPaise, status: "processed" })]);
    }
    expect((await deps.db.orders.list([Query.equal("status", "placed")], { limit: 100 })).rows).toHaveLength(97);

    const callsAfterFirst = stack.razorpay.state.calls.length;
    expect(callsAfterFirst - callsBefore).toBe(7 + 3 + 3); // one order fetch each, one refund call each
    const second = await runScheduled(stack, "payments-reconcile");
    expect(second.body).toEqual({ eventsReapplied: 0, paymentsChecked: 0, placed: 0, captured: 0, lateRefunds: 0, duplicateRefunds: 0, expired: 0, refundsIssued: 0, refundsSettled: 0, failures: 0 });
    expect(stack.razorpay.state.calls.length).toBe(callsAfterFirst);
    for (const o of cancelled) expect(razorpayRefundsOf(o.razorpayOrderId)).toHaveLength(1);
  }, 120_000);

  it(`expires orders still unpaid ${PAYMENT_WINDOW_MINUTES} min after placing; a paid one whose webhooks were lost is placed instead`, async () => {
    const unpaid = await createOnlineOrder(deps);
    const failedOnly = await createOnlineOrder(deps);
    const paidSilently = await createOnlineOrder(deps);
    stack.razorpay.checkout.pay(failedOnly.razorpayOrderId, { outcome: "failed" });
    stack.razorpay.checkout.pay(paidSilently.razorpayOrderId);
    const longAgo = new Date(Date.now() - (PAYMENT_WINDOW_MINUTES + 5) * 60_000).toISOString();
    for (const o of [unpaid, failedOnly, paidSilently]) await deps.db.orders.update(o.orderId, { placed_at: longAgo });
    const run = await runScheduled(stack, "payments-reconcile");
    expect(run.body).toMatchObject({ expired: 2, placed: 1, failures: 0 });
    expect(await deps.db.orders.get(unpaid.orderId)).toMatchObject({ status: "expired", cancel_reason: "payment_expired", cancelled_by: "system" });
    expect(await deps.db.orders.get(failedOnly.orderId)).toMatchObject({ status: "expired", payment_status: "failed" });
    expect(await deps.db.orders.get(paidSilently.orderId)).toMatchObject({ status: "placed", payment_status: "captured" });
    // The customer pays the expired order after all: the late capture goes back, once.
    const late = stack.razorpay.checkout.pay(unpaid.razorpayOrderId);
    if (!isCheckoutSuccess(late)) throw new Error("checkout failed");
    await deliverAll(unpaid);
    await runScheduled(stack, "payments-reconcile");
    expect(await deps.db.orders.get(unpaid.orderId)).toMatchObject({ status: "expired", payment_status: "refunded" });
    expect(refundCallsOf(late.razorpay_payment_id)).toHaveLength(1);
  });

  it("re-applies an event a crash left `recorded`, and sends a refund Razorpay never got", async () => {
    const o = await createOnlineOrder(deps);
    stack.razorpay.checkout.pay(o.razorpayOrderId);
    const captured = eventsOf(stack, o.razorpayOrderId).find((e) => e.name === "payment.captured")!;
    // Recorded, then the runtime died before applying it.
    await deps.db.payment_events.create(captured.id, {
      event_id: captured.id,
      event_type: "payment.captured",
      razorpay_order_id: o.razorpayOrderId,
      status: "recorded",
      payload: captured.body,
      received_at: new Date(Date.now() - 5 * 60_000).toISOString(),
      attempts: 0,
    });
    // A duplicate delivery finds it still recorded and applies it.
    const dup = await deliverWebhook(stack, captured);
    expect(JSON.parse(dup.body)).toEqual({ received: true, duplicate: true });
    expect(await deps.db.orders.get(o.orderId)).toMatchObject({ status: "placed" });

    // A refund intent whose Razorpay call never happened (crash after the cancel's commit).
    const refundId = refundIdFor(o.orderId, "cancel");
    const payment = await deps.db.payments.get(paymentRowIdFor(o.orderId));
    await deps.db.refunds.create(refundId, {
      order_id: o.orderId,
      customer_id: o.customer.userId,
      payment_id: payment!.$id,
      razorpay_payment_id: payment!.razorpay_payment_id,
      idempotency_key: refundId,
      amount_paise: 5_000,
      components: JSON.stringify({ itemsPaise: 5_000, packagingPaise: 0, deliveryPaise: 0, platformPaise: 0, taxesPaise: 0, tipPaise: 0 }),
      reason_code: "goodwill",
      stage: "placed",
      actor_type: "admin",
      status: "pending",
      requested_at: new Date().toISOString(),
    });
    const run = await runScheduled(stack, "payments-reconcile");
    expect(run.body).toMatchObject({ refundsIssued: 1, refundsSettled: 1, failures: 0 });
    expect(await deps.db.refunds.get(refundId)).toMatchObject({ status: "processed" });
    expect(stack.razorpay.state.refundsOf(payment!.razorpay_payment_id!)).toHaveLength(1);
    expect((await runScheduled(stack, "payments-reconcile")).body).toMatchObject({ refundsIssued: 0, refundsSettled: 0 });
  });
});

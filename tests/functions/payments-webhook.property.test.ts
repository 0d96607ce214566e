// R4 end to end: the webhook service (signature check, record, apply) against the devstack's Appwrite and the
// Razorpay double. Each run plays one payment story twice — a few failed attempts, the capture, refunds made in
// Razorpay's dashboard, sometimes an order cancelled before its payment lands (so we refund it ourselves) — once
// delivered in order, once as up to 10 copies of every event, shuffled, with 10 % of deliveries carrying a bad
// signature, delivered up to 4 at a time. Both orders must end in the same state, nothing parked, sums exact; a bad
// signature changes nothing.
// Service level because 1,000 runs through function executions would take many minutes: the same property runs
// 1,000 times against plan.ts in packages/services/src/payments/plan.test.ts; here NUM_RUNS end-to-end runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Query } from "node-appwrite";
import { ApiError } from "@chizze/contracts/errors";
import { balances, type LedgerTxn } from "@chizze/core";
import type { LedgerAccount } from "@chizze/schema/enums";
import { isCheckoutSuccess, seededRandom } from "@chizze/devstack/razorpay/index";
import { applyOrderEvent, paymentRowIdFor } from "@chizze/services/orders/transition";
import { paymentGateway } from "@chizze/services/payments/gateway";
import { receiveRazorpayWebhook } from "@chizze/services/payments/webhook";
import { applyRazorpayEvent } from "@chizze/services/payments/apply";
import type { Deps } from "@chizze/services/deps";
import { startTestStack, type TestStack } from "../support/stack";
import { createOnlineOrder, eventsOf, ledgerRows, serviceDeps, type OnlineOrder } from "../support/payments";

const NUM_RUNS = Number(process.env.PAYMENTS_PROPERTY_RUNS ?? 80);

let stack: TestStack;
let deps: Deps;

beforeAll(async () => {
  stack = await startTestStack({ functions: false });
  deps = serviceDeps(stack);
}, 120_000);
afterAll(async () => stack.close());

interface Story {
  failedAttempts: number;
  /** Dashboard refunds as shares (1..100) of a third of the total each, so they never exceed it together. */
  refunds: number[];
  cancelFirst: boolean;
}

/** Play the story on an order in the double; returns the events it made. */
async function play(story: Story, amount: number): Promise<OnlineOrder> {
  const o = await createOnlineOrder(deps, { totalPaise: amount });
  if (story.cancelFirst) await applyOrderEvent(deps, o.orderId, { event: "customer_cancel", actor: { type: "customer", id: o.customer.userId } });
  for (let i = 0; i < story.failedAttempts; i++) stack.razorpay.checkout.pay(o.razorpayOrderId, { outcome: "failed" });
  const paid = stack.razorpay.checkout.pay(o.razorpayOrderId);
  if (!isCheckoutSuccess(paid)) throw new Error("checkout failed");
  for (const [i, share] of story.refunds.entries()) {
    await paymentGateway(deps).refund(paid.razorpay_payment_id, { amountPaise: Math.max(100, Math.floor((amount * share) / 300)), idempotencyKey: `dashboard_${o.orderId}_${i}` });
  }
  return o;
}

type Delivery = { id: string; body: string; bad: boolean };
const stats = { deliveries: 0, forged: 0, reapplied: 0 };

/** `alone`: no good copy of the same event is in flight, so a forged one must leave no row. */
async function deliver(d: Delivery, alone = true): Promise<void> {
  const signature = d.bad ? stack.razorpay.webhooks.sign(`${d.body}tampered`) : stack.razorpay.webhooks.sign(d.body);
  const seenBefore = (await deps.db.payment_events.get(d.id)) !== null;
  stats.deliveries++;
  if (d.bad) stats.forged++;
  try {
    await receiveRazorpayWebhook(deps, { rawBody: d.body, signature, eventId: d.id }, { ackBudgetMs: 60_000 });
    expect(d.bad).toBe(false);
  } catch (err) {
    expect(d.bad).toBe(true);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    // Zero effect: a forged delivery of an unseen event records nothing.
    if (!seenBefore && alone) expect(await deps.db.payment_events.get(d.id)).toBeNull();
  }
}

/** Deliver every event of the order (and the ones our own refunds make meanwhile) until none is new. */
async function deliverStory(o: OnlineOrder, mode: "in-order" | { copies: number[]; seed: number; parallel: number }): Promise<void> {
  const sent = new Set<string>();
  const rand = seededRandom(mode === "in-order" ? 1 : mode.seed);
  for (let round = 0; round < 5; round++) {
    const fresh = eventsOf(stack, o.razorpayOrderId).filter((e) => !sent.has(e.id));
    if (fresh.length === 0) return;
    fresh.forEach((e) => sent.add(e.id));
    let batch: Delivery[] = fresh.map((e) => ({ id: e.id, body: e.body, bad: false }));
    if (mode !== "in-order") {
      batch = batch.flatMap((d, i) => Array.from({ length: mode.copies[i % mode.copies.length] ?? 1 }, () => ({ ...d, bad: rand() < 0.1 })));
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [batch[i], batch[j]] = [batch[j]!, batch[i]!];
      }
      // Every event must arrive correctly signed at least once (Razorpay retries what we refuse).
      for (const id of new Set(batch.map((d) => d.id))) if (batch.every((d) => d.id !== id || d.bad)) batch.push({ ...batch.find((d) => d.id === id)!, bad: false });
    }
    // Razorpay delivers concurrently: `parallel` deliveries at a time.
    const parallel = mode === "in-order" ? 1 : mode.parallel;
    for (let i = 0; i < batch.length; i += parallel) {
      const slice = batch.slice(i, i + parallel);
      await Promise.all(slice.map((d) => deliver(d, !slice.some((x) => x.id === d.id && !x.bad))));
    }
  }
  // What the reconciler does a minute later: events a lost race left `recorded` are applied again.
  const stuck = await deps.db.payment_events.list([Query.equal("razorpay_order_id", o.razorpayOrderId), Query.equal("status", "recorded")], { limit: 100 });
  stats.reapplied += stuck.rows.length;
  for (const ev of stuck.rows) await applyRazorpayEvent(deps, ev.$id);
}

async function finalState(o: OnlineOrder) {
  const order = await deps.db.orders.get(o.orderId);
  const payment = await deps.db.payments.get(paymentRowIdFor(o.orderId));
  const refunds = (await deps.db.refunds.list([Query.equal("order_id", o.orderId)], { limit: 100 })).rows;
  const events = (await deps.db.payment_events.list([Query.equal("razorpay_order_id", o.razorpayOrderId)], { limit: 100 })).rows;
  const byTxn = new Map<string, LedgerTxn>();
  for (const r of await ledgerRows(deps, o.orderId)) {
    const t = byTxn.get(r.txn_id) ?? { txnId: r.txn_id, orderId: o.orderId, postings: [] };
    t.postings.push({ account: r.account as LedgerAccount, direction: r.direction, amountPaise: r.amount_paise, kind: r.kind });
    byTxn.set(r.txn_id, t);
  }
  return {
    order: { status: order?.status, paymentStatus: order?.payment_status, refundedPaise: order?.amount_refunded_paise },
    payment: { status: payment?.status, refundedPaise: payment?.amount_refunded_paise, hasPaymentId: !!payment?.razorpay_payment_id },
    refunds: refunds.map((r) => `${r.reason_code}|${r.amount_paise}|${r.status}|${r.razorpay_refund_id ? "rfnd" : "-"}`).sort(),
    unsettledEvents: events.filter((e) => e.status === "recorded" || e.status === "parked").map((e) => e.event_type),
    ledger: [...balances([...byTxn.values()]).entries()].filter(([, v]) => v !== 0).sort(([a], [b]) => a.localeCompare(b)),
  };
}

describe("R4: webhooks replayed and reordered, end to end", () => {
  it(`any delivery order × up to 10 copies, 10 % bad signatures → the in-order final state (${NUM_RUNS} runs)`, async () => {
    const story = fc.record({
      failedAttempts: fc.integer({ min: 0, max: 2 }),
      refunds: fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 3 }),
      cancelFirst: fc.boolean(),
    }).map((s): Story => (s.cancelFirst ? { ...s, refunds: [] } : s));
    await fc.assert(
      fc.asyncProperty(story, fc.integer({ min: 5_000, max: 200_000 }), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 20, maxLength: 20 }), fc.integer(), fc.integer({ min: 1, max: 4 }), async (s, amount, copies, seed, parallel) => {
        const inOrder = await play(s, amount);
        await deliverStory(inOrder, "in-order");
        const shuffled = await play(s, amount);
        await deliverStory(shuffled, { copies, seed, parallel });
        const expected = await finalState(inOrder);
        const actual = await finalState(shuffled);
        expect(actual).toEqual(expected);
        expect(expected.unsettledEvents).toEqual([]);
        const refunded = s.refunds.reduce((sum, share) => sum + Math.max(100, Math.floor((amount * share) / 300)), 0);
        if (s.cancelFirst) {
          expect(expected.order).toEqual({ status: "cancelled", paymentStatus: "refunded", refundedPaise: amount });
          expect(expected.refunds).toEqual([`late_authorization|${amount}|processed|rfnd`]);
        } else {
          expect(expected.order.status).toBe("placed");
          expect(expected.payment.refundedPaise).toBe(refunded);
          expect(expected.order.refundedPaise).toBe(refunded);
        }
        // Exactly one Razorpay refund per refund row.
        const rzpRefunds = stack.razorpay.state.paymentsOf(shuffled.razorpayOrderId).flatMap((p) => stack.razorpay.state.refundsOf(p.id));
        expect(rzpRefunds).toHaveLength(expected.refunds.length);
      }),
      { numRuns: NUM_RUNS },
    );
    console.log(`R4 end to end: ${NUM_RUNS} runs, ${stats.deliveries} deliveries (${stats.forged} forged), ${stats.reapplied} events re-applied after a lost race`);
  }, 600_000);
});

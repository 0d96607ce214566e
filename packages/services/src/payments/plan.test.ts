// The payments service's decisions without Appwrite: plan.ts driven by an in-memory twin of apply.ts (rows, parking
// and replay, refunds answered by a simulated Razorpay that emits its own webhooks). R4 at scale: any delivery
// order with up to 10 copies of every event ends exactly where in-order delivery ends, nothing stays parked, and
// money adds up (each captured payment posted once; what is not kept refunded exactly once). The same property
// runs end to end, fewer times, in tests/functions/payments-webhook.property.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { balances, refundIdFor, sha256Hex, type LedgerTxn } from "@chizze/core";
import type { OrderStatus } from "@chizze/schema/enums";
import { readRazorpayEvent } from "./events";
import { planPaymentEvent, type EventStatus, type Plan, type RefundView, type Snapshot } from "./plan";

const RZP_ORDER = "order_Sim00000000001";
const ORDER_ID = "ord_sim";

interface World {
  payment: Snapshot["payment"];
  order: Snapshot["order"] & { refundedPaise: number };
  refunds: (RefundView & { reason: string })[];
  ledger: Map<string, LedgerTxn>;
  events: Map<string, EventStatus | "recorded">;
  bodies: Map<string, unknown>;
  /** Simulated Razorpay: refund row id → rfnd id (its refund idempotency). */
  razorpayRefunds: Map<string, string>;
  /** Rows whose Razorpay refund call happened (must be exactly once per row). */
  refundCalls: string[];
}

const newWorld = (amount: number, orderStatus: OrderStatus): World => ({
  payment: { status: "pending", amountPaise: amount, currency: "INR", razorpayPaymentId: null, amountRefundedPaise: 0 },
  order: { id: ORDER_ID, status: orderStatus, paymentStatus: "pending", totalPaise: amount, refundedPaise: 0 },
  refunds: [],
  ledger: new Map(),
  events: new Map(),
  bodies: new Map(),
  razorpayRefunds: new Map(),
  refundCalls: [],
});

const view = (w: World): Snapshot => ({ payment: { ...w.payment }, order: { ...w.order }, refunds: w.refunds.map((r) => ({ ...r })) });

const paymentEnvelope = (event: string, id: string, amount: number) => ({
  entity: "event",
  event,
  payload: { payment: { entity: { id, entity: "payment", amount, currency: "INR", order_id: RZP_ORDER, method: "upi", status: event === "payment.failed" ? "failed" : "captured" } } },
  created_at: 1_790_000_000,
});
const refundEnvelope = (event: string, rfnd: string, paymentId: string, amount: number, chizzeRefundId?: string) => ({
  entity: "event",
  event,
  payload: {
    refund: { entity: { id: rfnd, entity: "refund", payment_id: paymentId, amount, currency: "INR", notes: chizzeRefundId ? { chizze_refund_id: chizzeRefundId, order_id: ORDER_ID } : [] } },
    payment: { entity: { id: paymentId, entity: "payment", order_id: RZP_ORDER } },
  },
  created_at: 1_790_000_100,
});

type Emit = (id: string, body: unknown) => void;

/** apply.ts's effect on rows, in memory. */
function carryOut(w: World, id: string, plan: Plan): void {
  if (plan.payment) {
    const p = plan.payment;
    w.payment = { ...w.payment, status: p.status, razorpayPaymentId: p.razorpayPaymentId ?? w.payment.razorpayPaymentId, amountRefundedPaise: p.amountRefundedPaise ?? w.payment.amountRefundedPaise };
  }
  if (plan.refundUpdate) {
    const u = plan.refundUpdate;
    const row = w.refunds.find((r) => r.id === u.id)!;
    Object.assign(row, { razorpayRefundId: u.razorpayRefundId, status: u.status });
  }
  if (plan.refundCreate) {
    const c = plan.refundCreate;
    if (w.refunds.some((r) => r.id === c.id)) throw new Error(`refund row ${c.id} created twice`);
    w.refunds.push({ id: c.id, razorpayRefundId: c.razorpayRefundId, razorpayPaymentId: c.razorpayPaymentId, amountPaise: c.amountPaise, status: c.status, reason: c.reason });
    if (c.countsAgainstOrder) {
      if (!c.razorpayRefundId && w.order.refundedPaise + c.amountPaise > w.order.totalPaise) throw new Error("BoundExceeded: refunds beyond the capture");
      w.order.refundedPaise += c.amountPaise;
    }
  }
  if (plan.order) {
    if (plan.order.event === "payment_captured" && w.order.status === "awaiting_payment") w.order.status = "placed";
    if (plan.order.paymentStatus) w.order.paymentStatus = plan.order.paymentStatus;
  }
  for (const t of plan.ledger) if (!w.ledger.has(t.txnId)) w.ledger.set(t.txnId, t);
  w.events.set(id, plan.status);
}

/** issueRefund against the simulated Razorpay: one refund per row (idempotency key), processed at once. */
function issue(w: World, refundId: string, emit: Emit): void {
  const row = w.refunds.find((r) => r.id === refundId);
  if (!row || row.status !== "pending" || !row.razorpayPaymentId) return;
  let rfnd = w.razorpayRefunds.get(refundId);
  if (!rfnd) {
    rfnd = `rfnd_${sha256Hex(refundId).slice(0, 14)}`;
    w.razorpayRefunds.set(refundId, rfnd);
    w.refundCalls.push(refundId);
    // Razorpay's own webhooks for it, delivered whenever.
    emit(`evt_${rfnd}_c`, refundEnvelope("refund.created", rfnd, row.razorpayPaymentId, row.amountPaise, refundId));
    emit(`evt_${rfnd}_p`, refundEnvelope("refund.processed", rfnd, row.razorpayPaymentId, row.amountPaise, refundId));
  }
  // issueRefund records Razorpay's answer through the event path at once.
  deliver(w, `fetch_${rfnd}_processed`, refundEnvelope("refund.processed", rfnd, row.razorpayPaymentId, row.amountPaise, refundId), emit);
}

/** applyRazorpayEvent, in memory: record once, plan, carry out, refund, replay parked. */
function deliver(w: World, id: string, body: unknown, emit: Emit): void {
  if (!w.events.has(id)) {
    w.events.set(id, "recorded");
    w.bodies.set(id, body);
  }
  const status = w.events.get(id);
  if (status !== "recorded" && status !== "parked") return;
  const plan = planPaymentEvent(view(w), readRazorpayEvent(w.bodies.get(id)));
  carryOut(w, id, plan);
  if (plan.issueRefund) issue(w, plan.issueRefund, emit);
  if (plan.status !== "applied") return;
  for (let pass = 0; pass < 10; pass++) {
    const parked = [...w.events].filter(([, s]) => s === "parked").map(([k]) => k);
    let progressed = false;
    for (const p of parked) {
      const plan2 = planPaymentEvent(view(w), readRazorpayEvent(w.bodies.get(p)));
      if (plan2.status === "parked") continue;
      carryOut(w, p, plan2);
      if (plan2.issueRefund) issue(w, plan2.issueRefund, emit);
      progressed = true;
    }
    if (!progressed) break;
  }
}

interface Scenario {
  amount: number;
  failedAttempts: number;
  orderDiesFirst: boolean;
  secondPayment: boolean;
  wrongAmount: boolean;
  external: { share: number; outcome: "processed" | "failed" | "pending" }[];
}

/** Razorpay's events for a scenario, in the order Razorpay emitted them. */
function eventsOf(s: Scenario): [string, unknown][] {
  const out: [string, unknown][] = [];
  const pay = (tag: string) => `pay_${tag.padEnd(14, "0")}`;
  for (let i = 0; i < s.failedAttempts; i++) out.push([`evt_f${i}`, paymentEnvelope("payment.failed", pay(`fail${i}`), s.amount)]);
  if (s.wrongAmount) out.push(["evt_wrong", paymentEnvelope("payment.captured", pay("wrong"), s.amount + 1)]);
  for (const [tag, who] of [["m", "main"], ...(s.secondPayment ? [["s", "second"]] : [])] as const) {
    out.push([`evt_${tag}a`, paymentEnvelope("payment.authorized", pay(who), s.amount)]);
    out.push([`evt_${tag}c`, paymentEnvelope("payment.captured", pay(who), s.amount)]);
    out.push([`evt_${tag}p`, paymentEnvelope("order.paid", pay(who), s.amount)]);
  }
  s.external.forEach((x, i) => {
    const rfnd = `rfnd_ext${String(i).padEnd(11, "0")}`;
    const amount = Math.max(1, Math.floor((s.amount * x.share) / 300));
    out.push([`evt_x${i}c`, refundEnvelope("refund.created", rfnd, pay("main"), amount)]);
    if (x.outcome !== "pending") out.push([`evt_x${i}${x.outcome[0]}`, refundEnvelope(`refund.${x.outcome}`, rfnd, pay("main"), amount)]);
  });
  return out;
}

function run(s: Scenario, order: "in-order" | { copies: number[]; seed: number }): World {
  const w = newWorld(s.amount, s.orderDiesFirst ? "cancelled" : "awaiting_payment");
  const queue: [string, unknown][] = [];
  const rand = mulberry(order === "in-order" ? 1 : order.seed);
  const copiesOf = (i: number) => (order === "in-order" ? 1 : (order.copies[i % order.copies.length] ?? 1));
  let emitted = 0;
  const emit: Emit = (id, body) => {
    const n = copiesOf(emitted++);
    for (let c = 0; c < n; c++) {
      // In order: right away, next. Shuffled: anywhere in what is still to come.
      const at = order === "in-order" ? 0 : Math.floor(rand() * (queue.length + 1));
      queue.splice(at, 0, [id, body]);
    }
  };
  const initial = eventsOf(s).flatMap(([id, body], i) => Array.from({ length: copiesOf(i) }, () => [id, body] as [string, unknown]));
  if (order !== "in-order") for (let i = initial.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [initial[i], initial[j]] = [initial[j]!, initial[i]!];
  }
  queue.push(...initial);
  for (let steps = 0; queue.length > 0 && steps < 10_000; steps++) {
    const [id, body] = queue.shift()!;
    deliver(w, id, body, emit);
  }
  return w;
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What must not depend on delivery order (which of two captured payments is kept may: both are accounted for). */
function outcome(w: World) {
  const kept = w.payment.razorpayPaymentId;
  const role = (p: string | null) => (p === kept ? "kept" : "other");
  const bal = balances([...w.ledger.values()]);
  return {
    order: { ...w.order },
    payment: { status: w.payment.status, amountRefundedPaise: w.payment.amountRefundedPaise },
    refunds: w.refunds.map((r) => `${r.reason}|${r.amountPaise}|${r.status}|${role(r.razorpayPaymentId)}|${r.razorpayRefundId ? "rfnd" : "-"}`).sort(),
    ledger: [...bal.entries()].filter(([, v]) => v !== 0).sort(([a], [b]) => a.localeCompare(b)),
    ledgerTxns: w.ledger.size,
    refundCalls: w.refundCalls.length,
  };
}

const scenario = fc.record({
  amount: fc.integer({ min: 100, max: 500_000 }),
  failedAttempts: fc.integer({ min: 0, max: 3 }),
  orderDiesFirst: fc.boolean(),
  secondPayment: fc.boolean(),
  wrongAmount: fc.boolean(),
  external: fc.array(fc.record({ share: fc.integer({ min: 1, max: 100 }), outcome: fc.constantFrom("processed" as const, "failed" as const, "pending" as const) }), { maxLength: 3 }),
}).map((s): Scenario => (s.orderDiesFirst || s.secondPayment ? { ...s, external: [] } : s));

describe("planPaymentEvent", () => {
  it("R4: any delivery order × up to 10 copies ends where in-order delivery ends; nothing parked; money exact (1,000 runs)", () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 20, maxLength: 20 }), fc.integer(), (s, copies, seed) => {
        const expected = run(s, "in-order");
        const actual = run(s, { copies, seed });
        for (const w of [expected, actual]) {
          expect([...w.events.values()].filter((st) => st === "parked" || st === "recorded")).toEqual([]);
          // Each row refunded by one Razorpay call at most; each captured payment posted once.
          expect(new Set(w.refundCalls).size).toBe(w.refundCalls.length);
          const processed = w.refunds.filter((r) => r.status === "processed" && r.razorpayPaymentId === w.payment.razorpayPaymentId).reduce((a, r) => a + r.amountPaise, 0);
          expect(w.payment.amountRefundedPaise).toBe(processed);
          expect(w.order.refundedPaise).toBeLessThanOrEqual(w.order.totalPaise);
        }
        expect(outcome(actual)).toEqual(outcome(expected));
        // What the final state must be, independent of both runs.
        const o = outcome(expected);
        if (s.orderDiesFirst) {
          expect(o.order.status).toBe("cancelled");
          expect(o.payment.status).toBe("refunded");
          expect(o.refunds).toContain(`late_authorization|${s.amount}|processed|kept|rfnd`);
        } else {
          expect(o.order.status).toBe("placed");
        }
        if (s.secondPayment) expect(o.refunds).toContain(`duplicate_payment|${s.amount}|processed|other|rfnd`);
        // Every paisa captured and not kept went back: the customer nets to what was kept.
        const refundedToCustomer = expected.refunds.filter((r) => r.status !== "failed").reduce((a, r) => a + r.amountPaise, 0);
        const captured = s.amount * (1 + (s.secondPayment ? 1 : 0));
        expect(balances([...expected.ledger.values()]).get("customer") ?? 0).toBe(-captured + refundedToCustomer + expected.refunds.filter((r) => r.status === "failed").reduce((a, r) => a + r.amountPaise, 0));
      }),
      { numRuns: 1_000 },
    );
  });

  it("parks a refund that comes before its capture and applies it when the capture lands", () => {
    const w = newWorld(50_000, "awaiting_payment");
    const emit: Emit = () => undefined;
    deliver(w, "evt_r", refundEnvelope("refund.processed", "rfnd_early000000001", "pay_main0000000000", 20_000), emit);
    expect(w.events.get("evt_r")).toBe("parked");
    deliver(w, "evt_c", paymentEnvelope("payment.captured", "pay_main0000000000", 50_000), emit);
    expect(w.events.get("evt_r")).toBe("applied");
    expect(w.payment).toMatchObject({ status: "partially_refunded", amountRefundedPaise: 20_000 });
    expect(w.order).toMatchObject({ status: "placed", paymentStatus: "partially_refunded", refundedPaise: 20_000 });
  });

  it("never places an order on a failed payment, an amount or currency mismatch, or an unknown event", () => {
    const w = newWorld(50_000, "awaiting_payment");
    const emit: Emit = () => undefined;
    deliver(w, "evt_f", paymentEnvelope("payment.failed", "pay_fail0000000000", 50_000), emit);
    expect(w.order).toMatchObject({ status: "awaiting_payment", paymentStatus: "failed" });
    deliver(w, "evt_w", paymentEnvelope("payment.captured", "pay_wrng0000000000", 49_999), emit);
    expect(w.events.get("evt_w")).toBe("rejected");
    const usd = paymentEnvelope("payment.captured", "pay_usd00000000000", 50_000);
    (usd.payload.payment.entity as { currency: string }).currency = "USD";
    deliver(w, "evt_u", usd, emit);
    expect(w.events.get("evt_u")).toBe("rejected");
    deliver(w, "evt_t", { entity: "event", event: "transfer.processed", payload: {}, created_at: 1 }, emit);
    expect(w.events.get("evt_t")).toBe("ignored");
    expect(w.order.status).toBe("awaiting_payment");
    expect(w.ledger.size).toBe(0);
  });

  it("voids an authorisation that arrives after the order died, and refunds a capture that does, once", () => {
    const w = newWorld(30_000, "expired");
    const refunds: string[] = [];
    const emit: Emit = (id) => refunds.push(id);
    deliver(w, "evt_a", paymentEnvelope("payment.authorized", "pay_late0000000000", 30_000), emit);
    expect(w.payment.status).toBe("voided");
    expect(w.order.paymentStatus).toBe("voided");
    for (const id of ["evt_c", "evt_c", "evt_p"]) deliver(w, id, paymentEnvelope(id === "evt_p" ? "order.paid" : "payment.captured", "pay_late0000000000", 30_000), emit);
    expect(w.refunds).toEqual([expect.objectContaining({ id: refundIdFor(ORDER_ID, "late:pay_late0000000000"), amountPaise: 30_000, status: "processed", reason: "late_authorization" })]);
    expect(w.refundCalls).toHaveLength(1);
    expect(w.order).toMatchObject({ status: "expired", paymentStatus: "refunded", refundedPaise: 30_000 });
  });
});

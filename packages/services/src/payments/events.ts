// Razorpay events as the payments module reads them. Webhooks and the fetch APIs (verify, reconciler, refunds)
// all end up as one payment_events row holding a Razorpay-style envelope; `readRazorpayEvent` turns an envelope
// into the facts the planner needs (core's PaymentEvent plus ids, currency and timestamps). Fetch results are
// wrapped in the same envelope shape (`fetchedPaymentEnvelope`, `fetchedRefundEnvelope`) under synthetic event
// ids, so there is exactly one path by which payment state changes.
import { z } from "zod";
import { APPWRITE_ID_PATTERN, deterministicId, type PaymentEvent } from "@chizze/core";
import type { RowOf, T } from "@chizze/schema";
import { RAZORPAY_ID_PATTERN } from "@chizze/schema/documents";
import { Conflict } from "@chizze/platform/errors";
import type { GatewayPayment, GatewayRefund } from "@chizze/platform/razorpay/gateway";
import type { Deps } from "../deps";

export type PaymentEventRow = RowOf<typeof T.payment_events>;

const Notes = z
  .union([z.record(z.string(), z.union([z.string(), z.number()])), z.array(z.unknown())])
  .nullish()
  .transform((n): Record<string, string> => (n && !Array.isArray(n) ? Object.fromEntries(Object.entries(n).map(([k, v]) => [k, String(v)])) : {}));

const PaymentEntity = z.looseObject({
  id: z.string(),
  amount: z.number().int().nonnegative().optional(),
  currency: z.string().optional(),
  order_id: z.string().nullish(),
  method: z.string().nullish(),
  error_code: z.string().nullish(),
  error_description: z.string().nullish(),
});

const RefundEntity = z.looseObject({
  id: z.string(),
  payment_id: z.string(),
  amount: z.number().int().nonnegative(),
  currency: z.string().optional(),
  notes: Notes,
});

const Envelope = z.looseObject({
  event: z.string(),
  created_at: z.number().int().optional(),
  payload: z
    .looseObject({
      payment: z.looseObject({ entity: PaymentEntity }).optional(),
      refund: z.looseObject({ entity: RefundEntity }).optional(),
      order: z.looseObject({ entity: z.looseObject({ id: z.string() }) }).optional(),
    })
    .optional(),
});

/** What an event says, in the planner's terms. */
export interface EventFacts {
  /** Razorpay's event name (`payment.captured` …). */
  name: string;
  /** Null for event types the payment machine does not take (transfer.processed …) or unreadable payloads. */
  event: PaymentEvent | null;
  razorpayOrderId: string | null;
  razorpayPaymentId: string | null;
  razorpayRefundId: string | null;
  currency: string | null;
  /** Razorpay's created_at as ISO UTC. */
  createdAt: string | null;
  method: string | null;
  error: { code: string | null; description: string | null } | null;
  /** notes.chizze_refund_id / notes.order_id of a refund we started (issueRefund sets them). */
  chizzeRefundId: string | null;
  chizzeOrderId: string | null;
}

const rzpId = (v: string | null | undefined): string | null => (v && RAZORPAY_ID_PATTERN.test(v) ? v : null);

/**
 * Reads an event envelope (already signature-checked or built from a fetch).
 * @example readRazorpayEvent(JSON.parse(rawBody)).event // { type: "payment.captured", paymentId: "pay_…", amountPaise: 49900 }
 */
export function readRazorpayEvent(envelope: unknown): EventFacts {
  const parsed = Envelope.safeParse(envelope);
  const name = typeof (envelope as { event?: unknown } | null)?.event === "string" ? (envelope as { event: string }).event : "unknown";
  const facts: EventFacts = {
    name,
    event: null,
    razorpayOrderId: null,
    razorpayPaymentId: null,
    razorpayRefundId: null,
    currency: null,
    createdAt: null,
    method: null,
    error: null,
    chizzeRefundId: null,
    chizzeOrderId: null,
  };
  if (!parsed.success) return facts;
  const env = parsed.data;
  const payment = env.payload?.payment?.entity;
  const refund = env.payload?.refund?.entity;
  facts.createdAt = env.created_at !== undefined ? new Date(env.created_at * 1000).toISOString() : null;
  facts.razorpayOrderId = rzpId(payment?.order_id) ?? rzpId(env.payload?.order?.entity.id);
  facts.razorpayPaymentId = rzpId(refund?.payment_id) ?? rzpId(payment?.id);
  facts.method = payment?.method ?? null;

  switch (env.event) {
    case "payment.authorized":
    case "payment.captured":
    case "order.paid": {
      if (!payment || payment.amount === undefined || !facts.razorpayPaymentId) return facts;
      facts.currency = payment.currency ?? null;
      facts.event = { type: env.event, paymentId: facts.razorpayPaymentId, amountPaise: payment.amount };
      return facts;
    }
    case "payment.failed":
      if (!facts.razorpayPaymentId) return facts;
      facts.error = { code: payment?.error_code ?? null, description: payment?.error_description?.slice(0, 255) ?? null };
      facts.event = { type: "payment.failed", paymentId: facts.razorpayPaymentId };
      return facts;
    case "refund.created":
    case "refund.processed":
    case "refund.failed": {
      const refundId = rzpId(refund?.id);
      if (!refund || !refundId || !facts.razorpayPaymentId) return facts;
      facts.razorpayRefundId = refundId;
      facts.currency = refund.currency ?? null;
      facts.chizzeRefundId = refund.notes.chizze_refund_id ?? null;
      facts.chizzeOrderId = refund.notes.order_id ?? null;
      facts.event = { type: env.event, refundId, paymentId: facts.razorpayPaymentId, amountPaise: refund.amount };
      return facts;
    }
    default:
      return facts;
  }
}

/**
 * payment_events row id for an event id: the id itself when Appwrite accepts it (Razorpay's are 14–18 chars),
 * else a hash of it — either way the same event always lands on the same row (I6).
 * @example eventRowIdFor("evt_NkQ2Z7cW9zLkXb") // "evt_NkQ2Z7cW9zLkXb"
 */
export function eventRowIdFor(eventId: string): string {
  return APPWRITE_ID_PATTERN.test(eventId) ? eventId : deterministicId("pev", ["razorpay-event", eventId]);
}

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** The event a fetched payment stands for (null: nothing has happened to it yet). */
function paymentEventName(p: GatewayPayment): "payment.authorized" | "payment.captured" | "payment.failed" | null {
  switch (p.status) {
    case "authorized":
      return "payment.authorized";
    case "captured":
    case "refunded":
      return "payment.captured";
    case "failed":
      return "payment.failed";
    default:
      return null;
  }
}

export interface SyntheticEvent {
  /** payment_events row id: `fetch_<razorpay id>_<status>` (one row per observed state). */
  id: string;
  body: string;
}

/**
 * A fetched payment as the event its state stands for (the reconciler's and verify's way in).
 * @example fetchedPaymentEnvelope(await gateway.fetchPayment("pay_…"), new Date())
 */
export function fetchedPaymentEnvelope(p: GatewayPayment, now: Date): SyntheticEvent | null {
  const name = paymentEventName(p);
  if (!name) return null;
  const envelope = { entity: "event", account_id: "chizze_fetch", event: name, contains: ["payment"], payload: { payment: { entity: p } }, created_at: unix(now) };
  return { id: eventRowIdFor(`fetch_${p.id}_${name.split(".")[1]!}`), body: JSON.stringify(envelope) };
}

/**
 * A refund as Razorpay reported it (refund create answer or fetch) as the matching refund event.
 * @example fetchedRefundEnvelope(refund, "order_…", new Date())
 */
export function fetchedRefundEnvelope(r: GatewayRefund, razorpayOrderId: string, now: Date): SyntheticEvent {
  const name = r.status === "processed" ? "refund.processed" : r.status === "failed" ? "refund.failed" : "refund.created";
  const envelope = {
    entity: "event",
    account_id: "chizze_fetch",
    event: name,
    contains: ["refund", "payment"],
    payload: { refund: { entity: r }, payment: { entity: { id: r.payment_id, entity: "payment", order_id: razorpayOrderId } } },
    created_at: unix(now),
  };
  return { id: eventRowIdFor(`fetch_${r.id}_${r.status}`), body: JSON.stringify(envelope) };
}

/**
 * Stores an event as `recorded` (row id from its event id). Conflict = already recorded: the existing row comes
 * back with `duplicate: true`. Throws on any other failure — the caller must not acknowledge then.
 * @example const { row, duplicate } = await recordRazorpayEvent(deps, { rowId, body: rawBody })
 */
export async function recordRazorpayEvent(deps: Deps, input: { rowId: string; body: string; facts?: EventFacts }): Promise<{ row: PaymentEventRow; duplicate: boolean }> {
  const facts = input.facts ?? readRazorpayEvent(JSON.parse(input.body));
  try {
    const row = await deps.db.payment_events.create(input.rowId, {
      event_id: input.rowId,
      event_type: facts.name.slice(0, 64),
      razorpay_order_id: facts.razorpayOrderId,
      razorpay_payment_id: facts.razorpayPaymentId,
      razorpay_refund_id: facts.razorpayRefundId,
      order_id: null,
      status: "recorded",
      payload: input.body,
      event_created_at: facts.createdAt,
      received_at: deps.now().toISOString(),
      applied_at: null,
      attempts: 0,
      last_error: null,
    });
    return { row, duplicate: false };
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
    const row = await deps.db.payment_events.get(input.rowId);
    if (!row) throw err;
    return { row, duplicate: true };
  }
}

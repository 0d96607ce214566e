// Route transfers: POST /v1/payments/:id/transfers, POST /v1/transfers (direct), GET /v1/transfers (list), GET /v1/transfers/:id,
// POST /v1/transfers/:id/reversals,
// GET /v1/payments/:id/transfers, and the transfers an order carries (created when it is paid).
//
// Dedupe: real Razorpay has no idempotency key for transfers. The double accepts `X-Transfer-Idempotency`
// (same rules as X-Refund-Idempotency) so tests of *our* retry logic can use it, but production code must not rely
// on it: the payout ledger row is the real guard. Every transfer is kept in state, so tests assert exactly-once.
import { unixNow, type RazorpayContext } from "./context";
import { collection, type Collection, type Order, type Transfer, type TransferRequest } from "./entities";
import { badRequest, idNotFound, invalid } from "./errors";
import { withIdempotency } from "./idempotency";
import { rzpId } from "./random";
import { asBody, currency, flag, idempotencyKey, notes, paise, transferRequests } from "./validate";

export function createPaymentTransfers(ctx: RazorpayContext, paymentId: string, rawBody: unknown, idemHeader?: string): Collection<Transfer> {
  const payment = ctx.state.payments.get(paymentId);
  if (!payment) throw idNotFound();
  const body = asBody(rawBody);
  const key = idempotencyKey(idemHeader, "X-Transfer-Idempotency");
  const batch = withIdempotency(
    ctx,
    `transfer:${paymentId}`,
    key,
    body,
    (id) => batchOf(ctx, id),
    () => {
      const requests = transferRequests(body.transfers);
      if (!payment.captured) throw badRequest("The payment status should be captured for action to be taken");
      const already = ctx.state.transfersFrom(payment.id).reduce((s, t) => s + t.amount - t.amount_reversed, 0);
      const available = payment.amount - payment.amount_refunded - already;
      const total = requests.reduce((s, t) => s + t.amount, 0);
      if (total > available) throw badRequest("Transfer amount exceeds amount available for transfer", "amount");
      const items = requests.map((r) => newTransfer(ctx, payment.id, r));
      return { id: items.map((t) => t.id).join(","), items };
    },
  );
  return collection(batch.items);
}

/** A replayed batch is remembered as its comma-joined transfer ids, so it survives persistence like a refund id. */
function batchOf(ctx: RazorpayContext, id: string): { id: string; items: Transfer[] } | undefined {
  const items = id.split(",").map((t) => ctx.state.transfers.get(t));
  return items.every((t): t is Transfer => t !== undefined) ? { id, items } : undefined;
}

export function createDirectTransfer(ctx: RazorpayContext, rawBody: unknown, idemHeader?: string): Transfer {
  const body = asBody(rawBody);
  const key = idempotencyKey(idemHeader, "X-Transfer-Idempotency");
  return withIdempotency(ctx, "transfer:direct", key, body, (id) => ctx.state.transfers.get(id), () => {
    const account = body.account;
    if (typeof account !== "string" || !/^acc_[A-Za-z0-9]+$/.test(account)) throw invalid("The account id provided is invalid", "account");
    const request: TransferRequest = {
      account,
      amount: paise(body.amount, "amount", { min: 1 }),
      currency: currency(body.currency),
      notes: notes(body.notes),
      linked_account_notes: [],
      on_hold: flag(body.on_hold, false),
      on_hold_until: null,
    };
    return newTransfer(ctx, ctx.config.accountId, request);
  });
}

/** An order's `transfers` become real once the order is paid. */
export function createOrderTransfers(ctx: RazorpayContext, order: Order): void {
  const settings = ctx.state.orderSettings.get(order.id);
  if (!settings || settings.transfers.length === 0 || ctx.state.transfersFrom(order.id).length > 0) return;
  for (const request of settings.transfers) newTransfer(ctx, order.id, request);
}

function newTransfer(ctx: RazorpayContext, source: string, r: TransferRequest): Transfer {
  const now = unixNow(ctx);
  const transfer: Transfer = {
    id: rzpId("trf"),
    entity: "transfer",
    status: "processed",
    source,
    recipient: r.account,
    amount: r.amount,
    currency: r.currency,
    amount_reversed: 0,
    fees: 0,
    tax: 0,
    notes: r.notes,
    linked_account_notes: r.linked_account_notes,
    on_hold: r.on_hold,
    on_hold_until: r.on_hold_until,
    recipient_settlement_id: null,
    created_at: now,
    processed_at: now,
    error: { code: null, description: null, reason: null, field: null, step: null, id: rzpId("err"), source: null, metadata: null },
  };
  ctx.state.transfers.set(transfer.id, transfer);
  ctx.webhooks.emit("transfer.processed", [["transfer", transfer]]);
  ctx.state.save();
  return transfer;
}

export function getTransfer(ctx: RazorpayContext, id: string): Transfer {
  const transfer = ctx.state.transfers.get(id);
  if (!transfer) throw idNotFound();
  return transfer;
}

export function listPaymentTransfers(ctx: RazorpayContext, paymentId: string): Collection<Transfer> {
  if (!ctx.state.payments.has(paymentId)) throw idNotFound();
  return collection(ctx.state.transfersFrom(paymentId));
}

/**
 * GET /v1/transfers ("Fetch all transfers"): `from`/`to` are Unix seconds (inclusive), `count` 1..100 (default 10),
 * `skip` ≥ 0; newest first, ties in reverse creation order so pages are stable.
 */
export function listTransfers(ctx: RazorpayContext, query: Record<string, string | undefined>): Collection<Transfer> {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = query[name];
    if (raw === undefined || raw === "") return fallback;
    if (!/^\d+$/.test(raw)) throw invalid(`The ${name} must be an integer.`, name);
    const n = Number(raw);
    if (n < min || n > max) throw invalid(`The ${name} must be between ${min} and ${max}.`, name);
    return n;
  };
  const from = int("from", 0, 0, Number.MAX_SAFE_INTEGER);
  const to = int("to", Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER);
  const count = int("count", 10, 1, 100);
  const skip = int("skip", 0, 0, Number.MAX_SAFE_INTEGER);
  const all = [...ctx.state.transfers.values()].filter((t) => t.created_at >= from && t.created_at <= to).reverse();
  all.sort((a, b) => b.created_at - a.created_at);
  return collection(all.slice(skip, skip + count));
}

/** A reversal as Razorpay answers POST /v1/transfers/:id/reversals. */
export interface Reversal {
  id: string;
  entity: "reversal";
  transfer_id: string;
  amount: number;
  currency: string;
  notes: Transfer["notes"];
  created_at: number;
}

/**
 * POST /v1/transfers/:id/reversals: take (part of) a transfer back from the linked account. `amount` defaults to
 * what is left; the transfer becomes `reversed` or `partially_reversed`. No webhook is emitted (payouts reconcile by
 * fetching transfers).
 */
export function reverseTransfer(ctx: RazorpayContext, id: string, rawBody: unknown): Reversal {
  const transfer = ctx.state.transfers.get(id);
  if (!transfer) throw idNotFound();
  const body = asBody(rawBody);
  const left = transfer.amount - transfer.amount_reversed;
  const amount = body.amount === undefined ? left : paise(body.amount, "amount", { min: 1 });
  if (left <= 0 || amount > left) throw badRequest("The reversal amount exceeds the amount left on the transfer", "amount");
  transfer.amount_reversed += amount;
  transfer.status = transfer.amount_reversed === transfer.amount ? "reversed" : "partially_reversed";
  ctx.state.save();
  return { id: rzpId("rvrsl"), entity: "reversal", transfer_id: transfer.id, amount, currency: transfer.currency, notes: notes(body.notes), created_at: unixNow(ctx) };
}

// Orders: POST /v1/orders, GET /v1/orders/:id, GET /v1/orders/:id/payments.
import { unixNow, type RazorpayContext } from "./context";
import { collection, type Collection, type Order, type Payment } from "./entities";
import { badRequest, idNotFound, invalid } from "./errors";
import { rzpId } from "./random";
import { asBody, currency, flag, notes, optionalString, paise, transferRequests } from "./validate";

export function createOrder(ctx: RazorpayContext, rawBody: unknown): Order {
  const body = asBody(rawBody);
  const amount = paise(body.amount);
  const cur = currency(body.currency);
  const receipt = optionalString(body.receipt, "receipt", 40, "The receipt may not be greater than 40 characters.");
  const partial = flag(body.partial_payment, false);
  const transfers = body.transfers === undefined ? [] : transferRequests(body.transfers);
  if (transfers.length > 0 && partial) throw invalid("Transfers are not allowed for orders with partial payment enabled", "transfers");
  const transferTotal = transfers.reduce((sum, t) => sum + t.amount, 0);
  if (transferTotal > amount) throw invalid("The sum of transfer amounts cannot exceed the order amount", "transfers");

  if (receipt !== null) {
    const policy = flag(body.unique_receipt, false) ? "return-existing" : ctx.config.duplicateReceipt;
    const existing = [...ctx.state.orders.values()].find((o) => o.receipt === receipt);
    if (existing && policy !== "allow") {
      // A retried create (lost reply) gets the order it already made; anything else reusing the receipt is refused.
      if (policy === "return-existing" && existing.amount === amount && existing.currency === cur) return existing;
      throw badRequest("Order receipt should be unique.", "receipt");
    }
  }

  const order: Order = {
    id: rzpId("order"),
    entity: "order",
    amount,
    amount_paid: 0,
    amount_due: amount,
    currency: cur,
    receipt,
    offer_id: null,
    status: "created",
    attempts: 0,
    notes: notes(body.notes),
    created_at: unixNow(ctx),
    ...(partial ? { partial_payment: true } : {}),
  };
  ctx.state.orders.set(order.id, order);
  ctx.state.orderSettings.set(order.id, { autoCapture: flag(body.payment_capture, true), transfers });
  ctx.state.save();
  return order;
}

export function getOrder(ctx: RazorpayContext, id: string): Order {
  const order = ctx.state.orders.get(id);
  if (!order) throw idNotFound();
  return order;
}

export function listOrderPayments(ctx: RazorpayContext, id: string): Collection<Payment> {
  getOrder(ctx, id);
  return collection(ctx.state.paymentsOf(id));
}

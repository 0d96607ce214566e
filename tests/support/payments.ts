// Payments test support: service deps against a test stack, online orders waiting for payment (the rows POST /orders
// writes plus a real Razorpay order in the double, receipt = order id), the double's webhook events of one order
// and scheduled runs by hand.
import { Functions, Query } from "node-appwrite";
import { orderNumberFromId, sha256Hex } from "@chizze/core";
import { rowPermissions } from "@chizze/schema";
import type { OrderStatus } from "@chizze/schema/enums";
import type { WebhookEvent } from "@chizze/devstack/razorpay/index";
import type { Deps } from "@chizze/services/deps";
import { orderReaders, paymentRowIdFor } from "@chizze/services/orders/transition";
import { paymentGateway } from "@chizze/services/payments/gateway";
import { identityOf } from "./functions";
import type { Identity } from "@chizze/platform/identity";
import type { TestStack } from "./stack";

export { quiet, serviceDeps } from "./deps";

/** A scheduled function run by hand (as operators do: an HTTP execution with the API key), synchronously. */
export async function runScheduled(stack: TestStack, functionId: string): Promise<{ status: number; body: unknown; logs: string; errors: string }> {
  const run = await new Functions(stack.admin()).createExecution({ functionId, async: false });
  return { status: run.responseStatusCode, body: run.responseBody ? (JSON.parse(run.responseBody) as unknown) : null, logs: run.logs, errors: run.errors };
}

export interface OnlineOrder {
  orderId: string;
  razorpayOrderId: string;
  customer: Identity;
  totalPaise: number;
}

let seq = 0;

/**
 * An online order awaiting payment, written as POST /orders writes it (order row, first event, payments row with
 * id paymentRowIdFor(order), Razorpay order with receipt = order id) — for tests that need many orders fast or an
 * order in a given state. Amounts add up: items + packaging 500 + delivery 1,000 + platform 500 = total.
 */
export async function createOnlineOrder(deps: Deps, opts: { customerId?: string; totalPaise?: number; status?: OrderStatus } = {}): Promise<OnlineOrder> {
  const n = ++seq;
  const customerId = opts.customerId ?? `usr_pay${String(n).padStart(6, "0")}`;
  const total = opts.totalPaise ?? 45_000 + n;
  const orderId = `ord_pay_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const now = deps.now().toISOString();
  const owner = "usr_owner_payments";
  const row = {
    order_number: orderNumberFromId(orderId, deps.now()),
    customer_id: customerId,
    restaurant_id: "rst_payments_test",
    restaurant_owner_id: owner,
    restaurant_name: "Payments Test Kitchen",
    quote_id: `qte_${orderId.slice(8)}`,
    idempotency_key_hash: sha256Hex(orderId),
    status: opts.status ?? ("awaiting_payment" as const),
    dispatch_state: "none" as const,
    payment_method: "online" as const,
    payment_status: "pending" as const,
    version: 1,
    items: JSON.stringify([{ itemId: "itm_paneer", variantId: null, name: "Paneer Tikka", variantName: null, isVeg: true, quantity: 1, unitPaise: total - 2_000, addons: [], notes: null, totalPaise: total - 2_000 }]),
    item_total_paise: total - 2_000,
    packaging_paise: 500,
    delivery_fee_paise: 1_000,
    surge_paise: 0,
    platform_fee_paise: 500,
    gst_food_paise: 0,
    gst_fees_paise: 0,
    discount_paise: 0,
    tip_paise: 0,
    total_paise: total,
    amount_refunded_paise: 0,
    delivery_address: JSON.stringify({ addressId: null, label: "home", line1: "Flat 4B", line2: null, landmark: null, locality: "HSR Layout", city: "Bengaluru", state: "Karnataka", pincode: "560102", lat: 12.91, lng: 77.64, contactName: null, contactPhone: null }),
    delivery_lat: 12.91,
    delivery_lng: 77.64,
    distance_m: 1_800,
    city: "Bengaluru",
    placed_at: now,
  };
  const readers = orderReaders({ customer_id: customerId, restaurant_owner_id: owner });
  await deps.db.orders.create(orderId, row, readers);
  const rzp = await paymentGateway(deps).createOrder({ amountPaise: total, receipt: orderId, notes: { order_id: orderId, customer_id: customerId } });
  await deps.db.payments.create(
    paymentRowIdFor(orderId),
    { order_id: orderId, customer_id: customerId, razorpay_order_id: rzp.id, status: "pending", amount_paise: total, currency: "INR", amount_refunded_paise: 0 },
    rowPermissions.customer(customerId),
  );
  await deps.db.orders.update(orderId, { razorpay_order_id: rzp.id });
  return { orderId, razorpayOrderId: rzp.id, customer: identityOf(customerId, ["customer"]), totalPaise: total };
}

/** The double's webhook events about one Razorpay order (payments and their refunds), in emission order. */
export function eventsOf(stack: TestStack, razorpayOrderId: string): WebhookEvent[] {
  const payments = new Set(stack.razorpay.state.paymentsOf(razorpayOrderId).map((p) => p.id));
  return stack.razorpay.webhooks.events().filter((e) => {
    const p = e.envelope.payload;
    const payment = p.payment?.entity as { id?: string; order_id?: string } | undefined;
    const refund = p.refund?.entity as { payment_id?: string } | undefined;
    return payment?.order_id === razorpayOrderId || (refund?.payment_id !== undefined && payments.has(refund.payment_id));
  });
}

/** Every ledger entry of an order. */
export async function ledgerRows(deps: Deps, orderId: string) {
  return (await deps.db.ledger_entries.list([Query.equal("order_id", orderId)], { limit: 100 })).rows;
}

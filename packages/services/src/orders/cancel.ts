// POST /orders/{id}/cancel for customers, restaurants and admins. Who may cancel at which stage, and what money
// goes back, is core's (order machine + cancellation.ts: full refund before the restaurant accepts; after that a
// customer keeps less back the further the kitchen got; restaurants and admins refund everything). The refund
// intent is written in the same transaction as the cancellation and sent to Razorpay with its row id as
// X-Refund-Idempotency, so concurrent or repeated cancels refund exactly once (I5).
import type { z } from "zod";
import type { CancelOrderRequest, CancelOrderResponse } from "@chizze/contracts/api/orders";
import type { OrderEvent } from "@chizze/core";
import { refundIdFor } from "@chizze/core";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { applyOrderEvent, type OrderRow } from "./transition";
import { orderView } from "./view";
import { toRefund } from "./refund-view";

type Response = z.infer<typeof CancelOrderResponse>;
type Acting = "customer" | "restaurant" | "admin";

/** The caller's relationship to the order decides the actor; none → 404. */
function actingAs(caller: Caller, row: OrderRow): Acting {
  if (row.customer_id === caller.userId && caller.roles.includes("customer")) return "customer";
  if (row.restaurant_owner_id === caller.userId && caller.roles.includes("restaurant")) return "restaurant";
  if (caller.roles.includes("admin")) return "admin";
  throw notFound("Order");
}

function eventFor(actor: Acting, row: OrderRow): OrderEvent {
  if (actor === "customer") return "customer_cancel";
  if (actor === "admin") return "admin_cancel";
  return row.status === "placed" ? "restaurant_reject" : "restaurant_cancel";
}

export async function cancelOrder(deps: Deps, caller: Caller, orderId: string, input: z.infer<typeof CancelOrderRequest>): Promise<Response> {
  const current = await deps.db.orders.get(orderId);
  if (!current) throw notFound("Order");
  const actor = actingAs(caller, current);
  const { order } = await applyOrderEvent(deps, orderId, {
    event: eventFor(actor, current),
    actor: { type: actor, id: caller.userId },
    guard: (row) => void actingAs(caller, row),
    // Another cancel (a retry, a second tap) won the race: answer with the cancelled order and its refund.
    alreadyDoneIn: ["cancelled", "rejected"],
    reason: { code: input.reasonCode, note: input.note ?? null },
    data: { reasonCode: input.reasonCode },
  });
  const refundRow = await deps.db.refunds.get(refundIdFor(orderId, "cancel"));
  return {
    order: await orderView(deps, order, { userId: caller.userId, as: actor }),
    refund: refundRow ? toRefund(refundRow) : null,
  };
}

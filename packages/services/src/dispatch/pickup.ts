// POST /delivery/orders/{id}/picked-up: the hand-over at the counter, proven by the order's pickup code.
import type { z } from "zod";
import { dispatchTransition } from "@chizze/core";
import { ApiError } from "@chizze/contracts/errors";
import type { PickedUpRequest } from "@chizze/contracts/api/delivery";
import type { Order } from "@chizze/contracts/api/orders";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { findPartner } from "../delivery/partner";
import { applyOrderEvent } from "../orders/transition";
import { orderView } from "../orders/view";

/**
 * preparing/ready → picked_up (order machine partner_pickup) and dispatch_state picked_up, in the transition's
 * transaction. Only the assigned partner (anyone else: 404); the code must equal orders.pickup_code (422). A replay
 * after the pickup answers with the order. A blocked partner may still finish an order they hold.
 */
export async function confirmPickup(deps: Deps, caller: Caller, orderId: string, input: z.infer<typeof PickedUpRequest>): Promise<{ order: z.infer<typeof Order> }> {
  const me = await findPartner(deps, caller);
  const { order } = await applyOrderEvent(deps, orderId, {
    event: "partner_pickup",
    actor: { type: "partner", id: caller.userId },
    guard: (row) => {
      if (row.delivery_partner_id !== me.$id) throw notFound("Order");
      if (!row.pickup_code || input.pickupCode !== row.pickup_code) throw new ApiError("unprocessable", "That pickup code does not match this order");
    },
    alreadyDoneIn: ["picked_up", "delivered"],
    patch: (row) => {
      const t = dispatchTransition(row.dispatch_state, "picked_up", { round: 0, maxRounds: 0 });
      return t.ok ? { dispatch_state: t.to } : {};
    },
    data: { partnerId: me.$id },
  });
  return { order: await orderView(deps, order, { userId: caller.userId, as: "partner" }) };
}

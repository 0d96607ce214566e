// The restaurant's side of an order: accept with a prep time, reject with a reason, mark ready (optionally
// confirming the partner's pickup code). Each is one order-machine event applied by applyOrderEvent; a replay of
// an action that already happened (a tablet retrying on shaky Wi-Fi) answers with the order instead of 409.
import type { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import type { AcceptOrderRequest, ReadyOrderRequest, RejectOrderRequest } from "@chizze/contracts/api/restaurant";
import type { Order } from "@chizze/contracts/api/orders";
import { estimateEtaMin } from "@chizze/core";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { applyOrderEvent, type OrderRow } from "./transition";
import { orderView } from "./view";

type Envelope = { order: z.infer<typeof Order> };

/** Only the owner of the order's restaurant may act on it; anyone else learns nothing (404). */
export const ownedByCaller = (caller: Caller) => (row: OrderRow) => {
  if (row.restaurant_owner_id !== caller.userId) throw notFound("Order");
};

async function envelope(deps: Deps, caller: Caller, row: OrderRow): Promise<Envelope> {
  return { order: await orderView(deps, row, { userId: caller.userId, as: "restaurant" }) };
}

/** placed → accepted with the promised prep time; the ETA is set from it (dispatch starts from the row change). */
export async function acceptOrder(deps: Deps, caller: Caller, orderId: string, input: z.infer<typeof AcceptOrderRequest>): Promise<Envelope> {
  const { order } = await applyOrderEvent(deps, orderId, {
    event: "restaurant_accept",
    actor: { type: "restaurant", id: caller.userId },
    guard: ownedByCaller(caller),
    alreadyDoneIn: ["accepted", "preparing", "ready", "picked_up", "delivered"],
    data: { prepTimeMinutes: input.prepTimeMinutes },
    patch: (row, now) => {
      const minutes = estimateEtaMin({ prepRemainingMin: input.prepTimeMinutes, riderToRestaurantM: null, restaurantToCustomerM: row.distance_m, vehicle: "motorcycle" });
      return { prep_minutes: input.prepTimeMinutes, eta_at: new Date(now.getTime() + minutes * 60_000).toISOString() };
    },
  });
  return envelope(deps, caller, order);
}

/** placed → rejected; stock and coupon go back and the payment is refunded (transition effects). */
export async function rejectOrder(deps: Deps, caller: Caller, orderId: string, input: z.infer<typeof RejectOrderRequest>): Promise<Envelope> {
  const { order } = await applyOrderEvent(deps, orderId, {
    event: "restaurant_reject",
    actor: { type: "restaurant", id: caller.userId },
    guard: ownedByCaller(caller),
    alreadyDoneIn: ["rejected"],
    reason: { code: "restaurant_rejected", note: input.note ?? null, rejectReason: input.reasonCode },
    data: { reasonCode: input.reasonCode, ...(input.unavailableItemIds ? { unavailableItemIds: input.unavailableItemIds } : {}) },
  });
  // Items the kitchen ran out of go out of stock for everyone else too (menu caches follow via the catalog event).
  if (input.reasonCode === "item_unavailable" && input.unavailableItemIds?.length) {
    for (const itemId of new Set(input.unavailableItemIds)) {
      const item = await deps.db.menu_items.get(itemId);
      if (item && item.restaurant_id === order.restaurant_id && item.is_available) await deps.db.menu_items.update(itemId, { is_available: false });
    }
  }
  return envelope(deps, caller, order);
}

/** accepted/preparing → ready. With the partner's pickup code, the code is checked here too (wrong → 422). */
export async function markReady(deps: Deps, caller: Caller, orderId: string, input: z.infer<typeof ReadyOrderRequest>): Promise<Envelope> {
  const { order } = await applyOrderEvent(deps, orderId, {
    event: "mark_ready",
    actor: { type: "restaurant", id: caller.userId },
    guard: (row) => {
      ownedByCaller(caller)(row);
      if (input.pickupCode !== undefined && input.pickupCode !== row.pickup_code) throw new ApiError("unprocessable", "That pickup code does not match this order");
    },
    alreadyDoneIn: ["ready", "picked_up", "delivered"],
    patch: () => ({}),
    data: input.pickupCode !== undefined ? { pickupCodeChecked: true } : {},
  });
  return envelope(deps, caller, order);
}

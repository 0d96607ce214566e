// POST /delivery/orders/{id}/delivered: the hand-over at the door, proven by the customer's delivery OTP.
import type { z } from "zod";
import { dispatchTransition, verifyDeliveryOtp } from "@chizze/core";
import { ApiError } from "@chizze/contracts/errors";
import type { DeliveredRequest } from "@chizze/contracts/api/delivery";
import type { Order } from "@chizze/contracts/api/orders";
import { T } from "@chizze/schema";
import { BoundExceeded } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { findPartner, type PartnerRow } from "../delivery/partner";
import { syncPartnerIndex } from "../delivery/geo-index";
import { applyOrderEvent } from "../orders/transition";
import { orderView } from "../orders/view";

/** Wrong OTPs allowed per order; after that the order answers 429 until an admin resets delivery_otp_attempts. */
export const MAX_OTP_ATTEMPTS = 5;

/**
 * picked_up → delivered (order machine partner_deliver: the COD cash and settlement ledger postings are the
 * transition's) with, in the same transaction, dispatch_state delivered and the partner freed: not on a delivery,
 * no active order, deliveries_completed + 1, and for COD the order total added to the cash they hold. After the
 * commit the partner is back in the GEO index (if online with a fresh position).
 *
 * Only the assigned partner (404 otherwise). COD needs cashCollected: true (422). The OTP is checked against
 * orders.delivery_otp_hash; every check first takes one of MAX_OTP_ATTEMPTS with a bounded increment (so parallel
 * guesses cannot exceed the limit either): wrong → 422 and the attempt stays counted, none left → 429; a right one
 * gives its attempt back. A replay once delivered answers with the order.
 */
export async function confirmDelivery(deps: Deps, caller: Caller, orderId: string, input: z.infer<typeof DeliveredRequest>): Promise<{ order: z.infer<typeof Order> }> {
  const me = await findPartner(deps, caller);
  const view = async (row: Parameters<typeof orderView>[1]) => ({ order: await orderView(deps, row, { userId: caller.userId, as: "partner" }) });
  const current = await deps.db.orders.get(orderId);
  if (!current || current.delivery_partner_id !== me.$id) throw notFound("Order");
  if (current.status === "delivered") return view(current);
  if (current.status !== "picked_up") throw new ApiError("illegal_transition", `The order is ${current.status}; confirm the pickup first`);
  if (current.payment_method === "cod" && input.cashCollected !== true) throw new ApiError("unprocessable", "Collect the cash due and confirm it (cashCollected: true)");

  try {
    await deps.db.orders.increment(orderId, "delivery_otp_attempts", 1, { max: MAX_OTP_ATTEMPTS });
  } catch (err) {
    if (err instanceof BoundExceeded) throw new ApiError("rate_limited", "Too many wrong delivery codes for this order; contact support");
    throw err;
  }
  if (!current.delivery_otp_hash || !verifyDeliveryOtp(orderId, input.deliveryOtp, current.delivery_otp_hash)) {
    deps.log.info("wrong delivery otp", { orderId, partnerId: me.$id });
    throw new ApiError("unprocessable", "That delivery code does not match; ask the customer to read it again");
  }

  const released: { partner: PartnerRow | null } = { partner: null };
  const { order, changed } = await applyOrderEvent(deps, orderId, {
    event: "partner_deliver",
    actor: { type: "partner", id: caller.userId },
    guard: (row) => {
      if (row.delivery_partner_id !== me.$id) throw notFound("Order");
    },
    alreadyDoneIn: ["delivered"],
    patch: (row) => {
      const t = dispatchTransition(row.dispatch_state, "delivered", { round: 0, maxRounds: 0 });
      // The right code gives back the attempt it took.
      return { ...(t.ok ? { dispatch_state: t.to } : {}), delivery_otp_attempts: Math.max(0, (row.delivery_otp_attempts ?? 1) - 1) };
    },
    also: async (tx, row) => {
      const p = await tx.get(T.delivery_partners, me.$id);
      if (!p) return;
      const holdsThis = p.active_order_id === row.$id || !p.active_order_id;
      const patch = {
        ...(holdsThis ? { is_on_delivery: false, active_order_id: null } : {}),
        deliveries_completed: (p.deliveries_completed ?? 0) + 1,
        cod_cash_held_paise: (p.cod_cash_held_paise ?? 0) + (row.payment_method === "cod" ? row.total_paise : 0),
      };
      tx.update(T.delivery_partners, p.$id, patch);
      released.partner = { ...p, ...patch };
    },
    data: { partnerId: me.$id, cashCollected: input.cashCollected ?? null },
  });
  if (changed && released.partner) {
    deps.log.info("order delivered", { orderId, partnerId: me.$id });
    await syncPartnerIndex(deps, released.partner, false);
  }
  return view(order);
}

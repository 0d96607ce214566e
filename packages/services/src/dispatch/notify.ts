// Pushes dispatch sends: the offer to the partner, and the escalation to ops and the customer. Each has a
// deterministic message id (a retried or overlapping run sends nothing twice) and none can fail the write it follows:
// the rows are the truth, and the partner app also lists its offers (GET /delivery/offers).
import { deterministicId } from "@chizze/core";
import { appwriteNotifier, type PushInput, type SendStatus } from "@chizze/platform/messaging/notifier";
import type { Deps } from "../deps";
import type { OrderRow } from "../delivery/partner";
import type { DispatchSettings } from "./config";

async function push(deps: Deps, input: PushInput, what: string): Promise<SendStatus | "failed"> {
  try {
    return await appwriteNotifier(deps.messaging).push(input);
  } catch (err) {
    deps.log.warn(`${what} push failed`, { dedupeId: input.dedupeId, error: String(err) });
    return "failed";
  }
}

const rupees = (paise: number) => `₹${Math.round(paise / 100)}`;

/** The offer, to the partner it is made to; the message id is the offer id. */
export async function pushOffer(
  deps: Deps,
  offer: { id: string; orderId: string; partnerUserId: string; restaurantName: string; pickupDistanceM: number; earningsPaise: number; expiresAt: Date },
): Promise<SendStatus | "failed"> {
  return push(
    deps,
    {
      userIds: [offer.partnerUserId],
      title: "New delivery offer",
      body: `${offer.restaurantName} · ${(offer.pickupDistanceM / 1000).toFixed(1)} km away · earn ${rupees(offer.earningsPaise)}`,
      data: { kind: "dispatch_offer", offerId: offer.id, orderId: offer.orderId, expiresAt: offer.expiresAt.toISOString() },
      dedupeId: offer.id,
    },
    "offer",
  );
}

/**
 * The order escalated (no partner after the rounds ran out): ops (DISPATCH_ESCALATION_USER_IDS) take over, and the
 * customer is told the wait is longer. Sent once per order (message ids from the order id), logged whatever happens.
 */
export async function announceEscalation(deps: Deps, order: Pick<OrderRow, "$id" | "order_number" | "customer_id" | "restaurant_name">, settings: DispatchSettings): Promise<void> {
  deps.log.warn("dispatch escalated to ops", { orderId: order.$id, orderNumber: order.order_number, opsUsers: settings.escalateTo.length });
  await Promise.all([
    push(
      deps,
      {
        userIds: [order.customer_id],
        title: "Finding your delivery partner",
        body: `It is taking longer than usual to find a rider for order ${order.order_number}. We are on it.`,
        data: { kind: "dispatch_delayed", orderId: order.$id },
        dedupeId: deterministicId("dsx", [order.$id, "customer"]),
      },
      "escalation (customer)",
    ),
    settings.escalateTo.length > 0
      ? push(
          deps,
          {
            userIds: [...settings.escalateTo],
            title: `No rider for ${order.order_number}`,
            body: `${order.restaurant_name}: every offer round failed. Assign a partner or cancel.`,
            data: { kind: "dispatch_escalated", orderId: order.$id },
            dedupeId: deterministicId("dsx", [order.$id, "ops"]),
          },
          "escalation (ops)",
        )
      : undefined,
  ]);
}

// Who is told about an order transition, and with which template. Pure.
//
// The order machine (core order-machine.ts) already names the audience of each edge as a `notify` effect
// ({ to: ["customer", "restaurant"], kind: "order_placed" }), so the machine stays the one table of the
// lifecycle and this file only adds what the machine does not know:
// - `place` is not a machine edge (placement writes the first event itself): a COD order is placed at once, so
//   it is announced like a captured online order;
// - ops are told when the platform itself gave up on an order (accept timeout, system cancellation), when
//   NOTIFY_OPS_USER_IDS names anyone.
import { ORDER_TRANSITIONS, type OrderEvent } from "@chizze/core";
import type { OrderStatus } from "@chizze/schema/enums";
import { isTemplateKey, type RecipientRole, type TemplateKey } from "./templates";

export interface EventFacts {
  event: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
}

export interface PlannedNotice {
  role: RecipientRole;
  template: TemplateKey;
}

export interface Plan {
  notices: PlannedNotice[];
  /** Notify effects with no template (a new machine kind): logged, never sent half-formed. */
  missing: string[];
}

const OPS_ALSO: Partial<Record<OrderEvent, TemplateKey>> = {
  accept_timeout: "ops.order_timed_out",
  system_cancel: "ops.order_cancelled",
};

/**
 * Notices for one order_events row.
 * @example planOrderEvent({ event: "restaurant_accept", fromStatus: "placed", toStatus: "accepted" })
 * // { notices: [{ role: "customer", template: "customer.order_accepted" }], missing: [] }
 */
export function planOrderEvent(ev: EventFacts): Plan {
  if (ev.event === "place") {
    // Online orders wait for payment; payment_captured announces them.
    return ev.toStatus === "placed"
      ? { notices: [{ role: "restaurant", template: "restaurant.order_placed" }, { role: "customer", template: "customer.order_placed" }], missing: [] }
      : { notices: [], missing: [] };
  }
  const from = ev.fromStatus;
  if (from === null || from === ev.toStatus) return { notices: [], missing: [] };
  const edge = ORDER_TRANSITIONS.find((e) => e.event === ev.event && e.from.includes(from));
  if (!edge) return { notices: [], missing: [] };

  const notices: PlannedNotice[] = [];
  const missing: string[] = [];
  for (const effect of edge.effects) {
    if (effect.type !== "notify") continue;
    for (const role of effect.to) {
      const key = `${role}.${effect.kind}`;
      if (isTemplateKey(key)) notices.push({ role, template: key });
      else missing.push(key);
    }
  }
  const ops = OPS_ALSO[edge.event];
  if (ops) notices.push({ role: "ops", template: ops });
  return { notices, missing };
}

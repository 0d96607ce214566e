// The restaurant escalation (orders-accept-deadline, half-way to the accept deadline): the owner gets a push and an
// SMS to the account's phone, because a tablet that missed the first push may be asleep or offline. Both go through
// deliver.ts with event keys of their own, so the minute-by-minute schedule re-finding the order sends neither twice.
import type { Row } from "@chizze/schema";
import type { Notifier } from "@chizze/platform/messaging/notifier";
import type { Deps } from "../deps";
import { deliver, notifierFor, type Delivery } from "./deliver";
import { varsFor } from "./order-events";
import { render } from "./templates";

export interface Reminder {
  push: Delivery;
  sms: Delivery;
}

export async function remindRestaurant(deps: Deps, order: Row<"orders">, notifier: Notifier = notifierFor(deps)): Promise<Reminder> {
  const userId = order.restaurant_owner_id;
  const language = (await deps.db.profiles.get(userId))?.language ?? "en";
  const vars = await varsFor(deps, order, { to_status: order.status, from_status: order.status, actor_type: "system" });
  const text = render("restaurant.accept_reminder", language, vars);
  const base = { userId, kind: "accept_reminder", language, ...text, data: { kind: "accept_reminder", role: "restaurant", orderId: order.$id, orderNumber: order.order_number } };
  const [push, sms] = await Promise.all([
    deliver(deps, notifier, { ...base, channel: "push", eventKey: `order:${order.$id}:accept_reminder:push:${userId}` }),
    deliver(deps, notifier, { ...base, channel: "sms", eventKey: `order:${order.$id}:accept_reminder:sms:${userId}` }),
  ]);
  return { push, sms };
}

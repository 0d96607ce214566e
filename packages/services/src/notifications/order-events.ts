// notifications-order-events: tells the right people about one order transition (an order_events row, written by
// applyOrderEvent or placement in the transaction that moved the order), exactly once per (event, recipient).
//
// Nothing is taken from the payload but the row id: the order_events row and the order are read back (the truth),
// recipients come from plan.ts, texts from templates.ts in each recipient's profile language, and every notice
// goes through deliver.ts, whose row id is a hash of `order:<orderId>:<seq>:<role>:<userId>`. So the same event
// delivered twice, fired by hand, or re-planned by the sweep writes no second row and sends no second message.
import { z } from "zod";
import { refundIdFor } from "@chizze/core";
import type { Row } from "@chizze/schema";
import { T } from "@chizze/schema";
import { PricedLinesDoc } from "@chizze/schema/documents";
import type { Language } from "@chizze/schema/enums";
import type { Notifier } from "@chizze/platform/messaging/notifier";
import type { Deps } from "../deps";
import { readDoc } from "../json-doc";
import type { NotificationSettings } from "./config";
import { deliver, notifierFor, type Delivery } from "./deliver";
import { planOrderEvent } from "./plan";
import { render, type MoneyBack, type RecipientRole, type TemplateKey, type TemplateVars } from "./templates";

type OrderRow = Row<"orders">;
type OrderEventRow = Row<"order_events">;

/** The part of an order_events row event payload (the row JSON) this verb reads: only the id. */
export const OrderEventRowInput = z.looseObject({
  $id: z.string().min(1).max(36),
  $tableId: z.string().optional(),
  $collectionId: z.string().optional(),
});
export type OrderEventRowInput = z.infer<typeof OrderEventRowInput>;

// `databases.chizze.tables.order_events.rows.oev_1.create`, the legacy `…collections.X.documents…` form or `tablesdb.`.
const EVENT = /^(?:databases|tablesdb)\.[^.]+\.(?:tables|collections)\.([^.]+)\.(?:rows|documents)\.[^.]+\.[a-z]+$/;

export interface SentNotice extends Delivery {
  role: RecipientRole;
  template: TemplateKey;
}

export type OrderEventNotifications =
  | { outcome: "notified"; eventId: string; orderId: string; seq: number; event: string; notices: SentNotice[] }
  | { outcome: "ignored"; reason: string };

/** Entry for the event (or a hand-fired replay with the row JSON): checks the row is an order event. */
export async function notifyOrderEventRow(deps: Deps, settings: NotificationSettings, event: string, row: OrderEventRowInput): Promise<OrderEventNotifications> {
  const table = row.$tableId ?? row.$collectionId ?? EVENT.exec(event)?.[1];
  if (table !== undefined && table !== T.order_events.id) return { outcome: "ignored", reason: `not an order event row: ${table}` };
  return notifyOrderEvent(deps, settings, row.$id);
}

/** Plans and delivers every notice of one order event; safe to run any number of times. */
export async function notifyOrderEvent(deps: Deps, settings: NotificationSettings, eventId: string, notifier: Notifier = notifierFor(deps)): Promise<OrderEventNotifications> {
  const ev = await deps.db.order_events.get(eventId);
  if (!ev) return { outcome: "ignored", reason: `no order event ${eventId}` };
  return notifyOrderEventOf(deps, settings, ev, notifier);
}

/** Same, for an order_events row already read (the sweep's catch-up). */
export async function notifyOrderEventOf(deps: Deps, settings: NotificationSettings, ev: OrderEventRow, notifier: Notifier): Promise<OrderEventNotifications> {
  const eventId = ev.$id;
  const plan = planOrderEvent({ event: ev.event, fromStatus: ev.from_status ?? null, toStatus: ev.to_status });
  if (plan.missing.length > 0) deps.log.warn("notify effects without a template", { eventId, missing: plan.missing });
  const base = { outcome: "notified" as const, eventId, orderId: ev.order_id, seq: ev.seq, event: ev.event };
  if (plan.notices.length === 0) return { ...base, notices: [] };
  const order = await deps.db.orders.get(ev.order_id);
  if (!order) return { outcome: "ignored", reason: `no order ${ev.order_id}` };

  const vars = await varsFor(deps, order, ev);
  const languages = new Map<string, Promise<Language>>();
  const languageOf = (userId: string) => {
    let l = languages.get(userId);
    if (!l) languages.set(userId, (l = deps.db.profiles.get(userId).then((p) => p?.language ?? "en")));
    return l;
  };

  const jobs: Promise<SentNotice>[] = [];
  for (const { role, template } of plan.notices) {
    for (const userId of await recipientsOf(deps, settings, order, role)) {
      jobs.push(
        (async () => {
          const language = await languageOf(userId);
          const text = render(template, language, vars);
          const kind = template.slice(template.indexOf(".") + 1);
          const d = await deliver(deps, notifier, {
            eventKey: `order:${order.$id}:${ev.seq}:${role}:${userId}`,
            userId,
            kind,
            channel: "push",
            language,
            ...text,
            data: { kind, role, orderId: order.$id, orderNumber: order.order_number },
          });
          return { ...d, role, template };
        })(),
      );
    }
  }
  const notices = await Promise.all(jobs);
  deps.log.info("order event notified", { eventId, orderId: order.$id, event: ev.event, sent: notices.filter((n) => n.finished && n.status === "sent").length, notices: notices.length });
  return { ...base, notices };
}

/** The Appwrite user ids a role means for this order (none when, e.g., no partner is assigned). */
async function recipientsOf(deps: Deps, settings: NotificationSettings, order: OrderRow, role: RecipientRole): Promise<readonly string[]> {
  switch (role) {
    case "customer":
      return [order.customer_id];
    case "restaurant":
      return [order.restaurant_owner_id];
    case "partner": {
      if (!order.delivery_partner_id) return [];
      const partner = await deps.db.delivery_partners.get(order.delivery_partner_id);
      return partner ? [partner.user_id] : [];
    }
    case "ops":
      return settings.opsUserIds;
  }
}

const STOPPED = new Set(["cancelled", "rejected", "expired", "payment_failed"]);

/** Template variables from the order as it is now (texts are rendered once, when the row is first written). */
export async function varsFor(deps: Deps, order: OrderRow, ev: Pick<OrderEventRow, "to_status" | "from_status" | "actor_type">): Promise<TemplateVars> {
  let moneyBack: MoneyBack = { kind: "if_debited" };
  if (STOPPED.has(ev.to_status)) {
    const refund = await deps.db.refunds.get(refundIdFor(order.$id, "cancel"));
    if (refund) moneyBack = { kind: "refund", amountPaise: refund.amount_paise };
    else if (order.payment_method === "cod") moneyBack = { kind: "not_charged" };
    else if (order.payment_status === "voided") moneyBack = { kind: "hold_released" };
  }
  const deadline = order.accept_deadline_at ? Date.parse(order.accept_deadline_at) : null;
  const now = deps.now().getTime();
  return {
    orderNumber: order.order_number,
    restaurantName: order.restaurant_name,
    totalPaise: order.total_paise,
    paymentMethod: order.payment_method,
    itemCount: itemCountOf(order),
    etaAt: order.eta_at ?? null,
    minutesLeft: deadline !== null && deadline > now ? Math.max(1, Math.round((deadline - now) / 60_000)) : null,
    moneyBack,
    cancelledBy: order.cancelled_by ?? (STOPPED.has(ev.to_status) ? ev.actor_type : null),
    cancelReason: order.cancel_reason ?? null,
    afterPickup: ev.from_status === "picked_up",
  };
}

function itemCountOf(order: OrderRow): number {
  try {
    return readDoc(PricedLinesDoc, order.items).reduce((n, l) => n + l.quantity, 0);
  } catch {
    // A snapshot we cannot read must not stop the restaurant hearing about the order.
    return 0;
  }
}

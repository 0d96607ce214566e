// The order figures of §8.1/§8.2 (ops/metrics.json), observed once per committed change of an order's status: the
// transition engine calls this after its transaction commits (a retried or replayed command changes nothing and
// counts nothing), placeOrder for the row it creates.
import { METRICS } from "@chizze/platform/observability/metrics";
import type { Deps } from "../deps";
import type { OrderRow } from "../delivery/partner";

type Observed = Pick<OrderRow, "status" | "restaurant_id" | "payment_method" | "total_paise" | "placed_at" | "paid_at" | "accepted_at" | "delivered_at">;

const seconds = (fromIso: string | null, toIso: string | null): number | null => {
  if (!fromIso || !toIso) return null;
  const s = (Date.parse(toIso) - Date.parse(fromIso)) / 1000;
  return Number.isFinite(s) && s >= 0 ? s : null;
};

/** The order entered `order.status` (it was created in it, or a transition moved it there). */
export function observeOrderEntered(deps: Deps, order: Observed): void {
  const m = deps.metrics;
  m.counter(METRICS.ordersTotal.name, { status: order.status });
  // Time on the restaurant's and the customer's clock starts when the order is placed: paid, or COD placed.
  const placedAt = order.paid_at ?? order.placed_at;
  switch (order.status) {
    case "placed":
      m.counter(METRICS.orderValuePaiseTotal.name, { payment_method: order.payment_method }, order.total_paise);
      m.counter(METRICS.restaurantOrdersTotal.name, { restaurant_id: order.restaurant_id });
      break;
    case "accepted": {
      const s = seconds(placedAt, order.accepted_at);
      if (s !== null) m.histogram(METRICS.orderAcceptDuration.name, s);
      break;
    }
    case "delivered": {
      const s = seconds(placedAt, order.delivered_at);
      if (s !== null) m.histogram(METRICS.deliveryDuration.name, s);
      break;
    }
    default:
      break;
  }
}

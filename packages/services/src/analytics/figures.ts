// The figures themselves, from order rows (selected columns) and reviews. Pure: recomputed from scratch on every run,
// so a re-run gives the same numbers and a crashed run loses nothing.
//
// Where the instants live: every transition writes its timestamp column on the order (accepted_at, ready_at,
// partner_assigned_at, delivered_at, cancelled_at, paid_at) in the same transaction as its order_events row, so the
// columns are the events' times without reading ~8 event rows per order. The promised ETA is not kept (eta_at moves
// after pickup and is cleared on delivery); it is what the kitchen's accept promised: accepted_at + core
// estimateEtaMin(prep_minutes, distance) — the formula the accept used to set eta_at (orders/kitchen.ts).
import { DEFAULT_DISPATCH_CONFIG, DEFAULT_ETA_CONFIG, estimateEtaMin } from "@chizze/core";
import type { CancelReason, OrderStatus, PaymentMethod } from "@chizze/schema/enums";
import { dispatchDueAt } from "../dispatch/rules";

/** The order columns analytics reads (Query.select). */
export const ORDER_COLUMNS = [
  "$id",
  "restaurant_id",
  "status",
  "payment_method",
  "placed_at",
  "paid_at",
  "accepted_at",
  "prep_minutes",
  "ready_at",
  "partner_assigned_at",
  "delivered_at",
  "cancelled_at",
  "cancel_reason",
  "item_total_paise",
  "distance_m",
] as const;

export interface OrderFacts {
  $id: string;
  restaurant_id: string;
  status: OrderStatus;
  payment_method: PaymentMethod;
  placed_at: string;
  paid_at?: string | null;
  accepted_at?: string | null;
  prep_minutes?: number | null;
  ready_at?: string | null;
  partner_assigned_at?: string | null;
  delivered_at?: string | null;
  cancelled_at?: string | null;
  cancel_reason?: CancelReason | null;
  item_total_paise: number;
  distance_m: number;
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);
const STOPPED: ReadonlySet<OrderStatus> = new Set(["cancelled", "rejected", "expired"]);

/**
 * When the restaurant got the order: placement for cash on delivery, the captured payment for online orders. An
 * online order never paid never reached the kitchen and is no order of the restaurant's.
 */
export function receivedAtMs(o: OrderFacts): number | null {
  return o.payment_method === "cod" ? ms(o.placed_at) : ms(o.paid_at);
}

/** What the customer was promised at acceptance (see the file comment); null before acceptance. */
export function promisedAtMs(o: OrderFacts): number | null {
  const accepted = ms(o.accepted_at);
  if (accepted === null || o.prep_minutes == null) return null;
  const minutes = estimateEtaMin({ prepRemainingMin: o.prep_minutes, riderToRestaurantM: null, restaurantToCustomerM: o.distance_m, vehicle: "motorcycle" }, DEFAULT_ETA_CONFIG);
  return accepted + minutes * 60_000;
}

/** When matching became due (dispatch/rules dispatchDueAt, the same start the match-duration metric measures from). */
export function dispatchDueMs(o: OrderFacts): number | null {
  if (!o.accepted_at) return null;
  return dispatchDueAt({ accepted_at: o.accepted_at, prep_minutes: o.prep_minutes ?? null, ready_at: o.ready_at ?? null, placed_at: o.placed_at }, DEFAULT_DISPATCH_CONFIG).getTime();
}

// ---- per restaurant per day ---------------------------------------------------------------------------

export interface DailyFigures {
  orders_count: number;
  delivered_count: number;
  cancelled_count: number;
  revenue_paise: number;
  avg_prep_sec: number | null;
  /** cancel_reason → count, keys sorted (so equal figures serialise equally). */
  cancellations: Record<string, number>;
  rating_sum: number;
  rating_count: number;
}

export const emptyDaily = (): DailyFigures => ({ orders_count: 0, delivered_count: 0, cancelled_count: 0, revenue_paise: 0, avg_prep_sec: null, cancellations: {}, rating_sum: 0, rating_count: 0 });

/**
 * Per restaurant, the orders of one IST day (placed that day and received by the kitchen): how many, delivered,
 * cancelled (cancelled, rejected, expired) by reason, revenue = item total of the delivered ones, average
 * accepted → ready seconds, and the food ratings of the day's orders.
 */
export function dailyFigures(orders: readonly OrderFacts[], ratings: ReadonlyMap<string, number>): Map<string, DailyFigures> {
  const out = new Map<string, DailyFigures>();
  const prep = new Map<string, { sum: number; n: number }>();
  for (const o of orders) {
    if (receivedAtMs(o) === null) continue;
    const f = out.get(o.restaurant_id) ?? emptyDaily();
    out.set(o.restaurant_id, f);
    f.orders_count++;
    if (o.status === "delivered") {
      f.delivered_count++;
      f.revenue_paise += o.item_total_paise;
    }
    if (STOPPED.has(o.status)) {
      f.cancelled_count++;
      const reason = o.cancel_reason ?? "unspecified";
      f.cancellations[reason] = (f.cancellations[reason] ?? 0) + 1;
    }
    const accepted = ms(o.accepted_at);
    const ready = ms(o.ready_at);
    if (accepted !== null && ready !== null && ready >= accepted) {
      const p = prep.get(o.restaurant_id) ?? { sum: 0, n: 0 };
      p.sum += ready - accepted;
      p.n++;
      prep.set(o.restaurant_id, p);
    }
    const rating = ratings.get(o.$id);
    if (rating !== undefined) {
      f.rating_sum += rating;
      f.rating_count++;
    }
  }
  for (const [rid, f] of out) {
    const p = prep.get(rid);
    f.avg_prep_sec = p ? Math.round(p.sum / p.n / 1000) : null;
    f.cancellations = Object.fromEntries(Object.entries(f.cancellations).sort(([a], [b]) => a.localeCompare(b)));
  }
  return out;
}

// ---- platform SLOs per UTC hour -----------------------------------------------------------------------

export interface SloFigures {
  orders_count: number;
  delivered_count: number;
  cancelled_count: number;
  accept_latency_p50_ms: number | null;
  accept_latency_p95_ms: number | null;
  match_latency_p50_ms: number | null;
  match_latency_p95_ms: number | null;
  eta_abs_error_p50_sec: number | null;
  eta_abs_error_p95_sec: number | null;
  on_time_bps: number | null;
}

/**
 * Exact nearest-rank percentile: the smallest value with at least p % of the values at or below it; null for none.
 * @example percentile([1, 2, 3, 4], 50) // 2
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Columns are bounded (a day in ms, a day in s): a pathological value must not fail the row. */
const cap = (v: number | null, max: number): number | null => (v === null ? null : Math.min(max, Math.max(0, Math.round(v))));

/**
 * One UTC hour [startMs, startMs + 1 h): each figure counts the orders whose own event fell in the hour — received
 * (orders), delivered, cancelled; accept latency = received → accepted for orders accepted in the hour; match
 * latency = due → partner assigned for orders assigned in the hour; ETA error and on-time share for orders
 * delivered in the hour (on time = delivered no later than promised).
 */
export function sloFigures(startMs: number, orders: readonly OrderFacts[]): SloFigures {
  const endMs = startMs + 3_600_000;
  const inHour = (t: number | null): t is number => t !== null && t >= startMs && t < endMs;
  let ordersCount = 0;
  let delivered = 0;
  let cancelled = 0;
  const accept: number[] = [];
  const match: number[] = [];
  const etaErr: number[] = [];
  let onTime = 0;
  let promisedDeliveries = 0;
  for (const o of orders) {
    const received = receivedAtMs(o);
    if (received === null) continue;
    if (inHour(received)) ordersCount++;
    const accepted = ms(o.accepted_at);
    if (inHour(accepted)) accept.push(Math.max(0, accepted - received));
    const assigned = ms(o.partner_assigned_at);
    const due = dispatchDueMs(o);
    if (inHour(assigned) && due !== null) match.push(Math.max(0, assigned - due));
    if (STOPPED.has(o.status) && inHour(ms(o.cancelled_at))) cancelled++;
    const deliveredAt = ms(o.delivered_at);
    if (o.status === "delivered" && inHour(deliveredAt)) {
      delivered++;
      const promised = promisedAtMs(o);
      if (promised !== null) {
        promisedDeliveries++;
        etaErr.push(Math.abs(deliveredAt - promised) / 1000);
        if (deliveredAt <= promised) onTime++;
      }
    }
  }
  const DAY_MS = 86_400_000;
  return {
    orders_count: ordersCount,
    delivered_count: delivered,
    cancelled_count: cancelled,
    accept_latency_p50_ms: cap(percentile(accept, 50), DAY_MS),
    accept_latency_p95_ms: cap(percentile(accept, 95), DAY_MS),
    match_latency_p50_ms: cap(percentile(match, 50), DAY_MS),
    match_latency_p95_ms: cap(percentile(match, 95), DAY_MS),
    eta_abs_error_p50_sec: cap(percentile(etaErr, 50), 86_400),
    eta_abs_error_p95_sec: cap(percentile(etaErr, 95), 86_400),
    on_time_bps: promisedDeliveries === 0 ? null : Math.round((onTime * 10_000) / promisedDeliveries),
  };
}

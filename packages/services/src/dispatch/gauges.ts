// The once-a-minute dispatch gauges of §8.2's delivery dashboard (ops/metrics.json): live orders per dispatch state,
// food waiting at the counter, partners online and fresh. Counted by the sweeper at the end of its run with one count
// query each (Appwrite's `total` over an indexed filter, no rows read).
import { Query } from "node-appwrite";
import { TERMINAL_STATUSES } from "@chizze/core";
import { DISPATCH_STATES, ORDER_STATUSES } from "@chizze/schema/enums";
import { METRICS } from "@chizze/platform/observability/metrics";
import type { Deps } from "../deps";
import { reportGauges, type CountedGauge } from "../gauges";
import type { DispatchSettings } from "./config";

/** Placed and not finished (core's terminal statuses): dispatch may be anywhere from none to at_dropoff. */
const LIVE_STATUSES = ORDER_STATUSES.filter((s) => s !== "awaiting_payment" && !TERMINAL_STATUSES.includes(s));

export async function reportDispatchGauges(deps: Deps, settings: DispatchSettings): Promise<void> {
  const m = deps.metrics;
  const fresh = new Date(deps.now().getTime() - settings.config.locationFreshSec * 1000).toISOString();
  const online = (state: "available" | "on_delivery"): CountedGauge => ({
    name: `partners ${state}`,
    count: () => deps.db.delivery_partners.count([Query.equal("is_online", true), Query.equal("is_on_delivery", state === "on_delivery"), Query.greaterThanEqual("last_seen_at", fresh)]),
    report: (n) => m.gauge(METRICS.deliveryPartnersOnline.name, n, { state }),
  });
  await reportGauges(deps, [
    ...DISPATCH_STATES.map(
      (state): CountedGauge => ({
        name: `dispatch ${state}`,
        count: () => deps.db.orders.count([Query.equal("dispatch_state", state), Query.equal("status", LIVE_STATUSES)]),
        report: (n) => m.gauge(METRICS.dispatchOrders.name, n, { dispatch_state: state }),
      }),
    ),
    { name: "waiting pickup", count: () => deps.db.orders.count([Query.equal("status", "ready")]), report: (n) => m.gauge(METRICS.ordersWaitingPickup.name, n) },
    online("available"),
    online("on_delivery"),
  ]);
}

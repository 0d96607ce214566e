// The table registry: every table of the `chizze` database, keyed by its Appwrite table id.
import type { Table } from "./dsl";
import { addresses } from "./tables/addresses";
import { analyticsDaily } from "./tables/analytics_daily";
import { analyticsSlo } from "./tables/analytics_slo";
import { appConfig } from "./tables/app_config";
import { archives } from "./tables/archives";
import { counters } from "./tables/counters";
import { couponRedemptions } from "./tables/coupon_redemptions";
import { coupons } from "./tables/coupons";
import { cuisines } from "./tables/cuisines";
import { deliveryLocations } from "./tables/delivery_locations";
import { deliveryPartners } from "./tables/delivery_partners";
import { dispatchOffers } from "./tables/dispatch_offers";
import { favorites } from "./tables/favorites";
import { featureFlags } from "./tables/feature_flags";
import { idempotencyKeys } from "./tables/idempotency_keys";
import { invoices } from "./tables/invoices";
import { jobRuns } from "./tables/job_runs";
import { ledgerEntries } from "./tables/ledger_entries";
import { menuCategories } from "./tables/menu_categories";
import { menuItems } from "./tables/menu_items";
import { notifications } from "./tables/notifications";
import { orderEvents } from "./tables/order_events";
import { orders } from "./tables/orders";
import { paymentEvents } from "./tables/payment_events";
import { payments } from "./tables/payments";
import { payouts } from "./tables/payouts";
import { profiles } from "./tables/profiles";
import { quotes } from "./tables/quotes";
import { refunds } from "./tables/refunds";
import { restaurants } from "./tables/restaurants";
import { reviews } from "./tables/reviews";
import { zones } from "./tables/zones";

export const DATABASE_ID = "chizze";

/** Every table, keyed by its Appwrite table id: `T.orders.row.parse(…)`, `T.orders.id`. */
export const T = {
  profiles,
  addresses,
  favorites,
  zones,
  cuisines,
  restaurants,
  menu_categories: menuCategories,
  menu_items: menuItems,
  quotes,
  orders,
  order_events: orderEvents,
  payments,
  payment_events: paymentEvents,
  refunds,
  ledger_entries: ledgerEntries,
  coupons,
  coupon_redemptions: couponRedemptions,
  delivery_partners: deliveryPartners,
  dispatch_offers: dispatchOffers,
  delivery_locations: deliveryLocations,
  reviews,
  notifications,
  payouts,
  invoices,
  counters,
  analytics_daily: analyticsDaily,
  analytics_slo: analyticsSlo,
  feature_flags: featureFlags,
  app_config: appConfig,
  idempotency_keys: idempotencyKeys,
  job_runs: jobRuns,
  archives,
} as const;

export type TableId = keyof typeof T;

/** All tables in push order (catalog first, then orders and money, then operations). */
export const tables: readonly Table[] = Object.values(T);

export {
  addresses,
  analyticsDaily,
  analyticsSlo,
  appConfig,
  archives,
  counters,
  couponRedemptions,
  coupons,
  cuisines,
  deliveryLocations,
  deliveryPartners,
  dispatchOffers,
  favorites,
  featureFlags,
  idempotencyKeys,
  invoices,
  jobRuns,
  ledgerEntries,
  menuCategories,
  menuItems,
  notifications,
  orderEvents,
  orders,
  paymentEvents,
  payments,
  payouts,
  profiles,
  quotes,
  refunds,
  restaurants,
  reviews,
  zones,
};

// Read by: the partner themself (row permission) and admins. Customers see only a name and masked phone via
// functions. The Redis GEO index is the fast path for matching; this table is the truth (I11): the active
// assignment is a conditional update of is_on_delivery/active_order_id.
import { ADMIN_READ } from "../access";
import { PHONE_PATTERN } from "../documents";
import { boolean, datetime, defineTable, double, enumeration, id, idx, integer, latitude, longitude, paise, string } from "../dsl";
import { KYC_STATUSES, VEHICLE_TYPES } from "../enums";
import { RAZORPAY_ACCOUNT_PATTERN } from "./restaurants";

export const deliveryPartners = defineTable({
  id: "delivery_partners",
  name: "Delivery partners",
  description: "Riders: availability, last position, quality figures, KYC.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    user_id: id({ required: true }),
    name: string(128, { required: true }),
    phone: string(16, { required: true, pattern: PHONE_PATTERN }),
    vehicle: enumeration(VEHICLE_TYPES, { required: true }),
    vehicle_number: string(16),
    city: string(80, { required: true }),
    zone_id: id(),
    is_active: boolean({ default: true, description: "false = blocked by admins" }),
    is_online: boolean({ default: false }),
    is_on_delivery: boolean({ default: false }),
    active_order_id: id(),
    last_lat: latitude(),
    last_lng: longitude(),
    last_seen_at: datetime(),
    rating: double({ min: 0, max: 5, default: 0 }),
    rating_count: integer({ min: 0, default: 0 }),
    acceptance_rate_bps: integer({ min: 0, max: 10_000, default: 10_000 }),
    offers_received: integer({ min: 0, default: 0 }),
    offers_accepted: integer({ min: 0, default: 0 }),
    deliveries_completed: integer({ min: 0, default: 0 }),
    cod_cash_held_paise: paise({ default: 0, description: "Cash collected and not yet deposited" }),
    kyc_status: enumeration(KYC_STATUSES, { default: "pending" }),
    razorpay_account_id: string(18, { pattern: RAZORPAY_ACCOUNT_PATTERN, description: "Razorpay Route linked account (acc_…) that earnings are transferred to; null = payouts held" }),
  },
  indexes: [
    idx.unique("uniq_user", ["user_id"]),
    idx.key("idx_available", ["is_online", "is_on_delivery"]),
    idx.key("idx_city_available", ["city", "is_online", "is_on_delivery"]),
    idx.key("idx_active_order", ["active_order_id"]),
  ],
});

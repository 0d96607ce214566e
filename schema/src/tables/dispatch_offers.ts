// Read by: the partner the offer is made to (row permission; GET /delivery/offers) and admins. Row id =
// h(order_id, round), and [order_id, round] is unique: one offer per round even if two sweepers run.
import { ADMIN_READ } from "../access";
import { datetime, defineTable, double, enumeration, id, idx, integer, paise, string } from "../dsl";
import { OFFER_STATUSES } from "../enums";

export const dispatchOffers = defineTable({
  id: "dispatch_offers",
  name: "Dispatch offers",
  description: "Offers of an order to one partner at a time, with a timeout.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    order_id: id({ required: true }),
    partner_id: id({ required: true }),
    round: integer({ required: true, min: 1, max: 1_000 }),
    status: enumeration(OFFER_STATUSES, { required: true }),
    offered_at: datetime({ required: true }),
    expires_at: datetime({ required: true }),
    responded_at: datetime(),
    distance_m: integer({ required: true, min: 0, max: 100_000, description: "Partner → restaurant" }),
    pickup_eta_sec: integer({ min: 0, max: 86_400 }),
    score: double({ required: true, min: -1_000_000, max: 1_000_000 }),
    earnings_paise: paise({ description: "What the partner earns if they accept (shown on the offer)" }),
    reject_reason: string(64),
  },
  indexes: [
    idx.unique("uniq_order_round", ["order_id", "round"]),
    idx.key("idx_partner_status", ["partner_id", "status"]),
    idx.key("idx_status_expires", ["status", "expires_at"]),
  ],
});

// Read by: the payee's user (row permission: the restaurant owner or the partner) and admins. One payout per
// payee and period; idempotency_key = payee + period, so a re-run of the payout job cannot pay twice.
import { ADMIN_READ } from "../access";
import { RAZORPAY_ID_PATTERN } from "../documents";
import { datetime, defineTable, desc, enumeration, id, idx, integer, paise, string } from "../dsl";
import { PAYEE_TYPES, PAYOUT_STATUSES } from "../enums";

export const payouts = defineTable({
  id: "payouts",
  name: "Payouts",
  description: "Settlements to restaurants and partners (Razorpay Route transfers), with TDS.",
  rowSecurity: true,
  permissions: [...ADMIN_READ],
  columns: {
    payee_type: enumeration(PAYEE_TYPES, { required: true }),
    payee_id: id({ required: true, description: "restaurants or delivery_partners row id" }),
    period_start: datetime({ required: true }),
    period_end: datetime({ required: true }),
    gross_paise: paise({ required: true }),
    commission_paise: paise({ required: true }),
    tds_paise: paise({ required: true, description: "Income-tax TDS withheld (s.194-O / 194C)" }),
    adjustment_paise: paise({ signed: true, default: 0, description: "Manual corrections, may be negative" }),
    net_paise: paise({ required: true }),
    entry_count: integer({ min: 0, default: 0 }),
    idempotency_key: string(64, { required: true }),
    razorpay_transfer_id: string(40, { pattern: RAZORPAY_ID_PATTERN }),
    status: enumeration(PAYOUT_STATUSES, { required: true }),
    created_at: datetime({ required: true }),
    processed_at: datetime(),
    failure_reason: string(255),
  },
  indexes: [
    idx.unique("uniq_idempotency", ["idempotency_key"]),
    idx.key("idx_payee_period", ["payee_type", "payee_id", desc("period_start")]),
    idx.key("idx_status", ["status"]),
  ],
});

// Read by: admins only; restaurants and partners see their earnings through functions (GET /delivery/earnings).
// Double entry: every transaction's debits equal its credits. Unique [txn_id, account, kind] makes a retried
// posting a 409 instead of a second entry. Never updated except to stamp payout_id.
import { ADMIN_READ } from "../access";
import { datetime, defineTable, desc, enumeration, id, idx, paise, string } from "../dsl";
import { LEDGER_DIRECTIONS, LEDGER_FIXED_ACCOUNTS, LEDGER_KINDS, LEDGER_OWNED_ACCOUNT_PREFIXES } from "../enums";

/** `customer`, `platform_fees` … or `restaurant:<id>`, `partner:<id>`, `cod_cash:<partnerId>`. */
export const LEDGER_ACCOUNT_PATTERN = new RegExp(
  `^(?:${LEDGER_FIXED_ACCOUNTS.join("|")}|(?:${LEDGER_OWNED_ACCOUNT_PREFIXES.join("|")}):[A-Za-z0-9][A-Za-z0-9._-]{0,35})$`,
);

export const ledgerEntries = defineTable({
  id: "ledger_entries",
  name: "Ledger entries",
  description: "Double-entry money movements per order, payout and adjustment.",
  rowSecurity: false,
  permissions: [...ADMIN_READ],
  columns: {
    txn_id: string(64, { required: true, description: "Deterministic: e.g. capture:<paymentId>, refund:<refundId>, payout:<payoutId>" }),
    order_id: id(),
    account: string(48, { required: true, pattern: LEDGER_ACCOUNT_PATTERN }),
    direction: enumeration(LEDGER_DIRECTIONS, { required: true }),
    amount_paise: paise({ required: true }),
    kind: enumeration(LEDGER_KINDS, { required: true }),
    payout_id: id({ description: "Set when a payout settles this entry" }),
    memo: string(200),
    at: datetime({ required: true }),
  },
  indexes: [
    idx.unique("uniq_txn_account_kind", ["txn_id", "account", "kind"]),
    idx.key("idx_account_at", ["account", desc("at")]),
    idx.key("idx_order", ["order_id"]),
    idx.key("idx_payout", ["payout_id"]),
  ],
});

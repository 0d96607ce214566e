// ledger_entries rows of a partner ⇄ the API's EarningsEntry. The ledger's kinds are the books' (core ledger.ts); the
// app's are what a rider recognises on a statement.
import type { z } from "zod";
import type { Row } from "@chizze/schema";
import type { EarningsEntry } from "@chizze/contracts/api/delivery";
import { isoUtc } from "../time";

type LedgerRow = Row<"ledger_entries">;
export type EarningsKind = z.infer<typeof EarningsEntry>["kind"];

/**
 * partner_fee → delivery_fee, tip → tip, payout → payout; cod_cash on the partner's account is COD cash they kept,
 * offset against what they are owed (core codNettingTxn) — money received, so shown as a payout. The ledger has one
 * signed `adjustment` kind: credits are incentives, debits penalties. Anything else is an adjustment.
 */
export function earningsKindOf(row: Pick<LedgerRow, "kind" | "direction">): EarningsKind {
  switch (row.kind) {
    case "partner_fee":
      return "delivery_fee";
    case "tip":
      return "tip";
    case "payout":
    case "cod_cash":
      return "payout";
    case "adjustment":
      return row.direction === "credit" ? "incentive" : "penalty";
    default:
      return "adjustment";
  }
}

const DESCRIPTIONS: Record<EarningsKind, string> = {
  delivery_fee: "Delivery earnings",
  tip: "Tip from the customer",
  incentive: "Incentive",
  adjustment: "Adjustment",
  penalty: "Deduction",
  payout: "Payout",
};

export function toEarningsEntry(row: LedgerRow): z.infer<typeof EarningsEntry> {
  const kind = earningsKindOf(row);
  const description = row.memo ?? (row.kind === "cod_cash" ? "COD cash kept, offset against earnings" : DESCRIPTIONS[kind]);
  return { id: row.$id, kind, direction: row.direction, amountPaise: row.amount_paise, orderId: row.order_id, description, at: isoUtc(row.at) };
}

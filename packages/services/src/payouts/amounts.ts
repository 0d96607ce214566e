// What a payout pays, from the ledger entries it covers (pure). The restaurant's settlement credit is already net
// of commission, GST on the commission and TDS (core settlementTxn); the report shows those lines, so they are
// read back from the same settlement transaction: gross = share + commission + GST on commission + TDS. Debits on
// the payee's account other than payouts (refunds the restaurant bears, penalties) and manual adjustments are
// `adjustment`. The net is always Σcredits − Σdebits of the covered entries, to the paisa.
import { DEFAULT_LEDGER_CONFIG, percentOfBps } from "@chizze/core";
import type { LedgerDirection, LedgerKind, PayeeType } from "@chizze/schema/enums";

export interface CoveredEntry {
  txn_id: string;
  order_id: string | null;
  direction: LedgerDirection;
  amount_paise: number;
  kind: LedgerKind;
  at: string;
}

/** Commission and TDS the platform took in one settlement transaction (settle:<order> / retain:<order>). */
export interface Deductions {
  commissionPaise: number;
  tdsPaise: number;
}

export interface PayoutLine {
  grossPaise: number;
  commissionPaise: number;
  commissionGstPaise: number;
  tdsPaise: number;
  adjustmentPaise: number;
  netPaise: number;
}

export interface OrderLine extends PayoutLine {
  orderId: string;
}

export interface PayoutAmounts extends PayoutLine {
  entryCount: number;
  /** Earliest covered entry (null when none). */
  firstAt: string | null;
  /** Per order, in order of first appearance; entries without an order only count in the totals. */
  orders: OrderLine[];
}

const zero = (): PayoutLine => ({ grossPaise: 0, commissionPaise: 0, commissionGstPaise: 0, tdsPaise: 0, adjustmentPaise: 0, netPaise: 0 });

const signed = (e: Pick<CoveredEntry, "direction" | "amount_paise">): number => (e.direction === "credit" ? e.amount_paise : -e.amount_paise);

/** Kinds that are the payee's earnings (gross) rather than adjustments. */
const EARNING_KINDS: Record<PayeeType, ReadonlySet<LedgerKind>> = {
  restaurant: new Set(["restaurant_share"]),
  partner: new Set(["partner_fee", "tip"]),
};

/** Settlement transactions whose commission and TDS must be looked up for a restaurant's share entries. */
export function settlementTxnsOf(payeeType: PayeeType, entries: readonly CoveredEntry[]): string[] {
  if (payeeType !== "restaurant") return [];
  return [...new Set(entries.filter((e) => e.kind === "restaurant_share").map((e) => e.txn_id))];
}

/**
 * Totals and per-order lines of the entries a payout covers. Payout postings themselves (kind `payout`) are not
 * part of what is paid and are skipped. `deductions` must hold every txn of settlementTxnsOf (missing → 0).
 * @example summarise("restaurant", entries, new Map([["settle:ord_1", { commissionPaise: 4_000, tdsPaise: 21 }]]))
 */
export function summarise(payeeType: PayeeType, entries: readonly CoveredEntry[], deductions: ReadonlyMap<string, Deductions>, commissionGstBps = DEFAULT_LEDGER_CONFIG.commissionGstBps): PayoutAmounts {
  const total = zero();
  const byOrder = new Map<string, OrderLine>();
  let entryCount = 0;
  let firstAt: string | null = null;
  for (const e of entries) {
    if (e.kind === "payout") continue;
    entryCount++;
    if (firstAt === null || Date.parse(e.at) < Date.parse(firstAt)) firstAt = e.at;
    const line = zero();
    const amount = signed(e);
    if (EARNING_KINDS[payeeType].has(e.kind)) {
      const d = e.kind === "restaurant_share" ? deductions.get(e.txn_id) : undefined;
      line.commissionPaise = d?.commissionPaise ?? 0;
      line.commissionGstPaise = percentOfBps(line.commissionPaise, commissionGstBps);
      line.tdsPaise = d?.tdsPaise ?? 0;
      line.grossPaise = amount + line.commissionPaise + line.commissionGstPaise + line.tdsPaise;
    } else {
      line.adjustmentPaise = amount;
    }
    line.netPaise = amount;
    add(total, line);
    if (e.order_id) {
      const o = byOrder.get(e.order_id) ?? { orderId: e.order_id, ...zero() };
      add(o, line);
      byOrder.set(e.order_id, o);
    }
  }
  return { ...total, entryCount, firstAt, orders: [...byOrder.values()] };
}

function add(into: PayoutLine, l: PayoutLine): void {
  into.grossPaise += l.grossPaise;
  into.commissionPaise += l.commissionPaise;
  into.commissionGstPaise += l.commissionGstPaise;
  into.tdsPaise += l.tdsPaise;
  into.adjustmentPaise += l.adjustmentPaise;
  into.netPaise += l.netPaise;
}

/**
 * GST on commission as the payout row implies it (the row has no column for it): gross − commission − TDS +
 * adjustment − net.
 */
export function commissionGstOf(row: { gross_paise: number; commission_paise: number; tds_paise: number; adjustment_paise: number | null; net_paise: number }): number {
  return row.gross_paise - row.commission_paise - row.tds_paise + (row.adjustment_paise ?? 0) - row.net_paise;
}

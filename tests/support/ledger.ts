// An order's ledger entries regrouped into core's transactions, so tests can check balances with core `balances`.
import { Query } from "node-appwrite";
import type { LedgerTxn } from "@chizze/core";
import type { LedgerAccount } from "@chizze/schema/enums";
import type { Db } from "@chizze/services/deps";

export async function ledgerOf(db: Db, orderId: string): Promise<LedgerTxn[]> {
  const rows = (await db.ledger_entries.list([Query.equal("order_id", orderId)], { limit: 100 })).rows;
  const byTxn = new Map<string, LedgerTxn>();
  for (const r of rows) {
    const t = byTxn.get(r.txn_id) ?? { txnId: r.txn_id, orderId, postings: [] };
    t.postings.push({ account: r.account as LedgerAccount, direction: r.direction, amountPaise: r.amount_paise, kind: r.kind });
    byTxn.set(r.txn_id, t);
  }
  return [...byTxn.values()];
}

// Ledger reads and writes of the payout job: which entries are due, which a payout covers, the settlement lines
// behind them, and the payout's own postings. Entries are linked to a payout through ledger_entries.payout_id
// (the only column ever changed on a ledger row): an entry with a payout id is paid or on its way; releasing a
// failed payout sets it back to null so the next run pays it again.
import { Query } from "node-appwrite";
import { DATABASE_ID, T, type Row } from "@chizze/schema";
import type { LedgerAccount } from "@chizze/schema/enums";
import { ledgerEntryIdFor, ledgerTxnId, toLedgerRows, type LedgerTxn } from "@chizze/core";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import type { Tx } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import type { Deductions } from "./amounts";

export type LedgerRow = Row<"ledger_entries">;

const PAGE = 100;
/** 100 pages of 100: far beyond a day of one payee; a bigger backlog is a bug to look at, not to page through. */
const MAX_PAGES = 1_000;

async function all(deps: Deps, queries: string[], what: string): Promise<LedgerRow[]> {
  const out: LedgerRow[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await deps.db.ledger_entries.list(queries, { limit: PAGE, cursor });
    out.push(...res.rows);
    cursor = res.nextCursor;
    if (!cursor) return out;
  }
  throw new Error(`${what}: more than ${MAX_PAGES * PAGE} ledger entries`);
}

const dueQueries = (account: LedgerAccount, periodEndIso: string): string[] => [
  Query.equal("account", account),
  Query.isNull("payout_id"),
  Query.lessThan("at", periodEndIso),
];

/** Entries of `account` not linked to any payout and posted before the period end. */
export function dueEntries(deps: Deps, account: LedgerAccount, periodEndIso: string): Promise<LedgerRow[]> {
  return all(deps, [...dueQueries(account, periodEndIso), Query.orderAsc("at")], `due entries of ${account}`);
}

/** Entries linked to a payout (its covered entries and, once posted, its own payout postings). */
export function entriesOfPayout(deps: Deps, payoutId: string): Promise<LedgerRow[]> {
  return all(deps, [Query.equal("payout_id", payoutId), Query.orderAsc("at")], `entries of payout ${payoutId}`);
}

/**
 * Owned accounts (`restaurant:…` or `partner:…`) with unpaid entries before the period end, in account order.
 * Reads only the account column; one page per 100 entries.
 */
export async function accountsWithDueEntries(deps: Deps, prefix: "restaurant:" | "partner:", periodEndIso: string): Promise<string[]> {
  const accounts = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES * 10; page++) {
    const res = await deps.db.ledger_entries.list(
      [Query.startsWith("account", prefix), Query.isNull("payout_id"), Query.lessThan("at", periodEndIso), Query.orderAsc("account")],
      { limit: PAGE, cursor },
    );
    for (const r of res.rows) accounts.add(r.account);
    cursor = res.nextCursor;
    if (!cursor) return [...accounts];
  }
  throw new Error(`too many unpaid ${prefix} entries to scan in one run`);
}

/**
 * Links every due entry of `account` to `payoutId` (one bulk update; re-running it links what is left, so a crash
 * half-way is finished by the next run). The lease (lease.ts) keeps two runs from linking the same account.
 */
export async function linkDueEntries(deps: Deps, account: LedgerAccount, periodEndIso: string, payoutId: string): Promise<void> {
  await appwriteCall("link ledger entries to payout", () =>
    deps.tablesDB.updateRows({ databaseId: DATABASE_ID, tableId: T.ledger_entries.id, data: { payout_id: payoutId }, queries: dueQueries(account, periodEndIso) }),
  );
}

/** Unlinks what a failed payout covered (not its own payout postings, which stay with it and net to zero). */
export async function releaseEntries(deps: Deps, payoutId: string): Promise<void> {
  await appwriteCall("release payout entries", () =>
    deps.tablesDB.updateRows({
      databaseId: DATABASE_ID,
      tableId: T.ledger_entries.id,
      data: { payout_id: null },
      queries: [Query.equal("payout_id", payoutId), Query.notEqual("kind", "payout")],
    }),
  );
}

/**
 * Commission and TDS of settlement transactions, read by the deterministic ids of their platform_commission and
 * tds_payable rows (core settlementTxn posts exactly these).
 */
export async function deductionsOf(deps: Deps, txnIds: readonly string[]): Promise<Map<string, Deductions>> {
  const out = new Map<string, Deductions>(txnIds.map((t) => [t, { commissionPaise: 0, tdsPaise: 0 }]));
  const wanted = new Map<string, { txn: string; field: keyof Deductions }>();
  for (const t of txnIds) {
    wanted.set(ledgerEntryIdFor(t, "platform_commission", "commission"), { txn: t, field: "commissionPaise" });
    wanted.set(ledgerEntryIdFor(t, "tds_payable", "tds"), { txn: t, field: "tdsPaise" });
  }
  const ids = [...wanted.keys()];
  for (let i = 0; i < ids.length; i += PAGE) {
    const res = await deps.db.ledger_entries.list([Query.equal("$id", ids.slice(i, i + PAGE))], { limit: PAGE });
    for (const r of res.rows) {
      const w = wanted.get(r.$id);
      const d = w && out.get(w.txn);
      // Credits to the platform's accounts are what it took from the settlement.
      if (w && d) d[w.field] += r.direction === "credit" ? r.amount_paise : -r.amount_paise;
    }
  }
  return out;
}

/** Stage a payout transaction's rows, linked to the payout (deterministic ids: posting twice fails the commit). */
export function stagePayoutLedger(tx: Tx, txn: LedgerTxn, at: Date, payoutId: string): void {
  for (const r of toLedgerRows(txn, at)) {
    tx.create(T.ledger_entries, r.id, { txn_id: r.txn_id, order_id: null, account: r.account, direction: r.direction, amount_paise: r.amount_paise, kind: r.kind, payout_id: payoutId, memo: `payout ${payoutId}`, at: r.at });
  }
}

/**
 * A transfer that came back (failed or reversed after it was recorded): the payout posting undone — the payee is
 * owed the amount again, Razorpay's balance has it back.
 * @example payoutReversalTxn({ payoutId: "pyo_1", account: "restaurant:rst_1", amountPaise: 120_000 })
 */
export function payoutReversalTxn(i: { payoutId: string; account: LedgerAccount; amountPaise: number }): LedgerTxn {
  return {
    txnId: ledgerTxnId("adjust", `payout_reversal:${i.payoutId}`),
    orderId: null,
    postings: [
      { account: i.account, direction: "credit", amountPaise: i.amountPaise, kind: "payout" },
      { account: "razorpay_clearing", direction: "debit", amountPaise: i.amountPaise, kind: "payout" },
    ],
  };
}

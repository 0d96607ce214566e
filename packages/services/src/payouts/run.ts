// The daily payout run (functions/payouts-run, 02:30 IST): restaurant settlements and partner earnings from the
// ledger, paid by Razorpay Route transfers, each exactly once. README.md explains the states and why.
//
// A payout moves pending → processing → processed, or → failed (released: its entries are due again):
//   pending     row written (id from payee + period), due ledger entries linked to it, amounts from those entries;
//               stays pending while the payee cannot be paid (no linked account, KYC) — the report says why.
//   processing  amounts final; the transfer is being created. A run finding one without a recorded transfer
//               first looks for it at Razorpay (notes.payout_id), and creates it only when there is none.
//   processed   transfer recorded, payout posting in the ledger (payee D / razorpay_clearing C).
//   failed      Razorpay refused the transfer, or it failed or was reversed later: the payout posting (if any) is
//               undone and the covered entries are released, so this or the next run pays them again, once.
import { Query } from "node-appwrite";
import { z } from "zod";
import { T, rowPermissions, type Row } from "@chizze/schema";
import { payoutTxn } from "@chizze/core";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import { Conflict, GatewayError } from "@chizze/platform/errors";
import type { GatewayTransfer, PaymentGateway } from "@chizze/platform/razorpay/gateway";
import type { Deps } from "../deps";
import { paymentGateway } from "../payments/gateway";
import { settlementTxnsOf, summarise, type PayoutAmounts } from "./amounts";
import { accountOf, payeeOfAccount, payoutIdFor, payoutKey, payoutPeriodFor, periodDateOf, type Payee, type PayoutPeriod } from "./period";
import { accountsWithDueEntries, deductionsOf, dueEntries, entriesOfPayout, linkDueEntries, payoutReversalTxn, releaseEntries, stagePayoutLedger, type LedgerRow } from "./ledger";
import { acquireLease, releaseLease } from "./lease";
import { payeeTarget } from "./payee";
import { emptyTransferIndex, isReturned, scanTransfers, type TransferIndex } from "./transfers";

export type PayoutRow = Row<"payouts">;

/** The function's own variables (functions/payouts-run). */
export const payoutsEnv = z.object({
  PAYOUT_RECONCILE_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  /** Reliability tests only (ignored in production): `exit_after_transfer` kills the runtime right after a transfer is created. */
  PAYOUTS_FAULT: z
    .enum(["exit_after_transfer"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** The function's timeout (manifest) plus a margin: after this a crashed run is certainly gone. */
export const PAYOUTS_LEASE_MS = (900 + 120) * 1000;
/** Transfers are looked for from this long before the payout row was written (clock skew between us and Razorpay). */
const SCAN_MARGIN_MS = 15 * 60_000;

export interface PayoutRunOptions {
  /** Processed payouts younger than this are checked for failed or reversed transfers. */
  reconcileDays: number;
  leaseMs?: number;
  /** Fault injection for reliability tests: runs after a transfer is created and before it is recorded. */
  afterTransferCreated?: (payoutId: string, transferId: string) => void | Promise<void>;
}

export interface PayoutRunReport {
  period: PayoutPeriod;
  /** Set when another run holds the lease: this run did nothing. */
  skipped: { heldUntil: string } | null;
  created: number;
  transfersCreated: number;
  /** Transfers found at Razorpay for payouts a crashed run left in processing. */
  recovered: number;
  processed: number;
  paidPaise: number;
  held: number;
  failed: number;
  /** Payees whose due balance is zero or negative (a clawback): nothing paid, the balance waits. */
  carriedForward: number;
  /** Transfers whose outcome is unknown (Razorpay unreachable): the next run looks them up. */
  deferred: number;
}

interface Run {
  deps: Deps;
  gateway: PaymentGateway;
  period: PayoutPeriod;
  opts: PayoutRunOptions;
  report: PayoutRunReport;
  index: TransferIndex;
  /** Transfers created before this instant are in `index`. */
  indexFromMs: number;
}

/**
 * Pays every payee whose due ledger balance is positive, after reconciling earlier payouts. Idempotent and
 * crash-safe: see the file header and README.md.
 */
export async function runPayouts(deps: Deps, opts: PayoutRunOptions): Promise<PayoutRunReport> {
  const period = payoutPeriodFor(deps.now());
  const report: PayoutRunReport = { period, skipped: null, created: 0, transfersCreated: 0, recovered: 0, processed: 0, paidPaise: 0, held: 0, failed: 0, carriedForward: 0, deferred: 0 };
  const lease = await acquireLease(deps, `payouts:${period.date}`, opts.leaseMs ?? PAYOUTS_LEASE_MS);
  if (!lease.acquired) {
    const skipped = { ...report, skipped: { heldUntil: lease.heldUntil } };
    deps.log.warn("payout run skipped: another run holds the lease", { runKey: lease.runKey, report: skipped });
    return skipped;
  }
  const run: Run = { deps, gateway: paymentGateway(deps), period, opts, report, index: emptyTransferIndex(), indexFromMs: Number.POSITIVE_INFINITY };
  try {
    await reconcile(run);
    await payDue(run);
  } catch (err) {
    await releaseLease(deps, lease, { processed: report.processed, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  await releaseLease(deps, lease, { processed: report.processed });
  // The whole report on one line: a scheduled execution keeps no response body, the log is what operators read.
  deps.log.info("payout run finished", { report });
  return report;
}

// ---- reconcile: earlier payouts first, so what they release is paid in this run --------------------------

async function reconcile(run: Run): Promise<void> {
  const { deps } = run;
  const now = deps.now().getTime();
  const open = await payoutsWhere(deps, [Query.equal("status", ["pending", "processing"]), Query.orderAsc("created_at")]);
  const recent = await payoutsWhere(deps, [Query.equal("status", "processed"), Query.greaterThanEqual("processed_at", new Date(now - run.opts.reconcileDays * 86_400_000).toISOString())]);
  const unreleased = await payoutsWhere(deps, [Query.equal("status", "failed"), Query.greaterThan("entry_count", 0)]);

  const toLookUp = [...open.filter((p) => p.status === "processing"), ...recent];
  if (toLookUp.length > 0) await indexTransfers(run, Math.min(...toLookUp.map((p) => Date.parse(p.created_at))));

  for (const p of recent) {
    const t = await transferById(run, p.razorpay_transfer_id);
    if (!t) continue;
    if (isReturned(t)) await fail(run, p, `transfer ${t.id} ${t.status}`);
    else if ((t.amount_reversed ?? 0) > 0) deps.log.error("payout transfer partly reversed: needs a manual adjustment entry", { payoutId: p.$id, transferId: t.id, reversedPaise: t.amount_reversed });
  }
  for (const p of unreleased) await release(run, p);
  for (const p of open) await advance(run, p);
}

async function indexTransfers(run: Run, fromMs: number): Promise<void> {
  const from = fromMs - SCAN_MARGIN_MS;
  if (from >= run.indexFromMs) return;
  run.index = await scanTransfers(run.gateway, from, run.deps.now().getTime() + 60_000);
  run.indexFromMs = from;
}

async function transferById(run: Run, id: string | null): Promise<GatewayTransfer | null> {
  if (!id) return null;
  return run.index.byId.get(id) ?? (await run.gateway.fetchTransfer(id));
}

/** Moves an open payout on: finish linking (pending), then the transfer (processing). */
async function advance(run: Run, p: PayoutRow): Promise<void> {
  let row: PayoutRow | null = p;
  let fresh = false;
  if (row.status === "pending") {
    ({ row, fresh } = await finalise(run, row));
  }
  if (row?.status === "processing") await send(run, row, fresh);
}

// ---- new payouts ----------------------------------------------------------------------------------------

async function payDue(run: Run): Promise<void> {
  const { deps, period } = run;
  for (const prefix of ["restaurant:", "partner:"] as const) {
    for (const account of await accountsWithDueEntries(deps, prefix, period.endIso)) {
      const payee = payeeOfAccount(account);
      if (payee) await payPayee(run, payee);
    }
  }
}

async function payPayee(run: Run, payee: Payee): Promise<void> {
  const { deps, period, report } = run;
  // This period's payouts of the payee, by their keys (`<payee>:<date>` and `#n` for the n-th).
  const existing = await payoutsWhere(deps, [Query.startsWith("idempotency_key", payoutKey(payee, period.date, 1))]);
  const open = existing.find((p) => p.status === "pending" || p.status === "processing");
  // A payout of this period is still open (held, or its transfer's outcome unknown): it is the one to move on.
  if (open) return advance(run, open);

  const due = await dueEntries(deps, accountOf(payee), period.endIso);
  const preview = await amountsOf(deps, payee, due);
  if (preview.netPaise <= 0) {
    report.carriedForward++;
    deps.log.info("payout carried forward", { payee, netPaise: preview.netPaise, entries: preview.entryCount });
    return;
  }
  const target = await payeeTarget(deps, payee);
  if (!target) {
    deps.log.error("ledger account of an unknown payee: not paid", { payee });
    return;
  }
  const key = payoutKey(payee, period.date, existing.length + 1);
  const id = payoutIdFor(key);
  let row: PayoutRow;
  try {
    row = await deps.db.payouts.create(
      id,
      {
        payee_type: payee.type,
        payee_id: payee.id,
        period_start: earliest(period.startIso, preview.firstAt),
        period_end: period.endIso,
        ...columnsOf(preview),
        idempotency_key: key,
        razorpay_transfer_id: null,
        status: "pending",
        created_at: deps.now().toISOString(),
        processed_at: null,
        failure_reason: target.holdReason,
      },
      rowPermissions.payout(target.userId),
    );
    report.created++;
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
    const again = await deps.db.payouts.get(id);
    if (!again) throw err;
    row = again;
  }
  await advance(run, row);
}

async function amountsOf(deps: Deps, payee: Payee, entries: readonly LedgerRow[]): Promise<PayoutAmounts> {
  return summarise(payee.type, entries, await deductionsOf(deps, settlementTxnsOf(payee.type, entries)));
}

const columnsOf = (a: PayoutAmounts) => ({
  gross_paise: a.grossPaise,
  // Commission without its GST; the GST is gross − commission − TDS + adjustment − net (amounts.commissionGstOf).
  commission_paise: a.commissionPaise,
  tds_paise: a.tdsPaise,
  adjustment_paise: a.adjustmentPaise,
  net_paise: a.netPaise,
  entry_count: a.entryCount,
});

const earliest = (a: string, b: string | null): string => (b && Date.parse(b) < Date.parse(a) ? new Date(b).toISOString() : a);

// ---- pending → processing ---------------------------------------------------------------------------------

/**
 * Links the payee's due entries to the payout, sums what it now covers and, when the payee can be paid, makes it
 * processing. `fresh` = this call made it processing (so no transfer can exist yet: we hold the lease).
 */
async function finalise(run: Run, p: PayoutRow): Promise<{ row: PayoutRow | null; fresh: boolean }> {
  const { deps, report } = run;
  const payee: Payee = { type: p.payee_type, id: p.payee_id };
  await linkDueEntries(deps, accountOf(payee), new Date(p.period_end).toISOString(), p.$id);
  const amounts = await amountsOf(deps, payee, await entriesOfPayout(deps, p.$id));
  if (amounts.netPaise <= 0) {
    // Only after a release changed what was due since the row was written: nothing to pay, undo the row.
    await releaseEntries(deps, p.$id);
    await deps.db.payouts.delete(p.$id);
    report.carriedForward++;
    return { row: null, fresh: false };
  }
  const target = await payeeTarget(deps, payee);
  const hold = target ? target.holdReason : "on hold: the payee no longer exists";
  const next = await withTransaction(deps.tablesDB, async (tx) => {
    const cur = await tx.get(T.payouts, p.$id);
    if (!cur || cur.status !== "pending") return { row: cur, fresh: false };
    const patch = { ...columnsOf(amounts), period_start: earliest(cur.period_start, amounts.firstAt), status: hold ? ("pending" as const) : ("processing" as const), failure_reason: hold };
    tx.update(T.payouts, p.$id, patch);
    return { row: { ...cur, ...patch }, fresh: !hold };
  });
  if (hold) {
    report.held++;
    deps.log.warn("payout held", { payoutId: p.$id, payee, reason: hold, netPaise: amounts.netPaise });
  }
  return next;
}

// ---- processing → processed -------------------------------------------------------------------------------

async function send(run: Run, p: PayoutRow, fresh: boolean): Promise<void> {
  const { deps, report } = run;
  if (p.razorpay_transfer_id) return settle(run, p, await run.gateway.fetchTransfer(p.razorpay_transfer_id));
  if (!fresh) {
    await indexTransfers(run, Date.parse(p.created_at));
    const found = run.index.byPayout.get(p.$id) ?? [];
    if (found.length > 1) deps.log.error("more than one transfer carries this payout id", { payoutId: p.$id, transfers: found.map((t) => t.id) });
    const t = found.find((x) => !isReturned(x)) ?? found[0];
    if (t) {
      report.recovered++;
      deps.log.warn("payout transfer found at Razorpay after an unrecorded create", { payoutId: p.$id, transferId: t.id });
      return settle(run, p, t);
    }
  }
  const payee: Payee = { type: p.payee_type, id: p.payee_id };
  const target = await payeeTarget(deps, payee);
  if (!target?.accountId || target.holdReason) {
    const reason = target?.holdReason ?? "on hold: the payee no longer exists";
    await deps.db.payouts.update(p.$id, { status: "pending", failure_reason: reason });
    report.held++;
    return;
  }
  let transfer: GatewayTransfer;
  try {
    transfer = await run.gateway.createTransfer({
      account: target.accountId,
      amountPaise: p.net_paise,
      notes: { payout_id: p.$id, payee: `${payee.type}:${payee.id}`, period: periodDateOf(p.period_end) },
    });
  } catch (err) {
    if (err instanceof GatewayError && err.kind === "rejected") return fail(run, p, `transfer rejected: ${err.code}: ${err.description}`);
    // No answer: the transfer may exist. Left processing, the next run looks for it before creating one.
    report.deferred++;
    deps.log.warn("payout transfer outcome unknown; the next run looks it up", { payoutId: p.$id, error: String(err) });
    return;
  }
  report.transfersCreated++;
  await run.opts.afterTransferCreated?.(p.$id, transfer.id);
  await settle(run, p, transfer);
}

/** Records what Razorpay says about the payout's transfer. */
async function settle(run: Run, p: PayoutRow, t: GatewayTransfer): Promise<void> {
  const { deps, report } = run;
  if (t.amount !== p.net_paise || t.notes.payout_id !== p.$id) {
    throw new Error(`transfer ${t.id} (${t.amount} paise, payout ${t.notes.payout_id ?? "none"}) does not match payout ${p.$id} (${p.net_paise} paise)`);
  }
  if (isReturned(t)) return fail(run, p, `transfer ${t.id} ${t.status}`, t.id);
  if (t.status !== "processed") {
    // created / pending: recorded, and looked at again by the next run.
    if (!p.razorpay_transfer_id) await deps.db.payouts.update(p.$id, { razorpay_transfer_id: t.id });
    return;
  }
  const payee: Payee = { type: p.payee_type, id: p.payee_id };
  const done = await withTransaction(deps.tablesDB, async (tx) => {
    const cur = await tx.get(T.payouts, p.$id);
    if (!cur || cur.status !== "processing") return false;
    const now = deps.now();
    tx.update(T.payouts, p.$id, { status: "processed", razorpay_transfer_id: t.id, processed_at: now.toISOString(), failure_reason: null });
    stagePayoutLedger(tx, payoutTxn({ payoutId: p.$id, payee, amountPaise: p.net_paise }), now, p.$id);
    return true;
  });
  if (done) {
    report.processed++;
    report.paidPaise += p.net_paise;
  }
}

// ---- → failed ------------------------------------------------------------------------------------------

/** The transfer was refused, failed or came back: undo the payout posting if there was one, then release. */
async function fail(run: Run, p: PayoutRow, reason: string, transferId?: string): Promise<void> {
  const { deps, report } = run;
  const changed = await withTransaction(deps.tablesDB, async (tx) => {
    const cur = await tx.get(T.payouts, p.$id);
    if (!cur || cur.status === "failed") return false;
    const now = deps.now();
    tx.update(T.payouts, p.$id, { status: "failed", failure_reason: reason.slice(0, 255), razorpay_transfer_id: transferId ?? cur.razorpay_transfer_id });
    if (cur.status === "processed") stagePayoutLedger(tx, payoutReversalTxn({ payoutId: p.$id, account: accountOf({ type: cur.payee_type, id: cur.payee_id }), amountPaise: cur.net_paise }), now, p.$id);
    return true;
  });
  if (changed) {
    report.failed++;
    deps.log.warn("payout failed; its entries are due again", { payoutId: p.$id, reason });
  }
  await release(run, p);
}

/** Unlinks a failed payout's entries; entry_count 0 marks the release done (a crash in between is finished later). */
async function release(run: Run, p: PayoutRow): Promise<void> {
  await releaseEntries(run.deps, p.$id);
  await run.deps.db.payouts.update(p.$id, { entry_count: 0 });
}

// ---- reads ---------------------------------------------------------------------------------------------

async function payoutsWhere(deps: Deps, queries: string[]): Promise<PayoutRow[]> {
  const out: PayoutRow[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const res = await deps.db.payouts.list(queries, { limit: 100, cursor });
    out.push(...res.rows);
    cursor = res.nextCursor;
    if (!cursor) return out;
  }
  throw new Error("more than 100 000 payouts match one reconciliation query");
}

import { Query } from "node-appwrite";
import type { z } from "zod";
import { IST_OFFSET_MIN, codCashAccount, istDate, partnerAccount } from "@chizze/core";
import { ApiError } from "@chizze/contracts/errors";
import { MAX_EARNINGS_RANGE_DAYS, type Earnings, type EarningsQuery } from "@chizze/contracts/api/delivery";
import type { Row } from "@chizze/schema";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { compareKeys, decodeCursor, encodeCursor } from "../catalog/cursor";
import { findPartner } from "./partner";
import { earningsKindOf, toEarningsEntry } from "./view";

const DAY_MS = 86_400_000;
const IST_OFFSET_MS = IST_OFFSET_MIN * 60_000;
const DEFAULT_RANGE_DAYS = 7;
/** Ledger rows read per page and pages per account: 10 000 entries in a ≤ 31-day range is far beyond any rider. */
const LEDGER_PAGE = 100;
const LEDGER_MAX_PAGES = 100;
const CURSOR_SORT = "earnings";

type LedgerRow = Row<"ledger_entries">;

/** [start, end) of the IST days `from`..`to`, as UTC instants. Defaults: `to` today (IST), `from` 6 days before it. */
export function earningsPeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date): { startMs: number; endMs: number } {
  const to = query.to ?? istDate(now);
  const toMs = Date.parse(`${to}T00:00:00.000Z`);
  const fromMs = query.from ? Date.parse(`${query.from}T00:00:00.000Z`) : toMs - (DEFAULT_RANGE_DAYS - 1) * DAY_MS;
  // The contract checks the pair when both are sent; a lone `from` is checked against today here.
  const days = (toMs - fromMs) / DAY_MS + 1;
  if (days < 1) throw new ApiError("validation_failed", "from must not be after to", { errors: [{ path: "query.from", message: "from must not be after to" }] });
  if (days > MAX_EARNINGS_RANGE_DAYS) throw new ApiError("validation_failed", `At most ${MAX_EARNINGS_RANGE_DAYS} days`, { errors: [{ path: "query.from", message: `At most ${MAX_EARNINGS_RANGE_DAYS} days` }] });
  return { startMs: fromMs - IST_OFFSET_MS, endMs: toMs + DAY_MS - IST_OFFSET_MS };
}

/** Every entry of `account` in [start, end), newest first (idx_account_at). */
async function entriesOf(deps: Deps, account: string, startMs: number, endMs: number): Promise<LedgerRow[]> {
  const queries = [Query.equal("account", account), Query.greaterThanEqual("at", new Date(startMs).toISOString()), Query.lessThan("at", new Date(endMs).toISOString()), Query.orderDesc("at")];
  const out: LedgerRow[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < LEDGER_MAX_PAGES; page++) {
    const res = await deps.db.ledger_entries.list(queries, { limit: LEDGER_PAGE, cursor });
    out.push(...res.rows);
    cursor = res.nextCursor;
    if (!cursor) return out;
  }
  throw new ApiError("unprocessable", "Too many ledger entries in this range; ask for fewer days");
}

/**
 * GET /delivery/earnings: the caller's earnings over IST days, from the ledger (account `partner:<partnerRowId>`).
 * Totals cover the whole period: credits go to delivery fees (partner_fee), tips, or incentives (adjustment credits
 * and anything else), debits other than payouts are deductions, and totalPaise = those credits − deductions, never
 * below 0; payouts (and COD cash kept against earnings) are listed but not counted. `deliveries` = orders with a
 * delivery fee credit in the period. cashInHandPaise = COD cash collected in the period (account `cod_cash:<id>`)
 * minus what was deposited or offset in it. `items` are the partner account's entries, newest first, paginated with
 * an opaque cursor. Blocked partners can still read their earnings.
 */
export async function partnerEarnings(deps: Deps, caller: Caller, query: z.infer<typeof EarningsQuery>): Promise<z.infer<typeof Earnings>> {
  const partner = await findPartner(deps, caller);
  const { startMs, endMs } = earningsPeriod(query, deps.now());
  const after = query.cursor ? decodeCursor(query.cursor, CURSOR_SORT) : null;
  const [entries, cash] = await Promise.all([entriesOf(deps, partnerAccount(partner.$id), startMs, endMs), entriesOf(deps, codCashAccount(partner.$id), startMs, endMs)]);

  let deliveryFeesPaise = 0;
  let tipsPaise = 0;
  let incentivesPaise = 0;
  let deductionsPaise = 0;
  const delivered = new Set<string>();
  for (const e of entries) {
    const kind = earningsKindOf(e);
    if (kind === "payout") continue;
    if (e.direction === "debit") {
      deductionsPaise += e.amount_paise;
    } else if (kind === "delivery_fee") {
      deliveryFeesPaise += e.amount_paise;
      if (e.order_id) delivered.add(e.order_id);
    } else if (kind === "tip") {
      tipsPaise += e.amount_paise;
    } else {
      incentivesPaise += e.amount_paise;
    }
  }
  const cashNet = cash.reduce((s, e) => s + (e.direction === "debit" ? e.amount_paise : -e.amount_paise), 0);

  const keyOf = (e: LedgerRow) => [-Date.parse(e.at)];
  const ordered = entries.sort((a, b) => compareKeys(keyOf(a), a.$id, keyOf(b), b.$id));
  const rest = after ? ordered.filter((e) => compareKeys(keyOf(e), e.$id, after.key, after.id) > 0) : ordered;
  const pageRows = rest.slice(0, query.limit);
  const last = pageRows[pageRows.length - 1];

  return {
    periodStart: new Date(startMs).toISOString(),
    periodEnd: new Date(endMs).toISOString(),
    totalPaise: Math.max(0, deliveryFeesPaise + tipsPaise + incentivesPaise - deductionsPaise),
    deliveryFeesPaise,
    tipsPaise,
    incentivesPaise,
    deductionsPaise,
    cashInHandPaise: Math.max(0, cashNet),
    deliveries: delivered.size,
    items: pageRows.map(toEarningsEntry),
    nextCursor: rest.length > pageRows.length && last ? encodeCursor(CURSOR_SORT, keyOf(last), last.$id) : null,
  };
}

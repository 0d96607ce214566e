// Payout periods, keys and ids (pure). A payout covers every entry of the payee's ledger account that is not yet
// paid and was posted before the period's end: the previous IST business day [00:00, 24:00) IST, plus anything
// older still unpaid (a failed run, a reversed transfer, a balance carried forward). So no day is ever skipped:
// missing a run only makes the next one larger.
import { IST_OFFSET_MIN, deterministicId, istDate, partnerAccount, restaurantAccount } from "@chizze/core";
import type { LedgerAccount, PayeeType } from "@chizze/schema/enums";

const DAY_MS = 86_400_000;
const IST_OFFSET_MS = IST_OFFSET_MIN * 60_000;

export interface PayoutPeriod {
  /** The IST business day paid for, YYYY-MM-DD. */
  date: string;
  /** 00:00 IST of that day, as a UTC instant. */
  startIso: string;
  /** 00:00 IST of the next day: entries posted before this are due. */
  endIso: string;
}

export interface Payee {
  type: PayeeType;
  /** restaurants or delivery_partners row id. */
  id: string;
}

/**
 * The IST day before `now`'s IST day.
 * @example payoutPeriodFor(new Date("2026-11-26T21:00:00Z")) // { date: "2026-11-26", startIso: "2026-11-25T18:30:00.000Z", endIso: "2026-11-26T18:30:00.000Z" }
 */
export function payoutPeriodFor(now: Date): PayoutPeriod {
  const todayStartMs = Date.parse(`${istDate(now)}T00:00:00.000Z`) - IST_OFFSET_MS;
  const startMs = todayStartMs - DAY_MS;
  return { date: istDate(new Date(startMs)), startIso: new Date(startMs).toISOString(), endIso: new Date(todayStartMs).toISOString() };
}

/** The IST day a period end (00:00 IST of the next day) closes. */
export function periodDateOf(periodEndIso: string): string {
  return istDate(new Date(Date.parse(periodEndIso) - DAY_MS));
}

/**
 * payouts.idempotency_key: payee + period, and `#n` for the n-th payout of the same period (n > 1 only after the
 * earlier ones failed or were reversed: the released entries are paid again under a new key).
 * @example payoutKey({ type: "restaurant", id: "rst_1" }, "2026-11-26", 1) // "restaurant:rst_1:2026-11-26"
 */
export function payoutKey(payee: Payee, date: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`payout sequence must be ≥ 1, got ${seq}`);
  return `${payee.type}:${payee.id}:${date}${seq > 1 ? `#${seq}` : ""}`;
}

/**
 * Deterministic payout row id from its key: two runs (or a crashed and a fresh one) create the same row.
 * @example payoutIdFor("restaurant:rst_1:2026-11-26") // "pyo_…" (36 chars)
 */
export function payoutIdFor(key: string): string {
  return deterministicId("pyo", ["payout", key]);
}

/** The payee's ledger account: `restaurant:<id>` or `partner:<id>`. */
export function accountOf(payee: Payee): LedgerAccount {
  return payee.type === "restaurant" ? restaurantAccount(payee.id) : partnerAccount(payee.id);
}

/** The payee of an owned ledger account, or null for any other account. */
export function payeeOfAccount(account: string): Payee | null {
  const m = /^(restaurant|partner):(.+)$/.exec(account);
  if (!m) return null;
  return { type: m[1] as PayeeType, id: m[2]! };
}

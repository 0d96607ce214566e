// Invoice numbering (CGST Rules r.46(b)): a consecutive serial, unique per financial year, ≤ 16 characters of
// [A-Z0-9/-]. The financial year is India's (1 April – 31 March) in IST and is taken from the invoice date, which is
// the time of supply (delivered_at), so a re-run on 2 April of an order delivered on 31 March still numbers it in the
// year that closed. Pure: no I/O.
import { deterministicId, istDate } from "@chizze/core";

/** 8 digits: the design's 30–50 k orders a day is up to ~18 M invoices a year, past what 6 or 7 digits hold. */
export const SEQ_DIGITS = 8;
export const MAX_SEQ = 10 ** SEQ_DIGITS - 1;
const PREFIX = "CHZ";

/**
 * `2025-26` for any instant from 1 April 2025 00:00 IST up to 31 March 2026 23:59:59 IST.
 * @example financialYearOf(new Date("2026-03-31T18:29:59Z")) // "2025-26"
 */
export function financialYearOf(at: Date): string {
  const [y, m] = istDate(at).split("-").map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

/**
 * `CHZ2526/00000123`: prefix, the year's two halves, the serial — exactly 16 characters.
 * @example invoiceNumberFor("2025-26", 123) // "CHZ2526/00000123"
 */
export function invoiceNumberFor(financialYear: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new RangeError(`invoice serial out of range: ${seq}`);
  const fy = financialYear.slice(2, 4) + financialYear.slice(5, 7);
  return `${PREFIX}${fy}/${String(seq).padStart(SEQ_DIGITS, "0")}`;
}

/** counters.name of a year's series (the schema's pattern allows `:`; row ids do not). */
export const counterNameFor = (financialYear: string): string => `invoice:${financialYear}`;
/** counters row id of a year's series. */
export const counterIdFor = (financialYear: string): string => `ctr_invoice_${financialYear}`;
/** The one invoice row (and PDF file) an order can have. */
export const invoiceIdFor = (orderId: string): string => deterministicId("inv", ["invoice", orderId]);

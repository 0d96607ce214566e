// Money is integer paise everywhere (style.md §15). These helpers keep it that way: every function takes and
// returns safe non-negative integers, rounds in exactly one documented way, and never lets a split lose a paisa.

/** Largest amount the helpers accept: ₹10 crore. Keeps `amount × bps` (≤ 1e13) far inside Number.MAX_SAFE_INTEGER. */
export const MAX_PAISE = 1_000_000_000;

/** Basis points in one whole: 10 000 bps = 100 %. */
export const BPS_ONE = 10_000;

/**
 * Throws a RangeError unless `value` is an integer number of paise in [0, MAX_PAISE]. Programming errors (a
 * float price, a negative fee) are bugs, not user errors, so they throw instead of returning a result.
 * @example assertPaise(24900) // ok; assertPaise(249.5) throws
 */
export function assertPaise(value: number, what = "amount"): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_PAISE) {
    throw new RangeError(`${what} must be integer paise in [0, ${MAX_PAISE}], got ${value}`);
  }
}

/**
 * Sum of paise amounts (each checked).
 * @example sumPaise([100, 250, 5]) // 355
 */
export function sumPaise(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    assertPaise(v);
    total += v;
  }
  assertPaise(total, "sum");
  return total;
}

/**
 * `amount × bps / 10 000`, rounded half up to the paisa (₹0.005 → ₹0.01). One rule for GST, commission,
 * surge and percent coupons, so the same inputs always give the same paisa on every runtime.
 * @example percentOfBps(10_050, 500) // 503 (5 % of ₹100.50 = 502.5 paise → 503)
 */
export function percentOfBps(amountPaise: number, bps: number): number {
  assertPaise(amountPaise);
  if (!Number.isSafeInteger(bps) || bps < 0 || bps > 100 * BPS_ONE) throw new RangeError(`bps must be an integer in [0, 1 000 000], got ${bps}`);
  // Integers only: (a·b + 5000) / 10000 floored is "round half up" for non-negative a·b.
  return Math.floor((amountPaise * bps + BPS_ONE / 2) / BPS_ONE);
}

/**
 * Splits `amount` across parts in proportion to integer `weights` so the parts sum to exactly `amount`
 * (largest-remainder method; ties go to the earlier part, so the split is deterministic). When
 * `amount ≤ Σweights`, no part exceeds its weight — which is what lets refunds and discounts be spread over
 * order components without ever giving back more than a component was.
 * @example allocate(100, [1, 1, 1]) // [34, 33, 33]
 */
export function allocate(amountPaise: number, weights: readonly number[]): number[] {
  assertPaise(amountPaise);
  if (weights.length === 0) throw new RangeError("allocate needs at least one weight");
  let totalWeight = 0;
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weights must be non-negative integers, got ${w}`);
    totalWeight += w;
  }
  if (totalWeight === 0) {
    if (amountPaise === 0) return weights.map(() => 0);
    throw new RangeError("allocate: all weights are zero");
  }
  if (!Number.isSafeInteger(amountPaise * totalWeight)) throw new RangeError("allocate: amount × Σweights exceeds safe integers");
  const parts = weights.map((w) => Math.floor((amountPaise * w) / totalWeight));
  let left = amountPaise - parts.reduce((a, b) => a + b, 0);
  // Remainders (scaled to integers) decide who gets the leftover paise; stable sort keeps index order on ties.
  const order = weights
    .map((w, i) => ({ i, rem: (amountPaise * w) % totalWeight }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

/**
 * `paise` as rupees for people (notifications, SMS, invoices): ₹ sign, Indian digit grouping (lakh/crore:
 * 12,34,567) and always two decimals. Written by hand rather than with Intl so every runtime (Workers, Node
 * with small-icu) prints the same string.
 * @example formatInr(123450) // "₹1,234.50"; formatInr(123456789) // "₹12,34,567.89"
 */
export function formatInr(paise: number): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError(`formatInr needs integer paise, got ${paise}`);
  const negative = paise < 0;
  const abs = Math.abs(paise);
  const rupees = Math.floor(abs / 100).toString();
  const fraction = (abs % 100).toString().padStart(2, "0");
  const last3 = rupees.slice(-3);
  const rest = rupees.slice(0, -3);
  const grouped = rest.length > 0 ? `${rest.replace(/\B(?=(\d{2})+$)/g, ",")},${last3}` : last3;
  return `${negative ? "-" : ""}₹${grouped}.${fraction}`;
}

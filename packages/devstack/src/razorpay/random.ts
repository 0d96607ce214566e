// Ids and seedable dice for the double.
import { randomBytes } from "node:crypto";
import { mulberry32 } from "../faults";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Razorpay-style id: prefix + "_" + 14 base62 characters (order_…, pay_…, rfnd_…, trf_…). */
export function rzpId(prefix: string): string {
  return `${prefix}_${base62(14)}`;
}

export function base62(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** A seedable PRNG, so a shuffled webhook order can be replayed from its seed. */
export const seededRandom = mulberry32;

/** Fisher–Yates within consecutive windows of `window` items; window ≤ 1 keeps the order. */
export function shuffleInWindows<T>(items: readonly T[], window: number, random: () => number): T[] {
  const out = [...items];
  if (window <= 1) return out;
  for (let start = 0; start < out.length; start += window) {
    const end = Math.min(start + window, out.length);
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(random() * (i - start + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
  }
  return out;
}

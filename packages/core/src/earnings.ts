// What a delivery partner earns for one delivery. Figures are a starting config (AppJusto paid R$10 up to 5 km
// + R$2/km; Indian aggregators pay roughly ₹20–30 base plus ₹5–7/km): ops tunes them through app_config.
// Tips go to the partner in full and are shown as their own line.
import { assertPaise, percentOfBps } from "./money";

export interface EarningsConfig {
  basePaise: number;
  /** Per road km beyond `includedM`, prorated per metre (rounded half up to the paisa). */
  perKmPaise: number;
  includedM: number;
  /** Paid per minute waited at the restaurant beyond the grace period, up to a cap. */
  waitGraceMin: number;
  waitPerMinPaise: number;
  waitCapMin: number;
  /** Share of the surge line passed to the partner (bps). */
  surgeShareBps: number;
}

export const DEFAULT_EARNINGS_CONFIG: EarningsConfig = {
  basePaise: 2_500,
  perKmPaise: 600,
  includedM: 1_000,
  waitGraceMin: 10,
  waitPerMinPaise: 100,
  waitCapMin: 30,
  surgeShareBps: 10_000,
};

export type EarningsLineKind = "base" | "distance" | "waiting" | "surge" | "tip";

export interface Earnings {
  lines: { kind: EarningsLineKind; amountPaise: number }[];
  /** Everything except the tip: the ledger's partner_fee. */
  feePaise: number;
  tipPaise: number;
  totalPaise: number;
}

/**
 * Earnings for one delivery. Lines always sum to the total; zero lines are left out.
 * @example
 * deliveryEarnings({ tripM: 3500, waitedMin: 14, surgePaise: 0, tipPaise: 2000 })
 * // base 2500 + distance 1500 + waiting 400 + tip 2000 → totalPaise 6400
 */
export function deliveryEarnings(
  input: { tripM: number; waitedMin: number; surgePaise: number; tipPaise: number },
  config: EarningsConfig = DEFAULT_EARNINGS_CONFIG,
): Earnings {
  assertPaise(input.tipPaise, "tip");
  assertPaise(input.surgePaise, "surge");
  const extraM = Math.max(0, Math.round(input.tripM) - config.includedM);
  // perKm × extraM / 1000, half up: the same rounding rule as percentOfBps, in metres instead of bps.
  const distance = Math.floor((config.perKmPaise * extraM + 500) / 1000);
  const waitedBeyond = Math.min(config.waitCapMin, Math.max(0, Math.floor(input.waitedMin) - config.waitGraceMin));
  const all: { kind: EarningsLineKind; amountPaise: number }[] = [
    { kind: "base", amountPaise: config.basePaise },
    { kind: "distance", amountPaise: distance },
    { kind: "waiting", amountPaise: waitedBeyond * config.waitPerMinPaise },
    { kind: "surge", amountPaise: percentOfBps(input.surgePaise, config.surgeShareBps) },
    { kind: "tip", amountPaise: input.tipPaise },
  ];
  const lines = all.filter((l) => l.amountPaise > 0);
  const totalPaise = lines.reduce((s, l) => s + l.amountPaise, 0);
  return { lines, feePaise: totalPaise - input.tipPaise, tipPaise: input.tipPaise, totalPaise };
}

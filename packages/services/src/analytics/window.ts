// Which IST days and which UTC hours an analytics run recomputes. Pure: the clock comes in as an argument.
import { IST_OFFSET_MIN, istDate } from "@chizze/core";

const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
const IST_OFFSET_MS = IST_OFFSET_MIN * 60_000;

/** [start, end) of an IST business day as UTC instants. */
export function istDayRange(day: string): { startMs: number; endMs: number } {
  const startMs = Date.parse(`${day}T00:00:00.000Z`) - IST_OFFSET_MS;
  return { startMs, endMs: startMs + DAY_MS };
}

/**
 * Today and yesterday (IST) always — late deliveries, cancellations and reviews land on yesterday's orders — plus the
 * days of orders touched since the last run, as far back as `lookbackDays` (older days are settled; the archival of
 * 90-day-old orders must not make their days recount to zero). Sorted, unique.
 * @example daysToRecompute(new Date("2026-04-01T02:00:00Z"), [], 7) // ["2026-03-31", "2026-04-01"]
 */
export function daysToRecompute(now: Date, touchedAt: readonly string[], lookbackDays: number): string[] {
  const today = istDate(now);
  const oldest = istDate(new Date(istDayRange(today).startMs - lookbackDays * DAY_MS));
  const days = new Set([today, istDate(new Date(now.getTime() - DAY_MS))]);
  for (const at of touchedAt) {
    const d = istDate(new Date(at));
    if (d >= oldest && d <= today) days.add(d);
  }
  return [...days].sort();
}

/**
 * Completed UTC hours to compute: the last one always, and every completed hour since the last successful run (a
 * skipped or failed run is caught up), at most `maxHours`. Hour starts, oldest first.
 */
export function hoursToCompute(now: Date, lastRunAt: string | null, maxHours: number): number[] {
  const lastCompleted = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS;
  const since = lastRunAt ? Math.floor(Date.parse(lastRunAt) / HOUR_MS) * HOUR_MS - HOUR_MS : lastCompleted;
  const first = Math.max(since, lastCompleted - (maxHours - 1) * HOUR_MS);
  const out: number[] = [];
  for (let h = Math.min(first, lastCompleted); h <= lastCompleted; h += HOUR_MS) out.push(h);
  return out;
}

/** Merges [start, end) intervals that overlap or touch, so each stretch of orders is read once. */
export function mergeRanges(ranges: readonly { startMs: number; endMs: number }[]): { startMs: number; endMs: number }[] {
  const sorted = [...ranges].sort((a, b) => a.startMs - b.startMs);
  const out: { startMs: number; endMs: number }[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.startMs <= last.endMs) last.endMs = Math.max(last.endMs, r.endMs);
    else out.push({ ...r });
  }
  return out;
}

// Opening hours in Asia/Kolkata. India has one zone at UTC+05:30 and no daylight saving, so local time is a
// fixed shift of the UTC instant: no tz database needed, and Workers and Node agree to the millisecond.
// Slots come from WeeklyHoursDoc; a slot whose `closes` is before `opens` runs past midnight into the next
// day. Everything is computed as merged open intervals on the UTC timeline, minus planned closures.
import type { Closures, WeeklyHours } from "@chizze/schema/documents";

export const IST_OFFSET_MIN = 330;
const MIN_MS = 60_000;
const DAY_MS = 86_400_000;
const IST_OFFSET_MS = IST_OFFSET_MIN * MIN_MS;
// Date#getUTCDay order (Sunday first) → WEEKDAYS keys.
const DAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export interface HoursConfig {
  /** How far ahead to look for the next opening / a closing time (days). Closures can be long (renovation). */
  horizonDays: number;
  /** "Closing soon" badge threshold. */
  closingSoonMin: number;
}

export const DEFAULT_HOURS_CONFIG: HoursConfig = { horizonDays: 35, closingSoonMin: 30 };

/** Half-open interval [startMs, endMs) on the UTC timeline. */
export interface OpenInterval {
  startMs: number;
  endMs: number;
}

function clockToMin(t: string): number {
  const [h, m] = t.split(":");
  return Number(h) * 60 + Number(m);
}

/**
 * The restaurant's open intervals that overlap [fromMs, toMs), merged (a Monday 18:00–24:00 slot followed by a
 * Tuesday 00:00–02:00 slot is one interval) and with closures cut out. `hours === null` means "no schedule
 * set": open around the clock, the owner's online toggle alone decides (see README, open question).
 * A slot with `opens === closes` means open for 24 hours from `opens`.
 * @example openIntervals([{ day: "mon", slots: [{ opens: "11:00", closes: "23:00" }] }], [], from, to)
 */
export function openIntervals(hours: WeeklyHours | null, closures: Closures | null, fromMs: number, toMs: number): OpenInterval[] {
  const raw: OpenInterval[] = [];
  if (hours === null) {
    raw.push({ startMs: fromMs, endMs: toMs });
  } else {
    const byDay = new Map(hours.map((d) => [d.day, d.slots] as const));
    // Local midnight (as a UTC instant) of the day before `fromMs`: an overnight slot from yesterday may still run.
    const firstLocalDay = Math.floor((fromMs + IST_OFFSET_MS) / DAY_MS) - 1;
    const lastLocalDay = Math.floor((toMs + IST_OFFSET_MS) / DAY_MS);
    for (let day = firstLocalDay; day <= lastLocalDay; day++) {
      const key = DAY_KEYS[new Date(day * DAY_MS).getUTCDay()];
      const slots = key ? byDay.get(key) : undefined;
      if (!slots) continue;
      const midnightUtc = day * DAY_MS - IST_OFFSET_MS;
      for (const slot of slots) {
        const opens = clockToMin(slot.opens);
        let closes = clockToMin(slot.closes);
        if (closes <= opens) closes += 24 * 60; // past midnight (or 24 h when equal)
        const startMs = midnightUtc + opens * MIN_MS;
        const endMs = midnightUtc + closes * MIN_MS;
        if (endMs > fromMs && startMs < toMs) raw.push({ startMs, endMs });
      }
    }
  }
  return subtractClosures(merge(raw), closures ?? []);
}

function merge(intervals: OpenInterval[]): OpenInterval[] {
  const sorted = [...intervals].sort((a, b) => a.startMs - b.startMs);
  const out: OpenInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.startMs <= last.endMs) last.endMs = Math.max(last.endMs, iv.endMs);
    else out.push({ ...iv });
  }
  return out;
}

function subtractClosures(open: OpenInterval[], closures: Closures): OpenInterval[] {
  let result = open;
  for (const c of closures) {
    const cs = Date.parse(c.startsAt);
    const ce = Date.parse(c.endsAt);
    if (!(ce > cs)) continue; // empty or inverted closure: ignore rather than close forever
    const next: OpenInterval[] = [];
    for (const iv of result) {
      if (ce <= iv.startMs || cs >= iv.endMs) {
        next.push(iv);
        continue;
      }
      if (cs > iv.startMs) next.push({ startMs: iv.startMs, endMs: cs });
      if (ce < iv.endMs) next.push({ startMs: ce, endMs: iv.endMs });
    }
    result = next;
  }
  return result;
}

export interface OpenStatus {
  isOpen: boolean;
  /** When the current open interval ends; null if closed now, or if it stays open past the horizon. */
  closesAt: Date | null;
  /** Whole minutes until `closesAt` (floored); null when `closesAt` is null. */
  minutesUntilClose: number | null;
  /** Open now but closing within `closingSoonMin`. */
  closingSoon: boolean;
  /** When a closed restaurant opens next; null when open now or not within the horizon. */
  nextOpensAt: Date | null;
}

/**
 * Opening status at `now` from weekly hours and closures (all local times Asia/Kolkata).
 * @example
 * openStatus([{ day: "mon", slots: [{ opens: "18:00", closes: "02:00" }] }], [], new Date("2026-11-30T20:00:00Z"))
 * // Tue 01:30 IST → { isOpen: true, minutesUntilClose: 30, closingSoon: true, … }
 */
export function openStatus(hours: WeeklyHours | null, closures: Closures | null, now: Date, config: HoursConfig = DEFAULT_HOURS_CONFIG): OpenStatus {
  const nowMs = now.getTime();
  const horizonMs = nowMs + config.horizonDays * DAY_MS;
  const intervals = openIntervals(hours, closures, nowMs, horizonMs);
  const current = intervals.find((iv) => iv.startMs <= nowMs && nowMs < iv.endMs);
  if (current) {
    const closesAt = current.endMs >= horizonMs ? null : new Date(current.endMs);
    const minutesUntilClose = closesAt ? Math.floor((current.endMs - nowMs) / MIN_MS) : null;
    return {
      isOpen: true,
      closesAt,
      minutesUntilClose,
      closingSoon: minutesUntilClose !== null && minutesUntilClose < config.closingSoonMin,
      nextOpensAt: null,
    };
  }
  const next = intervals.find((iv) => iv.startMs > nowMs);
  return { isOpen: false, closesAt: null, minutesUntilClose: null, closingSoon: false, nextOpensAt: next ? new Date(next.startMs) : null };
}

/**
 * Shorthand for `openStatus(...).isOpen`.
 * @example isOpenAt(null, null, new Date()) // true: no schedule means the online toggle decides
 */
export function isOpenAt(hours: WeeklyHours | null, closures: Closures | null, now: Date): boolean {
  // A 1 ms window answers "open now" without building openStatus's multi-week horizon (hot path of `nearby`).
  const t = now.getTime();
  return openIntervals(hours, closures, t, t + 1).some((iv) => iv.startMs <= t && t < iv.endMs);
}

/**
 * The local (Asia/Kolkata) calendar date of an instant as YYYY-MM-DD — the business day used for order numbers,
 * daily analytics and counters.
 * @example istDate(new Date("2026-11-26T20:00:00Z")) // "2026-11-27"
 */
export function istDate(at: Date): string {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

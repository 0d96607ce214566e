// Hours and closures are JSON text columns. The browse paths read them for hundreds of rows per request, and most
// restaurants share a handful of schedules, so parsed documents are memoised per runtime by their text.
import { ClosuresDoc, WeeklyHoursDoc, type Closures, type WeeklyHours } from "@chizze/schema";

const MEMO_MAX = 5_000;
const hoursMemo = new Map<string, WeeklyHours>();
const closuresMemo = new Map<string, Closures>();

/** A schedule that never opens: what an unreadable hours document means (never "open around the clock"). */
const CLOSED_WEEK: WeeklyHours = [];

function memo<T>(map: Map<string, T>, text: string, parse: (t: string) => T): T {
  const hit = map.get(text);
  if (hit !== undefined) return hit;
  const value = parse(text);
  if (map.size >= MEMO_MAX) map.clear();
  map.set(text, value);
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** null = no schedule set (core: open whenever the owner is online); unreadable = closed. */
export function weeklyHours(text: string | null): WeeklyHours | null {
  if (text === null) return null;
  return memo(hoursMemo, text, (t) => {
    const r = WeeklyHoursDoc.safeParse(parseJson(t));
    return r.success ? r.data : CLOSED_WEEK;
  });
}

export function closures(text: string | null): Closures | null {
  if (text === null) return null;
  return memo(closuresMemo, text, (t) => {
    const r = ClosuresDoc.safeParse(parseJson(t));
    return r.success ? r.data : [];
  });
}

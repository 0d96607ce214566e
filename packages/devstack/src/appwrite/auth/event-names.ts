// Appwrite's event name generation (src/Appwrite/Event/Event.php `generateEvents`) for non-database resources:
// every combination of each id being itself or `*`, for the full name (with action and attribute), the name with
// the action only, each ancestor `type.id[.subType.id]` and `type.id`.
import type { PlatformEvent } from "../context";
import { isoDate } from "../context";

/** `path` is [[type, id], [subType, id], …]; e.g. [["users", "u1"], ["sessions", "s1"]] with action "create". */
export function generateEvents(path: ReadonlyArray<readonly [string, string]>, action: string, attribute?: string): string[] {
  const out: string[] = [];
  const combos = (depth: number): string[][] => {
    // Every id/`*` choice for the first `depth` levels, concrete ids first (Appwrite emits the concrete name first).
    let acc: string[][] = [[]];
    for (let i = 0; i < depth; i++) {
      const [type, id] = path[i] as readonly [string, string];
      acc = acc.flatMap((prefix) => [[...prefix, type, id], [...prefix, type, "*"]]);
    }
    return acc;
  };
  const full = combos(path.length);
  if (attribute) for (const c of full) out.push([...c, action, attribute].join("."));
  for (const c of full) out.push([...c, action].join("."));
  for (let depth = path.length; depth >= 1; depth--) for (const c of combos(depth)) out.push(c.join("."));
  return [...new Set(out)];
}

/** A PlatformEvent whose realtime and function names are the same (everything except TablesDB rows). */
export function platformEvent(
  names: string[],
  init: { channels: string[]; roles: string[]; payload: Record<string, unknown>; userId?: string; nowMs: number },
): PlatformEvent {
  const event: PlatformEvent = {
    realtimeEvents: names,
    functionEvents: names,
    channels: init.channels,
    roles: init.roles,
    payload: init.payload,
    timestamp: isoDate(init.nowMs),
  };
  if (init.userId !== undefined) event.userId = init.userId;
  return event;
}

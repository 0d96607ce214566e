import type { z } from "zod";
import { ApiError, issuesOf } from "@chizze/contracts/errors";
import type { OwnedRestaurant, UpdateRestaurantRequest } from "@chizze/contracts/api/restaurant";
import { T, WEEKDAYS, type PatchOf, type WeeklyHours } from "@chizze/schema";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { selectOwnedRestaurant } from "./owned";
import { toOwnedRestaurant, type RestaurantRow } from "./view";

type Input = z.infer<typeof UpdateRestaurantRequest>;
type Patch = PatchOf<typeof T.restaurants>;
type Issue = { path: string; message: string };

const HOURS_MAX_CHARS = 1_500; // schema restaurants.hours
const CLOSURES_MAX_CHARS = 3_000; // schema restaurants.closures

function weeklyDoc(weekly: NonNullable<Input["weekly"]>, issues: Issue[]): WeeklyHours {
  const seen = new Set<string>();
  weekly.forEach((d, i) => {
    if (seen.has(d.day)) issues.push({ path: `body.weekly.${i}.day`, message: `${d.day} appears twice; send each weekday once` });
    seen.add(d.day);
  });
  return WEEKDAYS.flatMap((day) => weekly.filter((d) => d.day === day).slice(0, 1)).map((d) => ({ day: d.day, slots: d.slots.map((s) => ({ opens: s.opens, closes: s.closes })) }));
}

function closuresDoc(closures: NonNullable<Input["closures"]>, issues: Issue[]) {
  closures.forEach((c, i) => {
    if (Date.parse(c.endsAt) <= Date.parse(c.startsAt)) issues.push({ path: `body.closures.${i}.endsAt`, message: "A closure must end after it starts" });
  });
  return [...closures]
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .map((c) => ({ startsAt: new Date(c.startsAt).toISOString(), endsAt: new Date(c.endsAt).toISOString(), reason: c.reason }));
}

/** Only the columns whose value actually changes: a no-op PATCH writes nothing and purges nothing. */
function changed(row: RestaurantRow, patch: Patch): Patch {
  const out: Record<string, unknown> = {};
  const current = row as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) if (v !== undefined && (current[k] ?? null) !== v) out[k] = v;
  return out;
}

/**
 * The owner's PATCH /restaurant: online toggle, weekly hours, closures, prep time, display details. Everything is
 * validated before the one row write; caches are retired by the edge after the answer and by catalog-invalidate on
 * the row event. Going online needs an approved restaurant (unapproved ones are never listed, so a toggle would lie).
 */
export async function updateMyRestaurant(deps: Deps, caller: Caller, restaurantId: string | undefined, input: Input): Promise<z.infer<typeof OwnedRestaurant>> {
  const row = await selectOwnedRestaurant(deps, caller, restaurantId);
  const issues: Issue[] = [];
  const patch: Patch = {};
  if (input.isOnline !== undefined) patch.is_online = input.isOnline;
  if (input.prepTimeMinutes !== undefined) patch.avg_prep_min = input.prepTimeMinutes;
  if (input.weekly !== undefined) {
    const json = JSON.stringify(weeklyDoc(input.weekly, issues));
    if (json.length > HOURS_MAX_CHARS) issues.push({ path: "body.weekly", message: "Too many opening slots to store" });
    patch.hours = json;
  }
  if (input.closures !== undefined) {
    const json = JSON.stringify(closuresDoc(input.closures, issues));
    if (json.length > CLOSURES_MAX_CHARS) issues.push({ path: "body.closures", message: "Closures are too long to store; shorten the reasons" });
    patch.closures = json;
  }
  if (input.description !== undefined) patch.description = input.description === "" ? null : input.description;
  if (input.imageUrl !== undefined) patch.logo_url = input.imageUrl;
  if (input.phone !== undefined) patch.phone = input.phone;
  if (issues.length > 0) throw new ApiError("validation_failed", "Invalid body", { errors: issues });

  if (input.isOnline === true && !row.is_approved) throw new ApiError("conflict", "The restaurant can go online once Chizze has approved it");

  const parsed = T.restaurants.patch.safeParse(patch);
  if (!parsed.success) throw new ApiError("validation_failed", "Invalid body", { errors: issuesOf(parsed.error).map((i) => ({ ...i, path: `body.${i.path}` })) });

  const diff = changed(row, patch);
  if (Object.keys(diff).length === 0) return toOwnedRestaurant(row, deps.now());
  const updated = await deps.db.restaurants.update(row.$id, diff);
  deps.log.info("restaurant updated", { restaurantId: row.$id, by: caller.userId, columns: Object.keys(diff) });
  return toOwnedRestaurant(updated, deps.now());
}

// restaurants row → the owner's view (OwnedRestaurant) and the admin's (ApprovedRestaurant).
import type { z } from "zod";
import { Phone, Url } from "@chizze/contracts/common";
import type { ApprovalStatus, OwnedRestaurant } from "@chizze/contracts/api/restaurant";
import { openStatus } from "@chizze/core";
import { ClosuresDoc, WEEKDAYS, WeeklyHoursDoc, type Closures, type RowOf, type T, type WeeklyHours } from "@chizze/schema";
import { isoUtc } from "../time";

export type RestaurantRow = RowOf<typeof T.restaurants>;
type Weekly = z.infer<typeof OwnedRestaurant>["hours"]["weekly"];

/** Stored JSON documents read leniently: a broken document shows as "no schedule" rather than failing the page. */
export function storedHours(row: RestaurantRow): WeeklyHours | null {
  if (!row.hours) return null;
  try {
    const r = WeeklyHoursDoc.safeParse(JSON.parse(row.hours));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function storedClosures(row: RestaurantRow): Closures {
  if (!row.closures) return [];
  try {
    const r = ClosuresDoc.safeParse(JSON.parse(row.closures));
    return r.success ? r.data : [];
  } catch {
    return [];
  }
}

/**
 * Mon..Sun, every day present. No schedule at all means open around the clock (core/hours: the online toggle alone
 * decides), shown as 00:00–24:00; a day missing from a stored schedule is closed.
 */
export function weeklyOf(hours: WeeklyHours | null): Weekly {
  return WEEKDAYS.map((day) => ({ day, slots: hours ? (hours.find((d) => d.day === day)?.slots ?? []) : [{ opens: "00:00", closes: "24:00" }] }));
}

/** `approved_at` set but not approved = approved once, then suspended (the schema has no status column). */
export function approvalStatusOf(row: RestaurantRow): z.infer<typeof ApprovalStatus> {
  if (row.is_approved) return "approved";
  return row.approved_at ? "suspended" : "pending";
}

const orNull = <S extends z.ZodType>(schema: S, v: unknown): z.output<S> | null => {
  const r = schema.safeParse(v);
  return r.success ? r.data : null;
};

export function toOwnedRestaurant(row: RestaurantRow, now: Date): z.infer<typeof OwnedRestaurant> {
  const hours = storedHours(row);
  const closures = storedClosures(row);
  const approved = row.is_approved ?? false;
  const online = row.is_online ?? false;
  return {
    id: row.$id,
    name: row.name,
    approvalStatus: approvalStatusOf(row),
    isOnline: online,
    isOpen: approved && online && openStatus(hours, closures, now).isOpen,
    // The column allows 1..180; the API promises 5..120 (what PATCH accepts), so legacy values are shown clamped.
    prepTimeMinutes: Math.min(120, Math.max(5, row.avg_prep_min ?? 20)),
    hours: {
      timezone: "Asia/Kolkata",
      weekly: weeklyOf(hours),
      // Upcoming ones only: a closure that has ended no longer says anything.
      closures: closures
        .filter((c) => Date.parse(c.endsAt) > now.getTime())
        .map((c) => ({ startsAt: new Date(c.startsAt).toISOString(), endsAt: new Date(c.endsAt).toISOString(), reason: c.reason })),
    },
    description: row.description ?? null,
    imageUrl: orNull(Url, row.logo_url),
    phone: orNull(Phone, row.phone),
    updatedAt: isoUtc(row.$updatedAt),
  };
}

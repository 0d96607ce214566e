import type { WeeklyHours } from "@chizze/schema/documents";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOpenAt, istDate, openIntervals, openStatus } from "./hours";

// 2026-11-30 is a Monday. IST = UTC + 05:30.
const ist = (local: string) => new Date(`${local}+05:30`);

const lunchDinner: WeeklyHours = [
  { day: "mon", slots: [{ opens: "11:00", closes: "15:00" }, { opens: "19:00", closes: "23:00" }] },
  { day: "tue", slots: [{ opens: "11:00", closes: "15:00" }] },
];

describe("openStatus", () => {
  it("is open inside a slot, closed between slots and on unlisted days", () => {
    expect(isOpenAt(lunchDinner, [], ist("2026-11-30T12:00:00"))).toBe(true);
    expect(isOpenAt(lunchDinner, [], ist("2026-11-30T16:00:00"))).toBe(false);
    expect(isOpenAt(lunchDinner, [], ist("2026-12-02T12:00:00"))).toBe(false); // Wednesday: no entry
    expect(isOpenAt(lunchDinner, [], ist("2026-11-30T15:00:00"))).toBe(false); // closes is exclusive
    expect(isOpenAt(lunchDinner, [], ist("2026-11-30T11:00:00"))).toBe(true); // opens is inclusive
  });

  it("reports minutes until close, closing soon and the next opening", () => {
    const s = openStatus(lunchDinner, [], ist("2026-11-30T14:40:00"));
    expect(s).toMatchObject({ isOpen: true, minutesUntilClose: 20, closingSoon: true, nextOpensAt: null });
    expect(s.closesAt?.toISOString()).toBe(ist("2026-11-30T15:00:00").toISOString());
    const closed = openStatus(lunchDinner, [], ist("2026-11-30T16:00:00"));
    expect(closed.isOpen).toBe(false);
    expect(closed.nextOpensAt?.toISOString()).toBe(ist("2026-11-30T19:00:00").toISOString());
    // After Tuesday lunch the next opening is next Monday.
    expect(openStatus(lunchDinner, [], ist("2026-12-01T16:00:00")).nextOpensAt?.toISOString()).toBe(ist("2026-12-07T11:00:00").toISOString());
  });

  it("handles slots past midnight, including on the next weekday", () => {
    const late: WeeklyHours = [{ day: "sun", slots: [{ opens: "18:00", closes: "02:00" }] }];
    // Monday 01:30 belongs to Sunday's slot.
    const s = openStatus(late, [], ist("2026-11-30T01:30:00"));
    expect(s).toMatchObject({ isOpen: true, minutesUntilClose: 30 });
    expect(isOpenAt(late, [], ist("2026-11-30T02:00:00"))).toBe(false);
    expect(isOpenAt(late, [], ist("2026-11-29T23:59:00"))).toBe(true);
  });

  it("merges adjacent slots across midnight so the closing time is the real one", () => {
    const h: WeeklyHours = [
      { day: "mon", slots: [{ opens: "18:00", closes: "24:00" }] },
      { day: "tue", slots: [{ opens: "00:00", closes: "03:00" }] },
    ];
    const s = openStatus(h, [], ist("2026-11-30T23:30:00"));
    expect(s.minutesUntilClose).toBe(210);
    expect(s.closingSoon).toBe(false);
  });

  it("treats opens == closes as 24 hours and null hours as always open", () => {
    const allDay: WeeklyHours = [{ day: "mon", slots: [{ opens: "06:00", closes: "06:00" }] }];
    expect(isOpenAt(allDay, [], ist("2026-12-01T05:59:00"))).toBe(true);
    expect(isOpenAt(allDay, [], ist("2026-12-01T06:00:00"))).toBe(false);
    const s = openStatus(null, null, ist("2026-11-30T03:00:00"));
    expect(s).toMatchObject({ isOpen: true, closesAt: null, minutesUntilClose: null, closingSoon: false });
  });

  it("cuts closures out of the schedule", () => {
    const closures = [{ startsAt: ist("2026-11-30T13:00:00").toISOString(), endsAt: ist("2026-11-30T20:00:00").toISOString(), reason: "Diwali" }];
    expect(isOpenAt(lunchDinner, closures, ist("2026-11-30T12:00:00"))).toBe(true);
    expect(openStatus(lunchDinner, closures, ist("2026-11-30T12:30:00")).minutesUntilClose).toBe(30);
    expect(isOpenAt(lunchDinner, closures, ist("2026-11-30T14:00:00"))).toBe(false);
    expect(openStatus(lunchDinner, closures, ist("2026-11-30T14:00:00")).nextOpensAt?.toISOString()).toBe(ist("2026-11-30T20:00:00").toISOString());
    // A closure longer than the horizon: nothing to open.
    const long = [{ startsAt: "2026-01-01T00:00:00Z", endsAt: "2027-12-31T00:00:00Z", reason: null }];
    expect(openStatus(lunchDinner, long, ist("2026-11-30T12:00:00"))).toMatchObject({ isOpen: false, nextOpensAt: null });
  });

  it("agrees with a minute-by-minute oracle", () => {
    const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    const days = fc.uniqueArray(fc.constantFrom("mon", "tue", "wed", "thu", "fri", "sat", "sun" as const), { maxLength: 7 });
    const week = days.chain((ds) =>
      fc.tuple(...ds.map((day) => fc.array(fc.record({ opens: clock, closes: clock }), { maxLength: 3 }).map((slots) => ({ day, slots })))),
    );
    const keys = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    fc.assert(
      fc.property(week, fc.integer({ min: 0, max: 7 * 24 * 60 - 1 }), (hours, minuteOfWeek) => {
        const now = new Date(ist("2026-11-30T00:00:00").getTime() + minuteOfWeek * 60_000);
        // Oracle: look at today's and yesterday's slots in local minutes.
        const localMin = (now.getTime() + 330 * 60_000) / 60_000;
        const dayIdx = Math.floor(localMin / 1440);
        const inSlot = [dayIdx - 1, dayIdx].some((d) => {
          const entry = hours.find((h) => h.day === keys[new Date(d * 86_400_000).getUTCDay()]);
          return (entry?.slots ?? []).some((s) => {
            const o = Number(s.opens.slice(0, 2)) * 60 + Number(s.opens.slice(3));
            let c = Number(s.closes.slice(0, 2)) * 60 + Number(s.closes.slice(3));
            if (c <= o) c += 1440;
            const t = localMin - d * 1440;
            return t >= o && t < c;
          });
        });
        expect(isOpenAt(hours, [], now)).toBe(inSlot);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("openIntervals / istDate", () => {
  it("returns merged, sorted, non-overlapping intervals", () => {
    const from = ist("2026-11-30T00:00:00").getTime();
    const ivs = openIntervals(lunchDinner, [], from, from + 7 * 86_400_000);
    expect(ivs).toHaveLength(3);
    for (let i = 1; i < ivs.length; i++) expect(ivs[i]!.startMs).toBeGreaterThan(ivs[i - 1]!.endMs);
  });
  it("gives the IST business date", () => {
    expect(istDate(new Date("2026-11-26T18:29:59Z"))).toBe("2026-11-26");
    expect(istDate(new Date("2026-11-26T18:30:00Z"))).toBe("2026-11-27");
  });
});

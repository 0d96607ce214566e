import { describe, expect, it } from "vitest";
import { ApiError } from "@chizze/contracts/errors";
import { JUMP_SLACK_M, MAX_FUTURE_SKEW_MS, judgeFix, lastFixOf } from "./fix";
import { earningsPeriod } from "./earnings";

const NOW = Date.parse("2026-11-26T12:00:00.000Z");
const HSR = { lat: 12.9116, lng: 77.6389 };
/** ~111 m north of HSR per 0.001° of latitude. */
const north = (m: number) => ({ lat: HSR.lat + m / 111_195, lng: HSR.lng });

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof ApiError ? err.code : "other";
  }
}

describe("judgeFix", () => {
  const last = { atMs: NOW - 10_000, position: HSR };

  it("accepts the first fix and a newer plausible one", () => {
    expect(judgeFix(null, { ...HSR, atMs: NOW }, NOW)).toBe("accept");
    expect(judgeFix(last, { ...north(300), atMs: NOW }, NOW)).toBe("accept");
  });

  it("calls a fix not newer than the last accepted one stale", () => {
    expect(judgeFix(last, { ...north(10), atMs: last.atMs }, NOW)).toBe("stale");
    expect(judgeFix(last, { ...north(5_000), atMs: last.atMs - 1 }, NOW)).toBe("stale");
  });

  it("refuses a fix from beyond the clock skew (422), and allows one within it", () => {
    expect(code(() => judgeFix(null, { ...HSR, atMs: NOW + MAX_FUTURE_SKEW_MS + 1 }, NOW))).toBe("unprocessable");
    expect(judgeFix(null, { ...HSR, atMs: NOW + MAX_FUTURE_SKEW_MS }, NOW)).toBe("accept");
  });

  it("refuses an implied speed above 70 m/s beyond GPS noise and the fix's accuracy", () => {
    // 10 s: 700 m + slack is the limit.
    expect(judgeFix(last, { ...north(700 + JUMP_SLACK_M - 5), atMs: NOW }, NOW)).toBe("accept");
    expect(code(() => judgeFix(last, { ...north(700 + JUMP_SLACK_M + 5), atMs: NOW }, NOW))).toBe("unprocessable");
    expect(judgeFix(last, { ...north(700 + JUMP_SLACK_M + 5), atMs: NOW, accuracyM: 20 }, NOW)).toBe("accept");
    // Sub-second gaps count as a second, so GPS jitter between close fixes is not a jump.
    expect(judgeFix(last, { ...north(100), atMs: last.atMs + 100 }, NOW)).toBe("accept");
  });

  it("judges no jump without a last position", () => {
    expect(judgeFix({ atMs: NOW - 1_000, position: null }, { ...north(50_000), atMs: NOW }, NOW)).toBe("accept");
    expect(lastFixOf({ last_lat: null, last_lng: null, last_seen_at: null })).toBeNull();
    expect(lastFixOf({ last_lat: 1, last_lng: 2, last_seen_at: "2026-11-26T11:59:50.000+00:00" })).toEqual({ atMs: NOW - 10_000, position: { lat: 1, lng: 2 } });
  });
});

describe("earningsPeriod", () => {
  it("turns IST days into [start, end) UTC instants, defaulting to the 7 days up to today (IST)", () => {
    expect(earningsPeriod({ from: "2026-11-19", to: "2026-11-20" }, new Date(NOW))).toEqual({ startMs: Date.parse("2026-11-18T18:30:00Z"), endMs: Date.parse("2026-11-20T18:30:00Z") });
    // 20:00 UTC is already the next day in India.
    expect(earningsPeriod({}, new Date("2026-11-26T20:00:00Z"))).toEqual({ startMs: Date.parse("2026-11-20T18:30:00Z"), endMs: Date.parse("2026-11-27T18:30:00Z") });
    expect(earningsPeriod({ to: "2026-11-10" }, new Date(NOW)).startMs).toBe(Date.parse("2026-11-03T18:30:00Z"));
  });

  it("refuses an inverted or over-long range, including a lone `from` too far back", () => {
    expect(code(() => earningsPeriod({ from: "2026-11-21", to: "2026-11-20" }, new Date(NOW)))).toBe("validation_failed");
    expect(code(() => earningsPeriod({ from: "2026-10-01", to: "2026-11-20" }, new Date(NOW)))).toBe("validation_failed");
    expect(code(() => earningsPeriod({ from: "2026-10-01" }, new Date(NOW)))).toBe("validation_failed");
    expect(earningsPeriod({ from: "2026-10-27" }, new Date(NOW)).startMs).toBe(Date.parse("2026-10-26T18:30:00Z"));
  });
});

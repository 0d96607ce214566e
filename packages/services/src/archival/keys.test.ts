import { describe, expect, it } from "vitest";
import { APPWRITE_ID_PATTERN } from "@chizze/core";
import { archivalRunKey, archiveFileName, batchIdentity, isoWeekOf } from "./keys";

const batch = { firstId: "ord_a", firstPlacedAt: "2025-03-01T10:00:00.000+00:00", lastId: "ord_z", lastPlacedAt: "2025-03-03T23:59:00.000+00:00", count: 1000, checksum: "9f".repeat(32) };

describe("batch identity", () => {
  it("is a pure function of the batch: same content, same key and id", () => {
    const a = batchIdentity(batch);
    expect(batchIdentity({ ...batch })).toEqual(a);
    expect(a.batchKey).toMatch(/^orders:20250301-20250303:[0-9a-f]{20}$/);
    expect(a.batchKey.length).toBeLessThanOrEqual(64);
    expect(a.id).toMatch(APPWRITE_ID_PATTERN);
    expect(a.id).toMatch(/^arc_[0-9a-f]{32}$/);
  });

  it("differs when the boundaries, the count or the content differ", () => {
    const keys = new Set([
      batchIdentity(batch).batchKey,
      batchIdentity({ ...batch, lastId: "ord_y" }).batchKey,
      batchIdentity({ ...batch, count: 999 }).batchKey,
      batchIdentity({ ...batch, checksum: "0e".repeat(32) }).batchKey,
    ]);
    expect(keys.size).toBe(4);
  });

  it("names the file with the bucket's only extension", () => {
    expect(archiveFileName(batchIdentity(batch).batchKey)).toMatch(/^orders_20250301-20250303_[0-9a-f]{20}\.json\.gz$/);
  });
});

describe("ISO week", () => {
  it.each([
    ["2021-01-03T12:00:00Z", "2020-W53"],
    ["2021-01-04T00:00:00Z", "2021-W01"],
    ["2025-11-23T21:45:00Z", "2025-W47"],
    ["2025-12-29T03:00:00Z", "2026-W01"],
    ["2026-06-15T00:00:00Z", "2026-W25"],
  ])("%s is in %s", (at, week) => {
    expect(isoWeekOf(new Date(at))).toBe(week);
    expect(archivalRunKey(new Date(at))).toBe(`archival:${week}`);
  });
});

import { describe, expect, it } from "vitest";
import { counterIdFor, financialYearOf, invoiceNumberFor, MAX_SEQ } from "./numbering";

describe("financial year (IST, April–March)", () => {
  it("turns at 1 April 00:00 IST, not UTC", () => {
    expect(financialYearOf(new Date("2026-03-31T18:29:59.999Z"))).toBe("2025-26"); // 31 Mar 23:59:59 IST
    expect(financialYearOf(new Date("2026-03-31T18:30:00.000Z"))).toBe("2026-27"); // 1 Apr 00:00 IST
    expect(financialYearOf(new Date("2026-01-15T06:00:00Z"))).toBe("2025-26");
    expect(financialYearOf(new Date("2099-12-31T00:00:00Z"))).toBe("2099-00");
  });
});

describe("invoice numbers", () => {
  it("are 16 characters of [A-Z0-9/-] and sort by serial within a year", () => {
    expect(invoiceNumberFor("2025-26", 123)).toBe("CHZ2526/00000123");
    for (const n of [invoiceNumberFor("2025-26", 1), invoiceNumberFor("2099-00", MAX_SEQ)]) expect(n).toMatch(/^[A-Z0-9/-]{16}$/);
    expect(invoiceNumberFor("2025-26", 9) < invoiceNumberFor("2025-26", 10)).toBe(true);
  });
  it("refuse a serial outside 1..MAX_SEQ", () => {
    expect(() => invoiceNumberFor("2025-26", 0)).toThrow(RangeError);
    expect(() => invoiceNumberFor("2025-26", MAX_SEQ + 1)).toThrow(RangeError);
  });
  it("have one counter row per year with a valid Appwrite id", () => {
    expect(counterIdFor("2025-26")).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/);
    expect(counterIdFor("2025-26")).not.toBe(counterIdFor("2026-27"));
  });
});

// Event-name generation (wire spec §7.1): counts, first names, and that the patterns functions subscribe to match.
import { describe, expect, it } from "vitest";
import { functionEventNames, matchesEvent, realtimeEventNames, rowChannels } from "./events";

const ref = { databaseId: "chizze", tableId: "orders", rowId: "o1" };

describe("row event names", () => {
  it("function events: 42 names, legacy documents form first, no tablesdb prefix", () => {
    const names = functionEventNames(ref, "create");
    expect(names).toHaveLength(42);
    expect(new Set(names).size).toBe(42);
    expect(names[0]).toBe("databases.chizze.collections.orders.documents.o1.create");
    expect(names[1]).toBe("databases.chizze.tables.orders.rows.o1.create");
    expect(names.some((n) => n.startsWith("tablesdb."))).toBe(false);
  });

  it("realtime events: 64 names, tablesdb form first", () => {
    const names = realtimeEventNames(ref, "update");
    expect(names).toHaveLength(64);
    expect(new Set(names).size).toBe(64);
    expect(names[0]).toBe("tablesdb.chizze.tables.orders.rows.o1.update");
    expect(names).toContain("databases.chizze.collections.orders.documents.o1.update");
    expect(names).toContain("tablesdb.*");
  });

  it.each([
    "databases.*.tables.*.rows.*.create",
    "databases.chizze.tables.orders.rows.*.create",
    "databases.chizze.tables.orders.rows.*",
    "databases.chizze.collections.orders.documents.*.create",
    "databases.*.collections.*.documents.o1",
    "databases.chizze.tables.orders",
    "databases.*",
  ])("a function subscribed to %s fires on a create", (pattern) => {
    expect(matchesEvent(pattern, functionEventNames(ref, "create"))).toBe(true);
  });

  it.each([
    ["databases.chizze.tables.orders.rows.*.update", "create"],
    ["databases.chizze.tables.orders.rows", "create"],
    ["databases.chizze.tables.orders.create", "create"],
    ["databases.other.tables.*.rows.*.create", "create"],
    ["tablesdb.*.tables.*.rows.*.create", "create"],
  ] as const)("%s does not match a %s", (pattern, action) => {
    expect(matchesEvent(pattern, functionEventNames(ref, action))).toBe(false);
  });

  it("databases.chizze.tables.orders.rows.*.update matches an update", () => {
    expect(matchesEvent("databases.chizze.tables.orders.rows.*.update", functionEventNames(ref, "update"))).toBe(true);
  });

  it("channels: all row channels plus action-suffixed copies", () => {
    const channels = rowChannels(ref, "delete");
    expect(channels).toHaveLength(16);
    expect(channels).toContain("documents");
    expect(channels).toContain("databases.chizze.collections.orders.documents.o1");
    expect(channels).toContain("tablesdb.chizze.tables.orders.rows");
    expect(channels).toContain("tablesdb.chizze.tables.orders.rows.o1.delete");
    expect(channels).toContain("rows.delete");
  });
});

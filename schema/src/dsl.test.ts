import { describe, expect, it } from "vitest";
import { z } from "zod";
import { boolean, datetime, defineTable, desc, enumArray, enumeration, id, idx, integer, json, paise, point, string, stringArray } from "./dsl";

function table(columns: Parameters<typeof defineTable>[0]["columns"], indexes: Parameters<typeof defineTable>[0]["indexes"] = []) {
  return defineTable({ id: "t", name: "t", description: "", rowSecurity: false, permissions: [], columns, indexes });
}

describe("dsl: column rules Appwrite enforces", () => {
  it("refuses a default on a required column or an array", () => {
    expect(() => integer({ required: true, default: 1 })).toThrow(/default/);
    expect(() => string(10, { required: true, default: "x" })).toThrow(/default/);
  });

  it("spec carries the default only where allowed", () => {
    expect(boolean({ default: false }).spec).toMatchObject({ type: "boolean", required: false, default: false });
    expect(stringArray(10).spec).toMatchObject({ array: true, default: null });
    expect(enumArray(["a", "b"]).spec).toMatchObject({ format: "enum", elements: ["a", "b"], array: true, default: null });
  });

  it("ids follow Appwrite's custom-id rule", () => {
    const c = id({ required: true });
    expect(c.write.safeParse("ord_01J9.x-y").success).toBe(true);
    expect(c.write.safeParse("_leading").success).toBe(false);
    expect(c.write.safeParse("has space").success).toBe(false);
    expect(c.write.safeParse("a".repeat(37)).success).toBe(false);
  });

  it("json columns check parse and shape; plain ones only parse", () => {
    const shaped = json(100, { shape: z.array(z.number()) });
    expect(shaped.write.safeParse("[1,2]").success).toBe(true);
    expect(shaped.write.safeParse('["a"]').success).toBe(false);
    expect(shaped.write.safeParse("[1,").success).toBe(false);
    expect(shaped.write.safeParse(`[${"1,".repeat(60)}1]`).success).toBe(false); // over size
    const plain = json(100);
    expect(plain.write.safeParse('{"a":1}').success).toBe(true);
    expect(plain.write.safeParse("not json").success).toBe(false);
  });

  it("paise are non-negative integers unless signed", () => {
    expect(paise().write.safeParse(-1).success).toBe(false);
    expect(paise().write.safeParse(1.5).success).toBe(false);
    expect(paise({ signed: true }).write.safeParse(-1).success).toBe(true);
  });

  it("datetimes need an ISO instant with Z or offset", () => {
    const c = datetime({ required: true });
    expect(c.read.safeParse("2026-11-26T12:30:00.000+00:00").success).toBe(true);
    expect(c.read.safeParse("2026-11-26T12:30:00Z").success).toBe(true);
    expect(c.read.safeParse("2026-11-26").success).toBe(false);
  });

  it("optional columns read as nullable and write as optional", () => {
    const c = enumeration(["a", "b"]);
    expect(c.read.safeParse(null).success).toBe(true);
    expect(c.write.safeParse(undefined).success).toBe(true);
    expect(c.write.safeParse("c").success).toBe(false);
    const r = enumeration(["a", "b"], { required: true });
    expect(r.read.safeParse(null).success).toBe(false);
  });

  it("string patterns are enforced", () => {
    const c = string(6, { pattern: /^\d{6}$/ });
    expect(c.write.safeParse("560038").success).toBe(true);
    expect(c.write.safeParse("56003a").success).toBe(false);
  });
});

describe("dsl: index rules Appwrite enforces", () => {
  const cols = { a: id(), b: integer(), tags: stringArray(16), loc: point(), n: integer() };

  it("builds orders from desc()", () => {
    const t = table(cols, [idx.key("k", ["a", desc("b")])]);
    expect(t.indexes[0]).toEqual({ key: "k", type: "key", columns: ["a", "b"], orders: ["ASC", "DESC"] });
  });

  it.each([
    ["an unknown column", [idx.key("k", ["nope"])], /unknown column/],
    ["an array column", [idx.key("k", ["tags"])], /array column/],
    ["a spatial column in a key index", [idx.key("k", ["loc"])], /spatial/],
    ["fulltext on an integer", [idx.fulltext("k", ["b"])], /fulltext/],
    ["a repeated column", [idx.key("k", ["a", "a"])], /repeats/],
    ["a repeated key", [idx.key("k", ["a"]), idx.key("k", ["b"])], /twice/],
    ["a duplicate index", [idx.key("k1", ["a"]), idx.key("k2", ["a"])], /duplicates/],
    ["an invalid key", [idx.key("bad-key", ["a"])], /invalid index key/],
  ])("rejects %s", (_, indexes, message) => {
    expect(() => table(cols, indexes)).toThrow(message);
  });

  it("rejects mismatched orders and invalid ids/keys", () => {
    expect(() => table(cols, [{ key: "k", type: "key", columns: ["a", "b"], orders: ["ASC"] }])).toThrow(/orders/);
    expect(() => defineTable({ id: "-bad", name: "", description: "", rowSecurity: false, permissions: [], columns: {}, indexes: [] })).toThrow(/table id/);
    expect(() => table({ "bad-key": id() })).toThrow(/column key/);
  });
});

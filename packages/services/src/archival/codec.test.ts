import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ARCHIVE_FORMAT, CorruptArchive, archivedRow, canonicalJson, decodeArchive, encodeArchive, sha256Of, type ArchivedRecord } from "./codec";

const record = (id: string, extra: Record<string, unknown> = {}): ArchivedRecord => ({
  order: { $id: id, $createdAt: "2025-01-01T10:00:00.000+00:00", $permissions: ['read("user:u1")'], status: "delivered", version: 7, items: '[{"name":"Dosa"}]', ...extra },
  events: [{ $id: `oev_${id}_1`, order_id: id, seq: 1, data: null }],
  payments: [],
  refunds: [{ $id: `rfd_${id}`, order_id: id, amount_paise: 1_250 }],
});

describe("archive codec", () => {
  it("serialises equal data to equal bytes whatever the key order", async () => {
    const a = record("ord_1", { b: 2, a: 1 });
    const b: ArchivedRecord = { refunds: a.refunds, payments: [], events: a.events, order: Object.fromEntries(Object.entries(a.order).reverse()) as ArchivedRecord["order"] };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    const [ea, eb] = await Promise.all([encodeArchive([a]), encodeArchive([b])]);
    expect(ea.checksum).toBe(eb.checksum);
    expect(ea.gz.equals(eb.gz)).toBe(true);
    expect(ea.checksum).toBe(sha256Of(ea.gz));
  });

  it("round-trips records exactly", async () => {
    const records = [record("ord_1"), record("ord_2", { cancel_note: "naïve café — ₹" })];
    const doc = await decodeArchive((await encodeArchive(records)).gz);
    expect(doc).toEqual({ format: ARCHIVE_FORMAT, orderCount: 2, records });
  });

  it("changes the checksum when any value changes", async () => {
    const one = await encodeArchive([record("ord_1")]);
    const two = await encodeArchive([record("ord_1", { version: 8 })]);
    expect(one.checksum).not.toBe(two.checksum);
  });

  it("refuses what is not a whole archive", async () => {
    const { gz } = await encodeArchive([record("ord_1")]);
    await expect(decodeArchive(gz.subarray(0, gz.length - 8))).rejects.toBeInstanceOf(CorruptArchive);
    await expect(decodeArchive(Buffer.from("not gzip"))).rejects.toBeInstanceOf(CorruptArchive);
    await expect(decodeArchive(gzipSync('{"format":"other"}'))).rejects.toThrow(/shape/);
    await expect(decodeArchive(gzipSync(JSON.stringify({ format: ARCHIVE_FORMAT, orderCount: 3, records: [record("ord_1")] })))).rejects.toThrow(/3 orders/);
  });

  it("keeps every column and the restorable system fields of a row, nothing else", () => {
    expect(archivedRow({ $id: "ord_1", $sequence: 42, $tableId: "orders", $databaseId: "chizze", $createdAt: "c", $updatedAt: "u", $permissions: [], status: "delivered", coupon_id: null })).toEqual({
      $id: "ord_1",
      $createdAt: "c",
      $updatedAt: "u",
      $permissions: [],
      status: "delivered",
      coupon_id: null,
    });
    expect(() => archivedRow({ status: "delivered" })).toThrow(/\$id/);
  });
});

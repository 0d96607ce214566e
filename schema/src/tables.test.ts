import { describe, expect, it } from "vitest";
import type { ColumnSpec, IndexSpec, Table } from "./dsl";
import {
  ADMIN_READ,
  DATABASE_ID,
  PUBLIC_READ,
  T,
  buckets,
  indexLength,
  MAX_INDEX_LENGTH,
  MAX_ROW_WIDTH_BYTES,
  rowWidth,
  tables,
} from "./index";
import { KeysColumns, creatableTypes, stringFormats } from "./testing/cli";

const ID_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;
const KEY_RULE = /^[a-z][a-z0-9_]{0,35}$/;

// MariaDB reserved words Appwrite's SQL adapter lists (utopia-php/database getKeywords) that read like column
// names; a column named after one is avoided so no adapter has to quote it.
const SQL_KEYWORDS = new Set(["key", "keys", "date", "time", "timestamp", "body", "cursor", "order", "index", "range", "read", "write", "position", "values", "usage", "system", "text", "enum", "period", "history", "lock", "option", "condition", "interval", "current_date"]);

const specs = tables.flatMap((t) => t.columnSpecs.map((c) => ({ table: t.id, c })));

function findIndex(table: Table, type: IndexSpec["type"], columns: string[], orders?: IndexSpec["orders"]): IndexSpec | undefined {
  return table.indexes.find(
    (i) =>
      i.type === type &&
      i.columns.length === columns.length &&
      i.columns.every((c, n) => c === columns[n]) &&
      (orders === undefined || i.orders.every((o, n) => o === orders[n])),
  );
}

describe("tables: what appwrite-cli 12 can push", () => {
  it("has the whole data model, every table once", () => {
    expect(DATABASE_ID).toBe("chizze");
    expect(tables.length).toBe(Object.keys(T).length);
    expect(new Set(tables.map((t) => t.id)).size).toBe(tables.length);
    for (const [key, table] of Object.entries(T)) expect(table.id).toBe(key);
    expect(tables.length).toBeGreaterThanOrEqual(31);
  });

  it.each(specs)("$table.$c.key uses only whitelisted keys and a creatable type", ({ c }) => {
    for (const k of Object.keys(c)) expect(KeysColumns.has(k), `key ${k}`).toBe(true);
    expect(creatableTypes.has(c.type), `type ${c.type}`).toBe(true);
    if ("format" in c && c.type === "string") expect(stringFormats.has(c.format!)).toBe(true);
  });

  it("uses no type appwrite-cli 12 cannot create (varchar/text/bigint/float)", () => {
    const types = new Set(specs.map(({ c }) => c.type as string));
    for (const bad of ["varchar", "text", "mediumtext", "longtext", "bigint", "float"]) expect(types.has(bad)).toBe(false);
  });

  it.each(specs)("$table.$c.key has no default when required or an array", ({ c }) => {
    const isArray = "array" in c && c.array;
    if (c.required || isArray) expect(c.default).toBeNull();
  });

  it.each(specs)("$table.$c.key: default satisfies the column's own rules", ({ table, c }) => {
    if (c.default === null) return;
    const column = T[table as keyof typeof T].columns[c.key as never] as { read: { safeParse(v: unknown): { success: boolean } } };
    expect(column.read.safeParse(c.default).success).toBe(true);
  });

  it.each(specs)("$table.$c.key: sizes and ranges are sane", ({ c }) => {
    if (c.type === "string" && "size" in c) expect(c.size).toBeGreaterThan(0);
    if (c.type === "integer" || c.type === "double") expect(c.min).toBeLessThanOrEqual(c.max);
    if (c.type === "string" && "elements" in c) {
      expect(c.elements.length).toBeGreaterThan(0);
      expect(new Set(c.elements).size).toBe(c.elements.length);
    }
  });

  it("money columns are integer paise named *_paise; no other column holds money", () => {
    for (const { table, c } of specs) {
      if (c.key.endsWith("_paise")) {
        expect(c.type, `${table}.${c.key}`).toBe("integer");
        const signedOk = table === "payouts" && c.key === "adjustment_paise";
        if (c.type === "integer" && !signedOk) expect(c.min, `${table}.${c.key}`).toBe(0);
      }
      expect(c.key, `${table}.${c.key}`).not.toMatch(/(?:amount|price|total|fee)$/);
    }
  });

  it("times are datetime columns named *_at (or a day / hour bucket)", () => {
    for (const { table, c } of specs) {
      if (c.type === "datetime") expect(`${table}.${c.key}`).toMatch(/(?:_at|\.at|_start|_end|_until|_from)$/);
      if (c.key.endsWith("_at")) expect(c.type, `${table}.${c.key}`).toBe("datetime");
    }
  });

  it("distances are integer metres named *_m", () => {
    for (const { table, c } of specs) if (/distance|radius/.test(c.key)) expect(`${table}.${c.key}:${c.type}`).toMatch(/_m:integer$/);
  });
});

describe("tables: ids, keys and storage limits", () => {
  it.each(tables.map((t) => ({ id: t.id, t })))("$id: table id, column and index keys ≤36 chars, snake_case", ({ t }) => {
    expect(t.id).toMatch(ID_RULE);
    expect(t.id).toMatch(KEY_RULE);
    for (const c of t.columnSpecs) {
      expect(c.key).toMatch(KEY_RULE);
      expect(SQL_KEYWORDS.has(c.key), `${t.id}.${c.key} is an SQL keyword`).toBe(false);
    }
    for (const i of t.indexes) expect(i.key).toMatch(KEY_RULE);
    expect(new Set(t.indexes.map((i) => i.key)).size).toBe(t.indexes.length);
  });

  it.each(tables.map((t) => ({ id: t.id, t })))("$id: every index names existing, indexable columns, orders match", ({ t }) => {
    const byKey = new Map<string, ColumnSpec>(t.columnSpecs.map((c) => [c.key, c]));
    for (const i of t.indexes) {
      expect(i.columns.length).toBeGreaterThan(0);
      expect(i.orders).toHaveLength(i.columns.length);
      for (const o of i.orders) expect(["ASC", "DESC"]).toContain(o);
      for (const col of i.columns) {
        const spec = byKey.get(col);
        expect(spec, `${t.id}.${i.key} → ${col}`).toBeDefined();
        expect("array" in spec! && spec.array, `${t.id}.${i.key}: array column ${col}`).toBe(false);
        if (i.type === "fulltext") expect(spec!.type).toBe("string");
      }
    }
  });

  it.each(tables.map((t) => ({ id: t.id, t })))("$id: fits MariaDB's row width and index length limits", ({ t }) => {
    expect(rowWidth(t)).toBeLessThanOrEqual(MAX_ROW_WIDTH_BYTES);
    for (const i of t.indexes) expect(indexLength(t, i), `${t.id}.${i.key}`).toBeLessThanOrEqual(MAX_INDEX_LENGTH);
  });

  it("the limit checks can fail: a table of wide strings is over the row limit", () => {
    const wide = { ...T.orders, columnSpecs: Array.from({ length: 5 }, (_, n) => ({ ...T.orders.columnSpecs[0]!, key: `c${n}`, size: 16_000 })) } as Table;
    expect(rowWidth(wide)).toBeGreaterThan(MAX_ROW_WIDTH_BYTES);
  });

  it("bucket ids follow the id rule and are unique", () => {
    for (const b of buckets) expect(b.$id).toMatch(ID_RULE);
    expect(new Set(buckets.map((b) => b.$id)).size).toBe(buckets.length);
  });
});

describe("tables: design-doc indexes (production-architecture §4.3), matched by columns and orders", () => {
  const cases: [Table, IndexSpec["type"], string[], IndexSpec["orders"]][] = [
    [T.orders, "key", ["customer_id", "status"], ["ASC", "ASC"]],
    [T.orders, "key", ["restaurant_id", "placed_at"], ["ASC", "DESC"]],
    [T.orders, "key", ["delivery_partner_id", "status"], ["ASC", "ASC"]],
    [T.orders, "key", ["status", "placed_at"], ["ASC", "DESC"]],
    [T.orders, "fulltext", ["order_number"], ["ASC"]],
    [T.orders, "key", ["customer_id", "placed_at"], ["ASC", "DESC"]],
    [T.restaurants, "key", ["city", "is_online", "rating"], ["ASC", "ASC", "DESC"]],
    [T.restaurants, "key", ["owner_id"], ["ASC"]],
    [T.restaurants, "fulltext", ["name"], ["ASC"]],
    [T.restaurants, "key", ["city", "lat"], ["ASC", "ASC"]],
    [T.menu_items, "key", ["restaurant_id", "is_available", "sort_order"], ["ASC", "ASC", "ASC"]],
    [T.menu_items, "key", ["restaurant_id", "is_bestseller"], ["ASC", "ASC"]],
    [T.menu_items, "fulltext", ["name"], ["ASC"]],
    [T.cuisines, "fulltext", ["name"], ["ASC"]],
    [T.delivery_partners, "key", ["is_online", "is_on_delivery"], ["ASC", "ASC"]],
    [T.delivery_locations, "key", ["order_id", "recorded_at"], ["ASC", "DESC"]],
    [T.reviews, "key", ["restaurant_id", "food_rating", "created_at"], ["ASC", "ASC", "DESC"]],
    [T.dispatch_offers, "key", ["partner_id", "status"], ["ASC", "ASC"]],
    [T.dispatch_offers, "key", ["status", "expires_at"], ["ASC", "ASC"]],
  ];
  it.each(cases.map(([t, type, cols, orders]) => ({ name: `${t.id} ${type} [${cols.join(", ")}] ${orders.join(",")}`, t, type, cols, orders })))(
    "$name",
    ({ t, type, cols, orders }) => {
      expect(findIndex(t, type, cols, orders)).toBeDefined();
    },
  );

  it("a missing index is reported (the matcher is not vacuous)", () => {
    expect(findIndex(T.orders, "key", ["restaurant_id", "placed_at"], ["ASC", "ASC"])).toBeUndefined();
    expect(findIndex(T.orders, "unique", ["customer_id"])).toBeUndefined();
  });
});

describe("tables: unique keys the invariants rely on", () => {
  const cases: [Table, string[], string][] = [
    [T.orders, ["order_number"], "order numbers are unique"],
    [T.orders, ["idempotency_key_hash"], "I1: one order per (user, route, key)"],
    [T.payments, ["razorpay_order_id"], "I2: one Razorpay order per payment row"],
    [T.payments, ["order_id"], "I2: one payment row per order"],
    [T.payment_events, ["event_id"], "I6: each webhook event recorded once"],
    [T.refunds, ["idempotency_key"], "I5: refund exactly once"],
    [T.coupons, ["code"], "coupon codes are unique"],
    [T.coupon_redemptions, ["coupon_id", "user_id", "slot"], "I10: per-user limit under concurrency"],
    [T.reviews, ["order_id"], "one review per order"],
    [T.ledger_entries, ["txn_id", "account", "kind"], "ledger postings are idempotent"],
    [T.idempotency_keys, ["key_hash"], "durable idempotency claim"],
    [T.order_events, ["order_id", "seq"], "I7: one transition per order version"],
    [T.dispatch_offers, ["order_id", "round"], "one offer per dispatch round"],
    [T.notifications, ["event_key"], "one notification per event"],
    [T.invoices, ["invoice_number"], "GST invoice numbers unique"],
    [T.invoices, ["financial_year", "seq"], "gapless numbering per financial year"],
    [T.invoices, ["order_id"], "one invoice per order"],
    [T.payouts, ["idempotency_key"], "one payout per payee and period"],
    [T.counters, ["name"], "one counter per name"],
    [T.analytics_daily, ["restaurant_id", "day"], "one row per restaurant-day"],
    [T.analytics_slo, ["hour_start"], "one row per hour"],
    [T.profiles, ["user_id"], "one profile per user"],
    [T.delivery_partners, ["user_id"], "one partner per user"],
    [T.restaurants, ["slug"], "restaurant slugs are unique"],
    [T.cuisines, ["slug"], "cuisine slugs are unique"],
    [T.feature_flags, ["flag_key"], "one flag per key"],
    [T.app_config, ["platform"], "one config per platform"],
    [T.job_runs, ["run_key"], "one run per job window"],
    [T.archives, ["batch_key"], "one archive per batch"],
    [T.favorites, ["user_id", "restaurant_id"], "favourite once"],
  ];
  it.each(cases.map(([t, cols, why]) => ({ name: `${t.id} unique [${cols.join(", ")}]: ${why}`, t, cols })))("$name", ({ t, cols }) => {
    expect(findIndex(t, "unique", cols)).toBeDefined();
  });

  it("coupon_redemptions answers [coupon_id, user_id] lookups through the unique index prefix", () => {
    expect(T.coupon_redemptions.indexes.some((i) => i.columns[0] === "coupon_id" && i.columns[1] === "user_id")).toBe(true);
  });
});

describe("tables: permissions", () => {
  const PUBLIC = ["cuisines", "restaurants", "menu_categories", "menu_items", "zones", "app_config"];
  const PERSONAL = [
    "profiles",
    "addresses",
    "favorites",
    "orders",
    "order_events",
    "payments",
    "refunds",
    "notifications",
    "delivery_locations",
    "reviews",
    "dispatch_offers",
    "invoices",
    "delivery_partners",
    "payouts",
  ];

  it.each(tables.map((t) => ({ id: t.id, t })))("$id grants users nothing but read", ({ t }) => {
    for (const p of t.permissions) expect(p).toMatch(/^read\("/);
    expect(t.permissions.some((p) => /users|guests/.test(p))).toBe(false);
  });

  it("catalog tables are world-readable without row security", () => {
    for (const id of PUBLIC) {
      const t = T[id as keyof typeof T];
      expect(t.permissions, id).toEqual([...PUBLIC_READ]);
      expect(t.rowSecurity, id).toBe(false);
    }
  });

  it("only catalog tables are world-readable; coupons and feature flags are not", () => {
    const world = tables.filter((t) => t.permissions.some((p) => p.includes('"any"'))).map((t) => t.id);
    expect(world.sort()).toEqual([...PUBLIC].sort());
    expect(T.coupons.permissions).toEqual([...ADMIN_READ]);
    expect(T.feature_flags.permissions).toEqual([...ADMIN_READ]);
  });

  it("personal tables use row security and admin-only table read", () => {
    for (const id of PERSONAL) {
      const t = T[id as keyof typeof T];
      expect(t.rowSecurity, id).toBe(true);
      expect(t.permissions, id).toEqual([...ADMIN_READ]);
    }
  });

  it("internal tables are not readable by users at all", () => {
    for (const t of tables) {
      if (PUBLIC.includes(t.id) || PERSONAL.includes(t.id)) continue;
      expect(t.rowSecurity, t.id).toBe(false);
      expect(t.permissions, t.id).toEqual([...ADMIN_READ]);
    }
  });

  it("buckets: archives private, invoices/exports per file, menu images public", () => {
    const byId = new Map(buckets.map((b) => [b.$id, b]));
    expect(byId.get("archives")).toMatchObject({ $permissions: [], fileSecurity: false });
    expect(byId.get("invoices")).toMatchObject({ $permissions: [], fileSecurity: true, allowedFileExtensions: ["pdf"] });
    expect(byId.get("exports")).toMatchObject({ $permissions: [], fileSecurity: true });
    expect(byId.get("menu-images")).toMatchObject({ $permissions: ['read("any")'], fileSecurity: false });
    for (const b of buckets) {
      expect(b.maximumFileSize).toBeLessThanOrEqual(30_000_000);
      for (const p of b.$permissions) expect(p).toMatch(/^read\(/);
    }
  });
});

// The query compiler keeps list queries on indexes: checked with EXPLAIN QUERY PLAN on a real SQLite catalog
// (a plan check, not a timing), including the row-permission filter of rowSecurity tables.
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { Catalog } from "./catalog";
import { Params } from "./params";
import { createColumnSpec } from "./columns";
import { indexSpec } from "./indexes";
import { parseQueries } from "./queries";
import { compileList } from "./sql";
import { registerSqlFunctions } from "./sqlfunctions";

const db = new Database(":memory:");
registerSqlFunctions(db);
const catalog = new Catalog(db);
const now = "2025-01-01T00:00:00.000+00:00";
catalog.createDatabase("m", "m", true, now);
let t = catalog.createTable("m", "orders", { name: "orders", enabled: true, rowSecurity: true, permissions: [] }, now);
t = catalog.addColumn(t, createColumnSpec("varchar", new Params({ key: "userId", size: 36, required: true }), now, false), false);
t = catalog.addColumn(t, createColumnSpec("integer", new Params({ key: "amount", required: true }), now, false), false);
t = catalog.addIndex(t, indexSpec(t, new Params({ key: "i_user", type: "key", columns: ["userId", "amount"] }), "columns", now, false));

afterAll(() => db.close());

const plan = (queries: string[], roles?: string[]): string => {
  const q = compileList(db, t, parseQueries(queries), roles);
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[];
  return rows.map((r) => r.detail).join(" | ");
};

describe("query plans", () => {
  // The appended `$sequence ASC` tiebreak matches the rowid suffix of every index, so ascending orders need no sort.
  it("equal + order on an indexed column searches the index without sorting", () => {
    const p = plan(['{"method":"equal","attribute":"userId","values":["u1"]}', '{"method":"orderAsc","attribute":"amount"}']);
    expect(p).toMatch(/SEARCH .* USING INDEX "?i_\d+_i_user"?/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it("the rowSecurity filter uses the permission table's primary key", () => {
    const p = plan(['{"method":"equal","attribute":"userId","values":["u1"]}'], ["any", "user:u1", "users"]);
    expect(p).toMatch(/USING INDEX "?i_\d+_i_user"?/);
    expect(p).toMatch(/p_\d+ USING PRIMARY KEY/);
  });

  it("a cursor on $sequence order is a range search on the rowid", () => {
    db.prepare(`INSERT INTO ${t.rowsTable} (_id, _createdAt, _updatedAt, _permissions, "c_userId", "c_amount") VALUES ('r1', ?, ?, '[]', 'u1', 1)`).run(now, now);
    expect(plan(['{"method":"cursorAfter","values":["r1"]}'])).toMatch(/SEARCH .* USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  });
});

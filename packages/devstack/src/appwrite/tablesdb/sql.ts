// Query plan → SQL over a row table: WHERE (filters + row-permission filter), keyset cursor, ORDER BY with the
// `$sequence` tiebreak, LIMIT/OFFSET, and the capped count. Nothing is filtered in JS, so indexes do the work.
import type Database from "better-sqlite3";
import { AppwriteError } from "../errors";
import type { Filter, QueryPlan } from "./queries";
import { DEFAULT_LIMIT } from "./queries";
import { columnName, SYSTEM_COLUMNS } from "./sqlnames";
import { stmt } from "./statements";
import type { ColumnSpec, ColumnType, TableMeta } from "./types";
import { encodeQueryValue, normaliseDatetime } from "./values";

/** `total` is a count capped at 5000 (APP_LIMIT_COUNT). */
export const COUNT_CAP = 5000;

type AttrType = ColumnType | "sequence";
interface Attr {
  sql: string;
  type: AttrType;
  array: boolean;
  key: string;
}

const bad = (message: string): AppwriteError => new AppwriteError("general_query_invalid", `Invalid query: ${message}`);

const SYSTEM_TYPES: Record<string, AttrType> = { $id: "string", $sequence: "sequence", $createdAt: "datetime", $updatedAt: "datetime" };

export function resolveAttr(t: TableMeta, key: string): Attr {
  const system = SYSTEM_COLUMNS[key];
  if (system) return { sql: system, type: SYSTEM_TYPES[key] as AttrType, array: false, key };
  const col = t.columns.find((c) => c.key === key);
  if (!col) throw bad(`Attribute not found in schema: ${key}`);
  return { sql: columnName(col.key), type: col.type, array: col.array, key };
}

const NUMERIC = new Set<AttrType>(["integer", "bigint", "double", "sequence"]);
const STRINGY = new Set<AttrType>(["string", "varchar", "text", "mediumtext", "longtext"]);

/** Checks a query value against the attribute type and returns it in stored form. */
function queryValue(a: Attr, v: unknown): unknown {
  const ok =
    (NUMERIC.has(a.type) && (typeof v === "number" || (a.type === "sequence" && typeof v === "string" && /^\d+$/.test(v)))) ||
    (STRINGY.has(a.type) && typeof v === "string") ||
    (a.type === "boolean" && typeof v === "boolean") ||
    (a.type === "datetime" && normaliseDatetime(v) !== undefined);
  if (!ok) throw bad(`Query value is invalid for attribute "${a.key}"`);
  return encodeQueryValue(a.type, v);
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** Compiles one filter into a SQL condition, pushing its parameters. */
function compileFilter(t: TableMeta, f: Filter, params: unknown[]): string {
  if ("queries" in f) {
    const parts = f.queries.map((q) => compileFilter(t, q, params));
    return `(${parts.join(f.method === "and" ? " AND " : " OR ")})`;
  }
  const a = resolveAttr(t, f.attribute);
  const col = a.sql;
  const one = (): unknown => queryValue(a, f.values[0]);
  const noArray = (): void => {
    if (a.array) throw bad(`Cannot query ${f.method} on attribute "${a.key}" because it is an array.`);
  };
  switch (f.method) {
    case "equal": {
      noArray();
      const vs = f.values.map((v) => queryValue(a, v));
      params.push(...vs);
      return `${col} IN (${vs.map(() => "?").join(", ")})`;
    }
    case "notEqual":
      noArray();
      params.push(one());
      return `${col} != ?`;
    case "lessThan":
    case "lessThanEqual":
    case "greaterThan":
    case "greaterThanEqual": {
      noArray();
      const op = { lessThan: "<", lessThanEqual: "<=", greaterThan: ">", greaterThanEqual: ">=" }[f.method];
      params.push(one());
      return `${col} ${op} ?`;
    }
    case "between":
    case "notBetween":
      noArray();
      params.push(queryValue(a, f.values[0]), queryValue(a, f.values[1]));
      return `${col} ${f.method === "notBetween" ? "NOT " : ""}BETWEEN ? AND ?`;
    case "isNull":
      return `${col} IS NULL`;
    case "isNotNull":
      return `${col} IS NOT NULL`;
    case "startsWith":
    case "notStartsWith":
    case "endsWith":
    case "notEndsWith": {
      noArray();
      const v = one();
      if (typeof v !== "string") throw bad(`Query value is invalid for attribute "${a.key}"`);
      params.push(f.method.toLowerCase().includes("starts") ? `${likeEscape(v)}%` : `%${likeEscape(v)}`);
      return f.method.startsWith("not") ? `(${col} IS NULL OR ${col} NOT LIKE ? ESCAPE '\\')` : `${col} LIKE ? ESCAPE '\\'`;
    }
    case "regex":
      params.push(String(f.values[0]));
      return `${col} REGEXP ?`;
    case "contains":
    case "containsAny":
    case "containsAll":
    case "notContains": {
      if (a.array) {
        // Membership: EXISTS over json_each of the JSON array text.
        const vs = f.values.map((v) => queryValue(a, v));
        if (f.method === "containsAll") {
          params.push(...vs);
          return `(${vs.map(() => `EXISTS (SELECT 1 FROM json_each(${col}) WHERE value = ?)`).join(" AND ")})`;
        }
        params.push(...vs);
        const exists = `EXISTS (SELECT 1 FROM json_each(${col}) WHERE value IN (${vs.map(() => "?").join(", ")}))`;
        return f.method === "notContains" ? `NOT ${exists}` : exists;
      }
      if (!STRINGY.has(a.type)) throw bad(`Cannot query ${f.method} on attribute "${a.key}": it is neither a string nor an array.`);
      const likes = f.values.map((v) => {
        if (typeof v !== "string") throw bad(`Query value is invalid for attribute "${a.key}"`);
        params.push(`%${likeEscape(v)}%`);
        return `${col} LIKE ? ESCAPE '\\'`;
      });
      const joined = `(${likes.join(f.method === "containsAll" ? " AND " : " OR ")})`;
      return f.method === "notContains" ? `(${col} IS NULL OR NOT ${joined})` : joined;
    }
    case "search":
    case "notSearch": {
      if (!t.indexes.some((i) => i.type === "fulltext" && i.columns.includes(a.key))) {
        throw bad(`Searching by attribute "${a.key}" requires a fulltext index.`);
      }
      // MariaDB boolean-mode fulltext without operators matches any word: here each word is a substring match.
      const words = String(f.values[0])
        .split(/\s+/)
        .map((w) => w.replace(/[+\-><()~*"@]/g, ""))
        .filter((w) => w !== "");
      if (words.length === 0) return f.method === "search" ? "1 = 1" : "1 = 0";
      const parts = words.map((w) => {
        params.push(`%${likeEscape(w)}%`);
        return `${col} LIKE ? ESCAPE '\\'`;
      });
      const any = `(${parts.join(" OR ")})`;
      return f.method === "notSearch" ? `(${col} IS NULL OR NOT ${any})` : any;
    }
    case "distanceLessThan":
    case "distanceGreaterThan":
    case "distanceEqual":
    case "distanceNotEqual": {
      if (a.type !== "point" && a.type !== "linestring" && a.type !== "polygon") {
        throw bad(`Distance queries need a spatial attribute; "${a.key}" is ${a.type}.`);
      }
      const [point, distance, meters] = f.values[0] as [unknown, number, unknown];
      if (!Array.isArray(point) || typeof point[0] !== "number" || typeof point[1] !== "number") throw bad("Distance queries need a [longitude, latitude] point.");
      const op = { distanceLessThan: "<", distanceGreaterThan: ">", distanceEqual: "=", distanceNotEqual: "!=" }[f.method];
      params.push(point[0], point[1], meters === false ? 0 : 1, distance);
      return `tdb_distance(${col}, ?, ?, ?) ${op} ?`;
    }
    default:
      throw bad(`Invalid query method: ${f.method}`);
  }
}

export interface CompiledWhere {
  where: string;
  params: unknown[];
}

/**
 * WHERE for the plan's filters, plus the row-permission filter when the caller only sees rows it can read:
 * `readRoles` undefined = no row filter.
 */
export function compileWhere(t: TableMeta, filters: readonly Filter[], readRoles: readonly string[] | undefined): CompiledWhere {
  const params: unknown[] = [];
  const parts = filters.map((f) => compileFilter(t, f, params));
  if (readRoles) {
    parts.push(`_seq IN (SELECT row_seq FROM ${t.permsTable} WHERE action = 'read' AND role IN (${readRoles.map(() => "?").join(", ")}))`);
    params.push(...readRoles);
  }
  return { where: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
}

export interface CompiledList {
  sql: string;
  params: unknown[];
  /** The filters alone (no cursor/limit), for the count. */
  filters: CompiledWhere;
  /** cursorBefore pages backwards: the rows come out reversed and are put back in the requested order. */
  reverse: boolean;
}

/** SELECT for a list: filters, cursor (keyset on the order columns + `_seq`), order, limit, offset. */
export function compileList(db: Database.Database, t: TableMeta, plan: QueryPlan, readRoles: readonly string[] | undefined, unbounded = false): CompiledList {
  const base = compileWhere(t, plan.filters, readRoles);
  const conds = base.where ? [base.where.slice("WHERE ".length)] : [];
  const params = [...base.params];

  const orders = plan.orders.map((o) => ({ attr: resolveAttr(t, o.attribute), desc: o.desc }));
  if (!orders.some((o) => o.attr.sql === "_seq" || o.attr.sql === "_id")) orders.push({ attr: resolveAttr(t, "$sequence"), desc: false });
  const reverse = plan.cursor?.direction === "before";

  if (plan.cursor) {
    const cursor = stmt(db, `SELECT * FROM ${t.rowsTable} WHERE _id = ?`).get(plan.cursor.id) as Record<string, unknown> | undefined;
    if (!cursor) throw new AppwriteError("general_cursor_not_found", `Row '${plan.cursor.id}' for the 'cursor' value not found.`);
    const colOf = (sql: string): string => sql.replace(/^"(.*)"$/, "$1");
    const ors: string[] = [];
    orders.forEach((o, i) => {
      const ands: string[] = [];
      for (let j = 0; j < i; j++) {
        const prev = orders[j] as (typeof orders)[number];
        ands.push(`${prev.attr.sql} = ?`);
        params.push(cursor[colOf(prev.attr.sql)]);
      }
      const v = cursor[colOf(o.attr.sql)];
      if (v === null || v === undefined) throw new AppwriteError("database_query_order_null", `Order attribute '${o.attr.key}' is null in the cursor row.`);
      const forward = o.desc !== reverse ? "<" : ">";
      ands.push(`${o.attr.sql} ${forward} ?`);
      params.push(v);
      ors.push(`(${ands.join(" AND ")})`);
    });
    conds.push(`(${ors.join(" OR ")})`);
  }

  const orderBy = plan.random ? "RANDOM()" : orders.map((o) => `${o.attr.sql} ${o.desc !== reverse ? "DESC" : "ASC"}`).join(", ");
  const limit = plan.limit ?? (unbounded ? -1 : DEFAULT_LIMIT);
  const sql = `SELECT * FROM ${t.rowsTable} ${conds.length ? `WHERE ${conds.join(" AND ")}` : ""} ORDER BY ${orderBy} LIMIT ? OFFSET ?`;
  params.push(limit, plan.offset);
  return { sql, params, filters: base, reverse };
}

/** Count of matching rows, capped at COUNT_CAP, ignoring cursor/limit/offset like Appwrite's `total`. */
export function countRows(db: Database.Database, t: TableMeta, where: CompiledWhere): number {
  const r = stmt(db, `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${t.rowsTable} ${where.where} LIMIT ${COUNT_CAP})`).get(...where.params) as { n: number };
  return r.n;
}

/** Attributes kept by `select` (every `$` attribute always stays); undefined = all. */
export function selectedKeys(t: TableMeta, select: readonly string[] | undefined): Set<string> | undefined {
  if (!select || select.includes("*")) return undefined;
  const keep = new Set<string>();
  for (const k of select) {
    if (k.startsWith("$")) continue;
    if (!t.columns.some((c: ColumnSpec) => c.key === k)) throw bad(`Attribute not found in schema: ${k}`);
    keep.add(k);
  }
  return keep;
}

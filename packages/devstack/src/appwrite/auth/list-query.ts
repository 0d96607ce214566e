// Appwrite queries evaluated in memory over API models. The auth, storage and messaging lists are small in a
// devstack, so filtering JSON models in JS is simpler than compiling queries to SQL (TablesDB does that).
import { AppwriteError } from "../errors";

type Model = Record<string, unknown>;

interface Query {
  method: string;
  attribute?: string;
  values?: unknown[];
}

export interface ListOptions {
  /** Attributes that may be filtered or ordered on; anything else is 400 general_query_invalid. */
  attributes: readonly string[];
  /** Model fields the `search` param matches (case-insensitive substring of any word). */
  searchFields?: readonly string[];
  search?: string;
  /** `total=false` answers total 0, as Appwrite does. */
  total?: boolean;
}

const APP_LIMIT_COUNT = 5000;

function parse(raw: string): Query {
  let q: unknown;
  try {
    q = JSON.parse(raw);
  } catch {
    throw new AppwriteError("general_query_invalid", `Invalid query: Syntax error`);
  }
  if (!q || typeof q !== "object" || typeof (q as Query).method !== "string") {
    throw new AppwriteError("general_query_invalid", `Invalid query: ${raw}`);
  }
  return q as Query;
}

function cmp(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined || a === "") return -1;
  if (b === null || b === undefined || b === "") return 1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

/** Scalars as text for string comparisons; objects never match a text query. */
function text(v: unknown): string {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}

function matches(m: Model, q: Query): boolean {
  const v = q.attribute === undefined ? undefined : m[q.attribute];
  const vals = q.values ?? [];
  switch (q.method) {
    case "equal":
      return Array.isArray(v) ? vals.some((x) => v.includes(x)) : vals.some((x) => x === v || (text(x) !== "" && text(x) === text(v)));
    case "notEqual":
      return vals.every((x) => x !== v);
    case "lessThan":
      return cmp(v, vals[0]) < 0;
    case "lessThanEqual":
      return cmp(v, vals[0]) <= 0;
    case "greaterThan":
      return cmp(v, vals[0]) > 0;
    case "greaterThanEqual":
      return cmp(v, vals[0]) >= 0;
    case "between":
      return cmp(v, vals[0]) >= 0 && cmp(v, vals[1]) <= 0;
    case "contains":
      return Array.isArray(v) ? vals.some((x) => v.includes(x)) : typeof v === "string" && vals.some((x) => v.includes(text(x)));
    case "search":
      return typeof v === "string" && text(vals[0]).toLowerCase().split(/\s+/).filter(Boolean).some((w) => v.toLowerCase().includes(w));
    case "startsWith":
      return typeof v === "string" && v.startsWith(text(vals[0]));
    case "endsWith":
      return typeof v === "string" && v.endsWith(text(vals[0]));
    case "isNull":
      return v === null || v === undefined || v === "";
    case "isNotNull":
      return !(v === null || v === undefined || v === "");
    case "and":
      return (vals as Query[]).every((sub) => matches(m, sub));
    case "or":
      return (vals as Query[]).some((sub) => matches(m, sub));
    default:
      throw new AppwriteError("general_query_invalid", `Invalid query method: ${q.method}`);
  }
}

const NON_FILTER = new Set(["limit", "offset", "orderAsc", "orderDesc", "cursorAfter", "cursorBefore", "select"]);

function checkAttributes(q: Query, allowed: ReadonlySet<string>): void {
  if (q.method === "and" || q.method === "or") {
    for (const sub of (q.values ?? []) as Query[]) checkAttributes(sub, allowed);
    return;
  }
  if (q.attribute !== undefined && !allowed.has(q.attribute)) {
    throw new AppwriteError("general_query_invalid", `Invalid query: Attribute not found in schema: ${q.attribute}`);
  }
}

/** Filters, orders and pages `models` the way an Appwrite list endpoint does (default limit 25). */
export function listModels<T extends Model>(models: readonly T[], rawQueries: readonly string[], opts: ListOptions): { total: number; items: T[] } {
  const queries = rawQueries.map(parse);
  const allowed = new Set(["$id", "$createdAt", "$updatedAt", ...opts.attributes]);
  let items = [...models];
  if (opts.search) {
    const words = opts.search.toLowerCase().split(/\s+/).filter(Boolean);
    const fields = opts.searchFields ?? [];
    items = items.filter((m) => words.some((w) => fields.some((f) => text(m[f]).toLowerCase().includes(w))));
  }
  for (const q of queries) {
    if (NON_FILTER.has(q.method)) continue;
    checkAttributes(q, allowed);
    items = items.filter((m) => matches(m, q));
  }
  const orders = queries.filter((q) => q.method === "orderAsc" || q.method === "orderDesc");
  for (const o of orders) checkAttributes(o, allowed);
  if (orders.length > 0) {
    items.sort((a, b) => {
      for (const o of orders) {
        const r = cmp(a[o.attribute ?? "$id"], b[o.attribute ?? "$id"]);
        if (r !== 0) return o.method === "orderAsc" ? r : -r;
      }
      return 0;
    });
  }
  const total = opts.total === false ? 0 : Math.min(items.length, APP_LIMIT_COUNT);
  const cursor = queries.find((q) => q.method === "cursorAfter" || q.method === "cursorBefore");
  const limit = Number(queries.find((q) => q.method === "limit")?.values?.[0] ?? 25);
  const offset = Number(queries.find((q) => q.method === "offset")?.values?.[0] ?? 0);
  if (cursor) {
    const id = String(cursor.values?.[0]);
    const at = items.findIndex((m) => m.$id === id);
    if (at < 0) throw new AppwriteError("general_cursor_not_found", `Row '${id}' for the 'cursor' value not found.`);
    if (cursor.method === "cursorAfter") {
      items = items.slice(at + 1);
    } else {
      const before = items.slice(0, at);
      return { total, items: before.slice(Math.max(0, before.length - offset - limit), before.length - offset) };
    }
  }
  return { total, items: items.slice(offset, offset + limit) };
}

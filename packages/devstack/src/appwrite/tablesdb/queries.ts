// Parsing Appwrite queries (wire spec §3.1–3.2): JSON strings → a typed plan (filters, orders, limit, offset,
// cursor, select), with the arity rules. Schema checks (unknown attribute, fulltext index) happen in sql.ts.
import { AppwriteError } from "../errors";

export interface FilterQuery {
  method: string;
  attribute: string;
  values: unknown[];
}
export interface LogicalQuery {
  method: "and" | "or";
  queries: Filter[];
}
export type Filter = FilterQuery | LogicalQuery;

export interface Order {
  attribute: string;
  desc: boolean;
}

export interface QueryPlan {
  filters: Filter[];
  orders: Order[];
  random: boolean;
  /** Absent → 25 for lists, every matching row for bulk update/delete. */
  limit?: number;
  offset: number;
  cursor?: { direction: "after" | "before"; id: string };
  select?: string[];
}

export const DEFAULT_LIMIT = 25;

const EXACTLY_ONE = new Set([
  "notEqual",
  "lessThan",
  "lessThanEqual",
  "greaterThan",
  "greaterThanEqual",
  "search",
  "notSearch",
  "startsWith",
  "endsWith",
  "notStartsWith",
  "notEndsWith",
  "regex",
]);
const EXACTLY_TWO = new Set(["between", "notBetween"]);
const AT_LEAST_ONE = new Set(["equal", "contains", "containsAny", "containsAll", "notContains"]);
const NO_VALUES = new Set(["isNull", "isNotNull"]);
const DISTANCE = new Set(["distanceLessThan", "distanceGreaterThan", "distanceEqual", "distanceNotEqual"]);
/** Server-side sugar some clients send instead of expanding it themselves. */
const SUGAR: Record<string, [string, string]> = {
  createdBefore: ["lessThan", "$createdAt"],
  createdAfter: ["greaterThan", "$createdAt"],
  createdBetween: ["between", "$createdAt"],
  updatedBefore: ["lessThan", "$updatedAt"],
  updatedAfter: ["greaterThan", "$updatedAt"],
  updatedBetween: ["between", "$updatedAt"],
};

const bad = (message: string): AppwriteError => new AppwriteError("general_query_invalid", `Invalid query: ${message}`);

interface RawQuery {
  method?: unknown;
  attribute?: unknown;
  values?: unknown;
}

function toRaw(q: unknown): RawQuery {
  if (typeof q === "string") {
    try {
      q = JSON.parse(q) as unknown;
    } catch {
      throw bad(`Syntax error in ${q as string}`);
    }
  }
  if (typeof q !== "object" || q === null || Array.isArray(q)) throw bad("Query must be an object");
  return q;
}

function parseFilter(raw: RawQuery): Filter {
  let method = String(raw.method);
  const values = Array.isArray(raw.values) ? (raw.values as unknown[]) : [];
  let attribute = typeof raw.attribute === "string" ? raw.attribute : "";
  const sugar = SUGAR[method];
  if (sugar) [method, attribute] = sugar;
  if (method === "and" || method === "or") {
    if (values.length < 2) throw bad(`${method} queries require at least two queries`);
    return { method, queries: values.map((v) => parseFilter(toRaw(v))) };
  }
  const known = EXACTLY_ONE.has(method) || EXACTLY_TWO.has(method) || AT_LEAST_ONE.has(method) || NO_VALUES.has(method) || DISTANCE.has(method);
  if (!known) throw bad(`Invalid query method: ${method}`);
  if (attribute === "") throw bad(`Query method "${method}" requires an attribute`);
  if (EXACTLY_ONE.has(method) && values.length !== 1) throw bad(`${method} queries require exactly one value.`);
  if (EXACTLY_TWO.has(method) && values.length !== 2) throw bad(`${method} queries require exactly two values.`);
  if (AT_LEAST_ONE.has(method) && values.length === 0) throw bad(`${method} queries require at least one value.`);
  if (AT_LEAST_ONE.has(method) && values.length > 5000) throw bad(`${method} queries accept at most 5000 values.`);
  if (DISTANCE.has(method)) {
    const v = values[0];
    if (values.length !== 1 || !Array.isArray(v) || v.length < 2 || typeof v[1] !== "number") {
      throw bad(`${method} queries require [[longitude, latitude], distance, meters].`);
    }
  }
  return { method, attribute, values };
}

const positiveInt = (method: string, v: unknown): number => {
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw bad(`${method} must be a non-negative integer`);
  return n;
};

/** Parses a query list. `limit`/`offset` only count the first time they appear, as in Appwrite. */
export function parseQueries(input: readonly unknown[]): QueryPlan {
  if (input.length > 100) throw new AppwriteError("general_argument_invalid", "Invalid `queries` param: Value must be a valid array no longer than 100 items");
  const plan: QueryPlan = { filters: [], orders: [], random: false, offset: 0 };
  let sawLimit = false;
  let sawOffset = false;
  for (const q of input) {
    if (typeof q === "string" && q.length > 4096) throw bad("Query is too long (max 4096 chars)");
    const raw = toRaw(q);
    const method = String(raw.method);
    const values = Array.isArray(raw.values) ? (raw.values as unknown[]) : [];
    switch (method) {
      case "limit":
        if (values.length !== 1) throw bad("limit queries require exactly one value.");
        if (!sawLimit) plan.limit = positiveInt("limit", values[0]);
        sawLimit = true;
        break;
      case "offset":
        if (values.length !== 1) throw bad("offset queries require exactly one value.");
        if (!sawOffset) plan.offset = positiveInt("offset", values[0]);
        sawOffset = true;
        break;
      case "orderAsc":
      case "orderDesc":
        if (typeof raw.attribute !== "string" || raw.attribute === "") throw bad(`${method} requires an attribute`);
        plan.orders.push({ attribute: raw.attribute, desc: method === "orderDesc" });
        break;
      case "orderRandom":
        plan.random = true;
        break;
      case "cursorAfter":
      case "cursorBefore": {
        const id = values[0];
        if (values.length !== 1 || typeof id !== "string") throw bad(`${method} queries require exactly one value.`);
        plan.cursor = { direction: method === "cursorAfter" ? "after" : "before", id };
        break;
      }
      case "select":
        if (values.length === 0 || !values.every((v) => typeof v === "string")) throw bad("select queries require at least one attribute.");
        plan.select = [...(plan.select ?? []), ...(values)];
        break;
      default:
        plan.filters.push(parseFilter(raw));
    }
  }
  if (plan.random && plan.cursor) throw bad("Cursor pagination is not supported with random order");
  return plan;
}

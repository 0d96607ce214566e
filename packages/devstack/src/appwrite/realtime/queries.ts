// Realtime subscription queries (Appwrite RuntimeQuery): only equal, notEqual, lessThan(Equal), greaterThan(Equal),
// isNull, isNotNull, and, or, select(["*"]), evaluated against the event payload. Anything else is refused (1003).

export interface RuntimeQuery {
  method: string;
  attribute?: string;
  values?: unknown[];
}

const ALLOWED = new Set(["equal", "notEqual", "lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual", "isNull", "isNotNull", "and", "or", "select"]);

export class RealtimeQueryError extends Error {}

function parseOne(q: unknown): RuntimeQuery {
  const obj = typeof q === "string" ? (JSON.parse(q) as unknown) : q;
  if (!obj || typeof obj !== "object" || typeof (obj as RuntimeQuery).method !== "string") throw new RealtimeQueryError("Invalid query");
  const query = obj as RuntimeQuery;
  if (!ALLOWED.has(query.method)) throw new RealtimeQueryError(`Query method not supported in Realtime: ${query.method}`);
  if (query.method === "select") {
    const v = query.values ?? [];
    if (!(v.length === 1 && v[0] === "*")) throw new RealtimeQueryError('Realtime select only supports ["*"]');
  }
  if (query.method === "and" || query.method === "or") {
    const children = (query.values ?? []).map(parseOne);
    if (children.length < 2) throw new RealtimeQueryError(`${query.method} needs at least two queries`);
    return { method: query.method, values: children };
  }
  return query;
}

/** Parses the query strings of one subscription; throws RealtimeQueryError on anything Appwrite would refuse. */
export function parseQueries(raw: unknown[]): RuntimeQuery[] {
  try {
    return raw.map(parseOne).filter((q) => q.method !== "select");
  } catch (err) {
    if (err instanceof RealtimeQueryError) throw err;
    throw new RealtimeQueryError("Invalid query");
  }
}

function compare(a: unknown, b: unknown): number | null {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function matchOne(q: RuntimeQuery, payload: Record<string, unknown>): boolean {
  const v = q.attribute === undefined ? undefined : payload[q.attribute];
  const values = q.values ?? [];
  switch (q.method) {
    case "equal":
      return values.some((x) => x === v || (Array.isArray(v) && v.includes(x)));
    case "notEqual":
      return values.every((x) => x !== v);
    case "lessThan":
    case "lessThanEqual":
    case "greaterThan":
    case "greaterThanEqual": {
      const c = compare(v, values[0]);
      if (c === null) return false;
      return q.method === "lessThan" ? c < 0 : q.method === "lessThanEqual" ? c <= 0 : q.method === "greaterThan" ? c > 0 : c >= 0;
    }
    case "isNull":
      return v === null || v === undefined;
    case "isNotNull":
      return v !== null && v !== undefined;
    case "and":
      return (values as RuntimeQuery[]).every((c) => matchOne(c, payload));
    case "or":
      return (values as RuntimeQuery[]).some((c) => matchOne(c, payload));
    default:
      return false;
  }
}

/** Queries of one subscription are ANDed. */
export function matches(queries: RuntimeQuery[], payload: Record<string, unknown>): boolean {
  return queries.every((q) => matchOne(q, payload));
}

// Atomic update operators inside `data` (wire spec §3.3): a column value that is a JSON string `{"method", "values"}`
// with a known method is applied to the row's current value inside the write's SQLite transaction.
// Bounds (`max` of increment/multiply/power, `min` of decrement/divide) clamp the result, as utopia's Operator does;
// the dedicated increment/decrement endpoints instead reject a crossing (see rows.ts).
import { AppwriteError } from "../errors";
import type { ColumnSpec } from "./types";
import { isoDate as isoFromMs } from "../context";

export interface Operator {
  method: string;
  values: unknown[];
}

const METHODS = new Set([
  "increment",
  "decrement",
  "multiply",
  "divide",
  "modulo",
  "power",
  "toggle",
  "stringConcat",
  "stringReplace",
  "arrayAppend",
  "arrayPrepend",
  "arrayRemove",
  "arrayUnique",
  "arrayInsert",
  "arrayIntersect",
  "arrayDiff",
  "dateAddDays",
  "dateSubDays",
  "dateSetNow",
]);

/** The operator a data value encodes, if any. */
export function asOperator(value: unknown): Operator | undefined {
  if (typeof value !== "string" || !value.startsWith("{") || !value.includes('"method"')) return undefined;
  try {
    const o = JSON.parse(value) as { method?: unknown; values?: unknown };
    if (typeof o.method !== "string" || !METHODS.has(o.method)) return undefined;
    return { method: o.method, values: Array.isArray(o.values) ? (o.values as unknown[]) : [] };
  } catch {
    return undefined;
  }
}

const bad = (col: ColumnSpec, message: string): AppwriteError =>
  new AppwriteError("row_invalid_structure", `Invalid document structure: Cannot apply operator to attribute "${col.key}": ${message}`);

const num = (col: ColumnSpec, v: unknown, fallback?: number): number => {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(col, "operator value must be a number");
  return v;
};

/** Applies an operator to the current (decoded) value; the caller validates the result like any other value. */
export function applyOperator(col: ColumnSpec, op: Operator, current: unknown, nowMs: number): unknown {
  const numeric = col.type === "integer" || col.type === "bigint" || col.type === "double";
  const [a, b] = op.values;
  const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
  const cap = (v: number, max?: unknown, min?: unknown): number => {
    if (typeof max === "number" && v > max) return max;
    if (typeof min === "number" && v < min) return min;
    return v;
  };
  const cur = (): number => {
    if (!numeric || col.array) throw bad(col, `${op.method} needs a numeric column`);
    return typeof current === "number" ? current : 0;
  };
  const arr = (): unknown[] => {
    if (!col.array) throw bad(col, `${op.method} needs an array column`);
    return Array.isArray(current) ? current : [];
  };
  switch (op.method) {
    case "increment":
      return cap(cur() + num(col, a, 1), b);
    case "decrement":
      return cap(cur() - num(col, a, 1), undefined, b);
    case "multiply":
      return cap(cur() * num(col, a), b);
    case "divide": {
      const d = num(col, a);
      if (d === 0) throw bad(col, "division by zero");
      const q = cur() / d;
      return cap(col.type === "double" ? q : Math.trunc(q), undefined, b);
    }
    case "modulo": {
      const d = num(col, a);
      if (d === 0) throw bad(col, "modulo by zero");
      return cur() % d;
    }
    case "power":
      return cap(cur() ** num(col, a), b);
    case "toggle":
      if (col.type !== "boolean") throw bad(col, "toggle needs a boolean column");
      return !(current === true);
    case "stringConcat":
      return (typeof current === "string" ? current : "") + str(a);
    case "stringReplace":
      return typeof current === "string" ? current.split(str(a)).join(str(b)) : current;
    case "arrayAppend":
      return [...arr(), ...op.values];
    case "arrayPrepend":
      return [...op.values, ...arr()];
    case "arrayRemove":
      return arr().filter((x) => x !== a);
    case "arrayUnique":
      return [...new Set(arr())];
    case "arrayInsert": {
      const list = [...arr()];
      list.splice(num(col, a), 0, b);
      return list;
    }
    case "arrayIntersect":
      return arr().filter((x) => op.values.includes(x));
    case "arrayDiff":
      return arr().filter((x) => !op.values.includes(x));
    case "dateAddDays":
    case "dateSubDays": {
      if (col.type !== "datetime") throw bad(col, `${op.method} needs a datetime column`);
      const base = typeof current === "string" ? Date.parse(current) : nowMs;
      const days = num(col, a) * (op.method === "dateSubDays" ? -1 : 1);
      return isoFromMs(base + days * 86_400_000);
    }
    case "dateSetNow":
      if (col.type !== "datetime") throw bad(col, "dateSetNow needs a datetime column");
      return isoFromMs(nowMs);
    default:
      throw bad(col, `unknown operator ${op.method}`);
  }
}

// Column values: validation by column type (Appwrite's structure messages), and the SQLite encoding of each type
// (booleans 0/1, datetimes as normalised ISO text so they sort, arrays and geometries as JSON text).
import { isIP } from "node:net";
import { AppwriteError } from "../errors";
import type { ColumnSpec, ColumnType } from "./types";

// Integer and bigint columns default to the int64 range (Appwrite: min ??= PHP_INT_MIN, max ??= PHP_INT_MAX, and an
// integer column becomes 8 bytes past int32), as far as a JS number carries it.
export const INT64 = { min: -9223372036854775808, max: 9223372036854775807 };
export const DOUBLE = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };

/** Max lengths of the text family (MariaDB TEXT/MEDIUMTEXT/LONGTEXT). */
export const TEXT_SIZES: Partial<Record<ColumnType, number>> = { text: 65535, mediumtext: 16777215, longtext: 4294967295 };

const STRUCTURE = "Invalid document structure: ";
const invalid = (message: string): AppwriteError => new AppwriteError("row_invalid_structure", STRUCTURE + message);

const fmt = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 20 });

/** Appwrite datetimes: UTC with millis and +00:00. Input without a zone is UTC (the server's zone), not local time. */
export function normaliseDatetime(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  let text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = text.replace(" ", "T") + "Z";
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) return undefined;
  return d.toISOString().replace("Z", "+00:00");
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:" || u.protocol === "ftp:";
  } catch {
    return false;
  }
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isPoint = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && isNum(v[0]) && isNum(v[1]) && Math.abs(v[0]) <= 180 && Math.abs(v[1]) <= 90;

/** Validates one scalar (non-array) value of a column; returns the normalised value. */
function validateScalar(col: ColumnSpec, value: unknown): unknown {
  const key = col.key;
  switch (col.type) {
    case "string":
    case "varchar":
    case "text":
    case "mediumtext":
    case "longtext": {
      const size = col.size ?? TEXT_SIZES[col.type] ?? 0;
      if (typeof value !== "string") throw invalid(`Attribute "${key}" has invalid type. Value must be a valid string and no longer than ${size} chars`);
      if (value.length > size) throw invalid(`Attribute "${key}" has invalid type. Value must be a valid string and no longer than ${size} chars`);
      if (col.format === "email" && !EMAIL.test(value)) throw invalid(`Attribute "${key}" has invalid format. Value must be a valid email address`);
      if (col.format === "url" && !isUrl(value)) throw invalid(`Attribute "${key}" has invalid format. Value must be a valid URL`);
      if (col.format === "ip" && isIP(value) === 0) throw invalid(`Attribute "${key}" has invalid format. Value must be a valid IP address`);
      if (col.format === "enum" && !(col.elements ?? []).includes(value)) {
        throw invalid(`Attribute "${key}" has invalid format. Value must be one of (${(col.elements ?? []).join(", ")})`);
      }
      return value;
    }
    case "integer":
    case "bigint": {
      if (typeof value !== "number" || !Number.isInteger(value)) throw invalid(`Attribute "${key}" has invalid type. Value must be a valid integer`);
      const min = col.min ?? INT64.min;
      const max = col.max ?? INT64.max;
      if (value < min || value > max) throw invalid(`Attribute "${key}" has invalid format. Value must be a valid range between ${fmt(min)} and ${fmt(max)}`);
      return value;
    }
    case "double": {
      if (!isNum(value)) throw invalid(`Attribute "${key}" has invalid type. Value must be a valid float`);
      const min = col.min ?? DOUBLE.min;
      const max = col.max ?? DOUBLE.max;
      if (value < min || value > max) throw invalid(`Attribute "${key}" has invalid format. Value must be a valid range between ${fmt(min)} and ${fmt(max)}`);
      return value;
    }
    case "boolean":
      if (typeof value !== "boolean") throw invalid(`Attribute "${key}" has invalid type. Value must be a valid boolean`);
      return value;
    case "datetime": {
      const d = normaliseDatetime(value);
      if (d === undefined) throw invalid(`Attribute "${key}" has invalid format. Value must be valid date between 0000-01-01 and 9999-12-31.`);
      return d;
    }
    case "point":
      if (!isPoint(value)) throw invalid(`Attribute "${key}" has invalid format. Value must be a valid point [longitude, latitude]`);
      return value;
    case "linestring":
      if (!Array.isArray(value) || value.length < 2 || !value.every(isPoint)) {
        throw invalid(`Attribute "${key}" has invalid format. Value must be a valid line (at least two [longitude, latitude] points)`);
      }
      return value;
    case "polygon": {
      // A single ring is accepted and wrapped, like Appwrite's spatial validator does.
      const rings: unknown = Array.isArray(value) && value.length > 0 && isPoint(value[0]) ? [value] : value;
      const ok =
        Array.isArray(rings) &&
        rings.length > 0 &&
        rings.every((r) => {
          if (!Array.isArray(r) || r.length < 4 || !r.every(isPoint)) return false;
          const a = r[0] as [number, number];
          const b = r[r.length - 1] as [number, number];
          return a[0] === b[0] && a[1] === b[1];
        });
      if (!ok) throw invalid(`Attribute "${key}" has invalid format. Value must be a valid polygon (closed rings of [longitude, latitude] points)`);
      return rings;
    }
  }
}

/** Validates a column value (null allowed unless required); returns the normalised value. */
export function validateValue(col: ColumnSpec, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (col.required) throw invalid(`Missing required attribute "${col.key}"`);
    return null;
  }
  if (col.array) {
    if (!Array.isArray(value)) throw invalid(`Attribute "${col.key}" must be an array`);
    return value.map((v: unknown) => {
      if (v === null) throw invalid(`Attribute "${col.key}" has invalid type. Array values must not be null`);
      return validateScalar(col, v);
    });
  }
  return validateScalar(col, value);
}

/** JS value (already validated) → SQLite value. */
export function encodeValue(col: ColumnSpec, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (col.array || col.type === "point" || col.type === "linestring" || col.type === "polygon") return JSON.stringify(value);
  if (col.type === "boolean") return value ? 1 : 0;
  return value as string | number;
}

/** SQLite value → JSON value of the row. */
export function decodeValue(col: ColumnSpec, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (col.array || col.type === "point" || col.type === "linestring" || col.type === "polygon") return JSON.parse(raw as string) as unknown;
  if (col.type === "boolean") return raw === 1 || raw === 1n;
  if (typeof raw === "bigint") return Number(raw);
  return raw;
}

/** A query value compared against a column: the same normalisation as stored values, without required/size checks. */
export function encodeQueryValue(type: ColumnType | "sequence", value: unknown): unknown {
  if (type === "datetime") return normaliseDatetime(value) ?? value;
  if (type === "boolean") return value === true ? 1 : value === false ? 0 : value;
  if (type === "sequence") return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return value;
}

// Column definitions (wire spec §2.2): request params of each column type → ColumnSpec, updates, and the Column
// model JSON (only the fields each Column* model has, so the CLI's diff of remote vs local config stays quiet).
import { AppwriteError } from "../errors";
import { isValidKey } from "../ids";
import type { Params } from "./params";
import type { ColumnFormat, ColumnSpec, ColumnType } from "./types";
import { DOUBLE, INT64, validateValue } from "./values";

/** Route segment (`/columns/<kind>`, `/attributes/<kind>`) → stored type and format. */
const KINDS: Record<string, { type: ColumnType; format: ColumnFormat; size?: number }> = {
  string: { type: "string", format: "" },
  varchar: { type: "varchar", format: "" },
  text: { type: "text", format: "" },
  mediumtext: { type: "mediumtext", format: "" },
  longtext: { type: "longtext", format: "" },
  integer: { type: "integer", format: "" },
  bigint: { type: "bigint", format: "" },
  float: { type: "double", format: "" },
  boolean: { type: "boolean", format: "" },
  // Appwrite stores datetime columns with format "" (the model default "datetime" never applies), so "" is echoed.
  datetime: { type: "datetime", format: "" },
  email: { type: "string", format: "email", size: 254 },
  url: { type: "string", format: "url", size: 2000 },
  ip: { type: "string", format: "ip", size: 39 },
  enum: { type: "string", format: "enum", size: 255 },
  point: { type: "point", format: "" },
  line: { type: "linestring", format: "" },
  polygon: { type: "polygon", format: "" },
};

export const COLUMN_KINDS = Object.keys(KINDS);

/** The route kind that creates/updates a spec (inverse of KINDS), e.g. double → float, string+email → email. */
export function kindOf(spec: ColumnSpec): string {
  if (spec.format) return spec.format;
  if (spec.type === "double") return "float";
  if (spec.type === "linestring") return "line";
  return spec.type;
}

const isNumeric = (t: ColumnType): boolean => t === "integer" || t === "bigint" || t === "double";
const isSized = (t: ColumnType): boolean => t === "string" || t === "varchar";
const isGeo = (t: ColumnType): boolean => t === "point" || t === "linestring" || t === "polygon";

function valueError(legacy: boolean, message: string): AppwriteError {
  return new AppwriteError(legacy ? "attribute_value_invalid" : "column_value_invalid", message);
}

/** Range, elements and default checks shared by create and update. */
function finish(spec: ColumnSpec, legacy: boolean): ColumnSpec {
  if (isNumeric(spec.type)) {
    const bounds = spec.type === "double" ? DOUBLE : INT64;
    if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
      throw valueError(legacy, "Minimum value must be lesser than maximum value");
    }
    if ((spec.min !== undefined && spec.min < bounds.min) || (spec.max !== undefined && spec.max > bounds.max)) {
      throw valueError(legacy, `Minimum and maximum must be within ${bounds.min} and ${bounds.max}`);
    }
  }
  if (spec.format === "enum") {
    const els = spec.elements ?? [];
    if (els.length === 0 || !els.every((e) => typeof e === "string" && e.length > 0 && e.length <= 255)) {
      throw valueError(legacy, "Enum elements must be a non-empty list of non-empty strings.");
    }
  }
  if (spec.default !== null && spec.default !== undefined) {
    if (spec.required || spec.array) throw new AppwriteError(legacy ? "attribute_default_unsupported" : "column_default_unsupported");
    try {
      spec.default = validateValue({ ...spec, required: false }, spec.default);
    } catch (e) {
      throw valueError(legacy, `Default value is invalid: ${(e as Error).message.replace("Invalid document structure: ", "")}`);
    }
  } else {
    spec.default = null;
  }
  return spec;
}

/** POST …/columns/<kind> (and legacy /attributes/<kind>): body params → a new ColumnSpec. */
export function createColumnSpec(kind: string, p: Params, now: string, legacy: boolean): ColumnSpec {
  const k = KINDS[kind];
  if (!k) throw new AppwriteError("general_route_not_found");
  const key = p.string("key");
  if (!isValidKey(key)) throw new AppwriteError("general_argument_invalid", "Invalid `key` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char");
  const spec: ColumnSpec = {
    key,
    type: k.type,
    format: k.format,
    required: p.bool("required"),
    array: isGeo(k.type) ? false : p.optBool("array") ?? false,
    default: p.raw("default") ?? null,
    createdAt: now,
    updatedAt: now,
  };
  if (isSized(k.type) && k.size === undefined) {
    const size = p.int("size");
    const max = k.type === "varchar" ? 16381 : 1073741824;
    if (size < 1 || size > max) throw new AppwriteError("general_argument_invalid", `Invalid \`size\` param: Value must be a valid range between 1 and ${max}`);
    spec.size = size;
  } else if (k.size !== undefined) {
    spec.size = k.size;
  }
  if (isNumeric(k.type)) {
    const min = p.optNumber("min");
    const max = p.optNumber("max");
    if (min !== undefined) spec.min = min;
    if (max !== undefined) spec.max = max;
  }
  if (k.format === "enum") spec.elements = p.stringArray("elements");
  if (k.type === "string" || k.type === "varchar" || k.type.endsWith("text")) spec.encrypt = p.optBool("encrypt") ?? false;
  return finish(spec, legacy);
}

/** PATCH …/columns/<kind>/{key}: required*, default, min/max, size, elements, newKey. */
export function updateColumnSpec(current: ColumnSpec, kind: string, p: Params, now: string, legacy: boolean): ColumnSpec {
  if (kindOf(current) !== kind) {
    throw new AppwriteError(legacy ? "attribute_type_invalid" : "column_type_invalid", `Column "${current.key}" is of type ${kindOf(current)}, not ${kind}.`);
  }
  const next: ColumnSpec = { ...current, required: p.bool("required"), default: p.has("default") ? p.raw("default") : current.default, updatedAt: now };
  if (isNumeric(current.type)) {
    const min = p.optNumber("min");
    const max = p.optNumber("max");
    if (min !== undefined) next.min = min;
    if (max !== undefined) next.max = max;
  }
  if (isSized(current.type) && p.has("size")) next.size = p.int("size");
  if (current.format === "enum" && p.has("elements")) next.elements = p.stringArray("elements");
  const newKey = p.optString("newKey");
  if (newKey !== undefined && newKey !== "") {
    if (!isValidKey(newKey)) throw new AppwriteError("general_argument_invalid", "Invalid `newKey` param: Parameter must contain at most 36 chars.");
    next.key = newKey;
  }
  return finish(next, legacy);
}

const INLINE_TYPES: Record<string, string> = { double: "float", linestring: "line" };

/** createTable's inline `columns[]`: `{key, type (stored type), size?, required?, default?, array?, format?, elements?, min?, max?}`. */
export function inlineColumnSpec(raw: Record<string, unknown>, now: string, legacy: boolean, makeParams: (o: Record<string, unknown>) => Params): ColumnSpec {
  const type = String(raw.type);
  const format = typeof raw.format === "string" ? raw.format : "";
  const kind = ["email", "url", "ip", "enum"].includes(format) ? format : (INLINE_TYPES[type] ?? type);
  return createColumnSpec(kind, makeParams({ required: false, ...raw }), now, legacy);
}

/** The Column model (Column<Kind> of the SDK): `status` is "available" at once since DDL is synchronous here. */
export function columnModel(spec: ColumnSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    key: spec.key,
    type: spec.type,
    status: "available",
    error: "",
    required: spec.required,
    $createdAt: spec.createdAt,
    $updatedAt: spec.updatedAt,
  };
  // Geometry columns cannot be arrays; leaving `array` out keeps configs that omit it (spec §10 example) from diffing.
  if (!isGeo(spec.type)) out.array = spec.array;
  if (isSized(spec.type) && spec.format === "") out.size = spec.size;
  if (isNumeric(spec.type)) {
    const bounds = spec.type === "double" ? DOUBLE : INT64;
    out.min = spec.min ?? bounds.min;
    out.max = spec.max ?? bounds.max;
  }
  if (spec.format !== "" || spec.type === "datetime") out.format = spec.format;
  if (spec.format === "enum") out.elements = spec.elements ?? [];
  out.default = spec.default;
  // `encrypt` is optional in the model; sent only when set, so configs without it do not diff against `false`.
  if (spec.encrypt) out.encrypt = true;
  return out;
}

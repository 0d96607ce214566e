// A small DSL for the Appwrite database as TypeScript. One definition gives three things:
// - the column/index/permission spec that becomes appwrite.json (accepted by appwrite-cli 12),
// - the zod schema of a stored row (what Appwrite returns: every column present, unset = null),
// - the zod schema of a write (required columns required, the rest optional).
// appwrite-cli 12 cannot create varchar/text/bigint columns ("Unsupported attribute type"), so text is the
// (deprecated but supported) `string` type with an explicit size, and money is `integer` paise.
import { z } from "zod";

export type ColumnSpec =
  | { key: string; type: "string"; size: number; required: boolean; array: boolean; default: string | null; encrypt: false; format?: "email" | "url" | "ip" }
  | { key: string; type: "string"; format: "enum"; elements: string[]; required: boolean; array: boolean; default: string | null }
  | { key: string; type: "integer"; required: boolean; array: boolean; min: number; max: number; default: number | null }
  | { key: string; type: "double"; required: boolean; array: boolean; min: number; max: number; default: number | null }
  | { key: string; type: "boolean"; required: boolean; array: boolean; default: boolean | null }
  | { key: string; type: "datetime"; format: ""; required: boolean; array: boolean; default: string | null }
  | { key: string; type: "point"; required: boolean; default: [number, number] | null }
  | { key: string; type: "polygon"; required: boolean; default: number[][][] | null };

type SpecWithoutKey = ColumnSpec extends infer S ? (S extends ColumnSpec ? Omit<S, "key"> : never) : never;

/** A column: its appwrite.json spec (without key; the key is the property name) and its zod types. */
export interface Column<Read extends z.ZodType = z.ZodType, Write extends z.ZodType = z.ZodType> {
  readonly spec: SpecWithoutKey;
  /** zod type of the value as stored and returned by Appwrite (nullable unless required or defaulted). */
  readonly read: Read;
  /** zod type of the value in a create payload (optional unless required). */
  readonly write: Write;
  /** Human description, carried into docs. */
  readonly description?: string;
}

interface Opts<T> {
  required?: boolean;
  default?: T;
  description?: string;
}

// Appwrite rejects a default on a required or array column (column_default_unsupported).
function checkDefault(o: Opts<unknown>, array = false): void {
  if (o.default !== undefined && (o.required || array)) {
    throw new Error("A column with a default can be neither required nor an array (Appwrite: column_default_unsupported)");
  }
}

type ReadOf<T extends z.ZodType, R> = R extends true ? T : z.ZodNullable<T>;
type WriteOf<T extends z.ZodType, R> = R extends true ? T : z.ZodOptional<z.ZodNullable<T>>;

function column<T extends z.ZodType, R extends boolean | undefined>(
  spec: SpecWithoutKey,
  base: T,
  o: Opts<unknown> & { required?: R },
): Column<ReadOf<T, R>, WriteOf<T, R>> {
  checkDefault(o, "array" in spec && spec.array);
  const read = o.required ? base : base.nullable();
  const write = o.required ? base : base.nullable().optional();
  return { spec, read, write, description: o.description } as unknown as Column<ReadOf<T, R>, WriteOf<T, R>>;
}

// ---- builders -------------------------------------------------------------------------------------------

export interface StringOpts extends Opts<string> {
  array?: false;
  /** Extra format check applied by the zod schemas (Appwrite itself only checks the length). */
  pattern?: RegExp;
}

/** Text up to `size` characters. */
export function string<R extends boolean | undefined = undefined>(size: number, o: StringOpts & { required?: R } = {}) {
  const base = o.pattern ? z.string().max(size).regex(o.pattern) : z.string().max(size);
  return column<z.ZodString, R>(
    { type: "string", size, required: !!o.required, array: false, default: o.default ?? null, encrypt: false },
    base,
    o,
  );
}

/** Appwrite's custom-id rule: ≤36 chars of [a-zA-Z0-9._-], no leading special character. */
export const APPWRITE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;

/** An Appwrite id (user, row, file): 36 chars of [a-zA-Z0-9._-]. */
export function id<R extends boolean | undefined = undefined>(o: Omit<StringOpts, "pattern"> & { required?: R } = {}) {
  return column<z.ZodString, R>(
    { type: "string", size: 36, required: !!o.required, array: false, default: o.default ?? null, encrypt: false },
    z.string().max(36).regex(APPWRITE_ID),
    o,
  );
}

function parsesAs(shape: z.ZodType | undefined) {
  return (text: string): boolean => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
    return shape ? shape.safeParse(value).success : true;
  };
}

/**
 * JSON document stored as text (Appwrite has no JSON column). The zod schemas check that the text parses and,
 * given `shape`, that the document matches it; read the document with `shape.parse(JSON.parse(text))`.
 * Size note: on MariaDB a string column over 16381 chars is stored off-row (TEXT, 20 bytes of row width), one at
 * or under it counts 4 bytes per char against the 65535-byte row limit, so big documents get sizes above 16381.
 */
export function json<R extends boolean | undefined = undefined>(size: number, o: Opts<string> & { required?: R; shape?: z.ZodType } = {}) {
  return column<z.ZodString, R>(
    { type: "string", size, required: !!o.required, array: false, default: o.default ?? null, encrypt: false },
    z.string().max(size).refine(parsesAs(o.shape), { message: o.shape ? "Not a JSON document of the expected shape" : "Not valid JSON" }),
    o,
  );
}

export function email<R extends boolean | undefined = undefined>(o: StringOpts & { required?: R } = {}) {
  return column<z.ZodString, R>(
    { type: "string", format: "email", size: 254, required: !!o.required, array: false, default: o.default ?? null, encrypt: false },
    z.string().max(254),
    o,
  );
}

export function url<R extends boolean | undefined = undefined>(o: StringOpts & { required?: R } = {}) {
  return column<z.ZodString, R>(
    { type: "string", format: "url", size: 2000, required: !!o.required, array: false, default: o.default ?? null, encrypt: false },
    z.string().max(2000),
    o,
  );
}

/** A list of short strings (tags, cuisines, allergens). */
export function stringArray<R extends boolean | undefined = undefined>(size: number, o: Omit<Opts<never>, "default"> & { required?: R } = {}) {
  return column<z.ZodArray<z.ZodString>, R>(
    { type: "string", size, required: !!o.required, array: true, default: null, encrypt: false },
    z.array(z.string().max(size)),
    o,
  );
}

export function enumeration<const E extends readonly [string, ...string[]], R extends boolean | undefined = undefined>(
  elements: E,
  o: Opts<E[number]> & { required?: R } = {},
) {
  return column<z.ZodEnum<{ [K in E[number]]: K }>, R>(
    { type: "string", format: "enum", elements: [...elements], required: !!o.required, array: false, default: o.default ?? null },
    z.enum(elements),
    o,
  );
}

/** A list of enum values (platforms, allergens). Array columns take no default. */
export function enumArray<const E extends readonly [string, ...string[]], R extends boolean | undefined = undefined>(
  elements: E,
  o: Omit<Opts<never>, "default"> & { required?: R } = {},
) {
  return column<z.ZodArray<z.ZodEnum<{ [K in E[number]]: K }>>, R>(
    { type: "string", format: "enum", elements: [...elements], required: !!o.required, array: true, default: null },
    z.array(z.enum(elements)),
    o,
  );
}

export interface NumberOpts extends Opts<number> {
  min?: number;
  max?: number;
}

const INT_MIN = -9007199254740991;
const INT_MAX = 9007199254740991;

export function integer<R extends boolean | undefined = undefined>(o: NumberOpts & { required?: R } = {}) {
  const min = o.min ?? INT_MIN;
  const max = o.max ?? INT_MAX;
  return column<z.ZodNumber, R>(
    { type: "integer", required: !!o.required, array: false, min, max, default: o.default ?? null },
    z.number().int().min(min).max(max),
    o,
  );
}

/** Money: integer paise, never negative unless `signed` (ledger amounts). */
export function paise<R extends boolean | undefined = undefined>(o: Opts<number> & { required?: R; signed?: boolean } = {}) {
  return integer<R>({ ...o, min: o.signed ? -100_000_000_000 : 0, max: 100_000_000_000 });
}

export function double<R extends boolean | undefined = undefined>(o: NumberOpts & { required?: R } = {}) {
  const min = o.min ?? -Number.MAX_VALUE;
  const max = o.max ?? Number.MAX_VALUE;
  return column<z.ZodNumber, R>(
    { type: "double", required: !!o.required, array: false, min, max, default: o.default ?? null },
    z.number().min(min).max(max),
    o,
  );
}

export function latitude<R extends boolean | undefined = undefined>(o: Opts<number> & { required?: R } = {}) {
  return double<R>({ ...o, min: -90, max: 90 });
}

export function longitude<R extends boolean | undefined = undefined>(o: Opts<number> & { required?: R } = {}) {
  return double<R>({ ...o, min: -180, max: 180 });
}

export function boolean<R extends boolean | undefined = undefined>(o: Opts<boolean> & { required?: R } = {}) {
  return column<z.ZodBoolean, R>({ type: "boolean", required: !!o.required, array: false, default: o.default ?? null }, z.boolean(), o);
}

/** UTC ISO-8601 instant. Appwrite returns `YYYY-MM-DDTHH:mm:ss.SSS+00:00`. */
export function datetime<R extends boolean | undefined = undefined>(o: Opts<string> & { required?: R } = {}) {
  return column<z.ZodISODateTime, R>(
    { type: "datetime", format: "", required: !!o.required, array: false, default: o.default ?? null },
    z.iso.datetime({ offset: true }),
    o,
  );
}

const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A geo point `[lng, lat]` (Appwrite spatial column). */
export function point<R extends boolean | undefined = undefined>(o: Opts<[number, number]> & { required?: R } = {}) {
  return column<typeof lngLat, R>({ type: "point", required: !!o.required, default: o.default ?? null }, lngLat, o);
}

const polygonShape = z.array(z.array(z.tuple([z.number(), z.number()])).min(4));

/** A polygon: closed rings of `[lng, lat]` (first ring is the outer boundary). */
export function polygon<R extends boolean | undefined = undefined>(o: Omit<Opts<never>, "default"> & { required?: R } = {}) {
  return column<typeof polygonShape, R>({ type: "polygon", required: !!o.required, default: null }, polygonShape, o);
}

// ---- permissions (the same strings as node-appwrite's Permission/Role helpers) ---------------------------

export const role = {
  any: () => "any",
  guests: () => "guests",
  users: () => "users",
  user: (userId: string) => `user:${userId}`,
  label: (label: string) => `label:${label}`,
} as const;

export const permission = {
  read: (r: string) => `read("${r}")`,
  create: (r: string) => `create("${r}")`,
  update: (r: string) => `update("${r}")`,
  delete: (r: string) => `delete("${r}")`,
  write: (r: string) => `write("${r}")`,
} as const;

// ---- tables ----------------------------------------------------------------------------------------------

export interface IndexSpec {
  key: string;
  type: "key" | "unique" | "fulltext";
  columns: string[];
  orders: ("ASC" | "DESC")[];
}

/** `desc("placed_at")` inside an index column list sorts that column descending. */
export function desc(column: string): { column: string; order: "DESC" } {
  return { column, order: "DESC" };
}

type IndexColumn = string | { column: string; order: "ASC" | "DESC" };

function index(type: IndexSpec["type"], key: string, columns: IndexColumn[]): IndexSpec {
  return {
    key,
    type,
    columns: columns.map((c) => (typeof c === "string" ? c : c.column)),
    orders: columns.map((c) => (typeof c === "string" ? "ASC" : c.order)),
  };
}

export const idx = {
  key: (key: string, columns: IndexColumn[]) => index("key", key, columns),
  unique: (key: string, columns: IndexColumn[]) => index("unique", key, columns),
  fulltext: (key: string, columns: string[]) => index("fulltext", key, columns),
};

type Columns = Record<string, Column>;

const systemFields = {
  $id: z.string(),
  $sequence: z.union([z.string(), z.number()]).optional(),
  $tableId: z.string().optional(),
  $databaseId: z.string().optional(),
  $createdAt: z.string(),
  $updatedAt: z.string(),
  $permissions: z.array(z.string()),
};

export type RowShape<C extends Columns> = typeof systemFields & { [K in keyof C]: C[K]["read"] };
export type WriteShape<C extends Columns> = { [K in keyof C]: C[K]["write"] };
export type PatchShape<C extends Columns> = { [K in keyof C]: z.ZodOptional<C[K]["write"]> };

export interface TableDef<C extends Columns> {
  id: string;
  name: string;
  description: string;
  /** Row security on: row permissions grant access in addition to table permissions. */
  rowSecurity: boolean;
  /** Table-level permissions. Rows written by functions carry their own (row security). */
  permissions: string[];
  columns: C;
  indexes: IndexSpec[];
}

export interface Table<C extends Columns = Columns> extends TableDef<C> {
  /** A stored row as Appwrite returns it. */
  row: z.ZodObject<RowShape<C>>;
  /** A create payload (`data` of createRow). Unknown keys are rejected, as Appwrite does. */
  data: z.ZodObject<WriteShape<C>>;
  /** An update payload (`data` of updateRow): any subset of the columns, unknown keys rejected. */
  patch: z.ZodObject<PatchShape<C>>;
  /** appwrite.json column specs, in declaration order. */
  columnSpecs: ColumnSpec[];
}

const KEY = /^[A-Za-z0-9_]{1,36}$/;
const TABLE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;

// Index rules Appwrite (utopia-php/database Index validator) enforces at push time, checked here so a bad index
// fails when the schema is loaded rather than half-way through `appwrite push`.
function checkIndexes<C extends Columns>(def: TableDef<C>): void {
  const seenKeys = new Set<string>();
  const seenShapes = new Set<string>();
  for (const i of def.indexes) {
    const where = `${def.id}: index ${i.key}`;
    if (!KEY.test(i.key)) throw new Error(`${def.id}: invalid index key ${i.key}`);
    if (seenKeys.has(i.key)) throw new Error(`${where} is declared twice`);
    seenKeys.add(i.key);
    if (i.columns.length === 0) throw new Error(`${where} has no columns`);
    if (i.orders.length !== i.columns.length) throw new Error(`${where}: orders and columns differ in length`);
    if (new Set(i.columns).size !== i.columns.length) throw new Error(`${where} repeats a column`);
    const shape = `${i.type}:${i.columns.join(",")}:${i.orders.join(",")}`;
    if (seenShapes.has(shape)) throw new Error(`${where} duplicates another index`);
    seenShapes.add(shape);
    for (const c of i.columns) {
      if (c.startsWith("$")) continue;
      const col = def.columns[c];
      if (!col) throw new Error(`${where} names unknown column ${c}`);
      const spec = col.spec;
      // appwrite-cli 12 sends no index `lengths`, and Appwrite needs one for an array column.
      if ("array" in spec && spec.array) throw new Error(`${where}: array column ${c} cannot be indexed`);
      if (spec.type === "point" || spec.type === "polygon") throw new Error(`${where}: spatial column ${c} needs a spatial index`);
      if (i.type === "fulltext" && spec.type !== "string") throw new Error(`${where}: fulltext needs string columns, ${c} is ${spec.type}`);
    }
  }
}

export function defineTable<C extends Columns>(def: TableDef<C>): Table<C> {
  if (!TABLE_ID.test(def.id)) throw new Error(`Invalid table id ${def.id}`);
  const keys = Object.keys(def.columns);
  for (const k of keys) if (!KEY.test(k)) throw new Error(`${def.id}: invalid column key ${k}`);
  checkIndexes(def);
  const readShape = Object.fromEntries(keys.map((k) => [k, def.columns[k]!.read]));
  const writeShape = Object.fromEntries(keys.map((k) => [k, def.columns[k]!.write]));
  const patchShape = Object.fromEntries(keys.map((k) => [k, def.columns[k]!.write.optional()]));
  return {
    ...def,
    row: z.object({ ...systemFields, ...readShape }) as unknown as z.ZodObject<RowShape<C>>,
    data: z.strictObject(writeShape) as unknown as z.ZodObject<WriteShape<C>>,
    patch: z.strictObject(patchShape) as unknown as z.ZodObject<PatchShape<C>>,
    columnSpecs: keys.map((k) => ({ key: k, ...def.columns[k]!.spec })),
  };
}

export type RowOf<T extends Table> = z.output<T["row"]>;
export type DataOf<T extends Table> = z.input<T["data"]>;
export type PatchOf<T extends Table> = z.input<T["patch"]>;

// ---- buckets -------------------------------------------------------------------------------------------

export interface BucketDef {
  $id: string;
  name: string;
  $permissions: string[];
  fileSecurity: boolean;
  enabled: boolean;
  maximumFileSize: number;
  allowedFileExtensions: string[];
  compression: "none" | "gzip" | "zstd";
  encryption: boolean;
  antivirus: boolean;
}

export function defineBucket(b: Omit<BucketDef, "enabled" | "antivirus"> & Partial<Pick<BucketDef, "enabled" | "antivirus">>): BucketDef {
  return { enabled: true, antivirus: false, ...b };
}

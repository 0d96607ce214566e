// appwrite.json in appwrite-cli 12.0.1's format (wire reference §10). Every object is built key by key in a
// fixed order, so the same schema and functions always give the same JSON text (the drift test compares text).
// Only keys the CLI whitelists are emitted; function `vars` never are: secrets are set outside the repo.
import { z } from "zod";
import { APPWRITE_ID } from "./dsl";
import type { BucketDef, ColumnSpec, IndexSpec, Table } from "./dsl";
import { buckets as allBuckets } from "./buckets";
import { DATABASE_ID, tables as allTables } from "./registry";

export const PROJECT_ID = "chizze";
export const PROJECT_NAME = "Chizze";

/** The function keys appwrite-cli 12 keeps (lib/config.js KeysFunction, plus `ignore`), minus `vars`. */
export const FUNCTION_CONFIG_KEYS = [
  "$id",
  "name",
  "runtime",
  "specification",
  "execute",
  "events",
  "scopes",
  "schedule",
  "timeout",
  "enabled",
  "logging",
  "entrypoint",
  "commands",
  "path",
  "ignore",
] as const;

const FunctionConfigSchema = z.strictObject({
  $id: z.string().regex(APPWRITE_ID),
  name: z.string().min(1).max(128),
  runtime: z.string().regex(/^[a-z]+-\d+(?:\.\d+)*$/, "Runtime like node-22"),
  specification: z.string().min(1).optional(),
  execute: z.array(z.string()),
  events: z.array(z.string()),
  scopes: z.array(z.string()),
  schedule: z.string(),
  timeout: z.number().int().min(1).max(900),
  enabled: z.boolean(),
  logging: z.boolean(),
  entrypoint: z.string().min(1),
  commands: z.string(),
  path: z.string().min(1),
  ignore: z.union([z.string(), z.array(z.string())]).optional(),
});

/** One function entry of appwrite.json. No `vars`: secrets are names in .env.example, values set at deploy. */
export type AppwriteFunctionConfig = z.infer<typeof FunctionConfigSchema>;

export type AppwriteColumnConfig = Partial<Omit<ColumnSpec, "key" | "type">> & Pick<ColumnSpec, "key" | "type">;

export interface AppwriteIndexConfig {
  key: string;
  type: IndexSpec["type"];
  status: "available";
  columns: string[];
  orders: IndexSpec["orders"];
}

export interface AppwriteTableConfig {
  $id: string;
  $permissions: string[];
  databaseId: string;
  name: string;
  enabled: boolean;
  rowSecurity: boolean;
  columns: AppwriteColumnConfig[];
  indexes: AppwriteIndexConfig[];
}

export interface AppwriteConfig {
  projectId: string;
  projectName: string;
  endpoint?: string;
  functions: AppwriteFunctionConfig[];
  tablesDB: { $id: string; name: string; enabled: boolean }[];
  tables: AppwriteTableConfig[];
  buckets: BucketDef[];
}

// Column keys in the order the CLI documents them; absent ones are skipped.
const COLUMN_KEY_ORDER = ["key", "type", "format", "elements", "required", "array", "size", "min", "max", "default", "encrypt"] as const;

function columnConfig(spec: ColumnSpec): AppwriteColumnConfig {
  const source = spec as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of COLUMN_KEY_ORDER) {
    if (k in source && source[k] !== undefined) {
      const v = source[k];
      out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
    }
  }
  const unknownKeys = Object.keys(source).filter((k) => !(COLUMN_KEY_ORDER as readonly string[]).includes(k));
  if (unknownKeys.length > 0) throw new Error(`Column ${spec.key}: keys the CLI would drop: ${unknownKeys.join(", ")}`);
  return out as AppwriteColumnConfig;
}

function tableConfig(table: Table): AppwriteTableConfig {
  return {
    $id: table.id,
    $permissions: [...table.permissions],
    databaseId: DATABASE_ID,
    name: table.name,
    enabled: true,
    rowSecurity: table.rowSecurity,
    columns: table.columnSpecs.map(columnConfig),
    indexes: table.indexes.map((i) => ({ key: i.key, type: i.type, status: "available", columns: [...i.columns], orders: [...i.orders] })),
  };
}

function bucketConfig(b: BucketDef): BucketDef {
  return {
    $id: b.$id,
    $permissions: [...b.$permissions],
    fileSecurity: b.fileSecurity,
    name: b.name,
    enabled: b.enabled,
    maximumFileSize: b.maximumFileSize,
    allowedFileExtensions: [...b.allowedFileExtensions],
    compression: b.compression,
    encryption: b.encryption,
    antivirus: b.antivirus,
  };
}

function functionConfig(input: AppwriteFunctionConfig): AppwriteFunctionConfig {
  if ("vars" in (input as object)) {
    throw new Error(`Function ${input.$id}: \`vars\` must not go into appwrite.json (secrets stay out of the repo)`);
  }
  const parsed = FunctionConfigSchema.parse(input);
  const out: Record<string, unknown> = {};
  for (const k of FUNCTION_CONFIG_KEYS) {
    const v = parsed[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  return out as AppwriteFunctionConfig;
}

export interface BuildAppwriteConfigInput {
  functions: AppwriteFunctionConfig[];
  /** Written as `endpoint` when given (the CLI otherwise uses its global config). */
  endpoint?: string;
  /** Defaults to every table of the schema; tests pass their own. */
  tables?: readonly Table[];
  buckets?: readonly BucketDef[];
}

/** The appwrite.json object: project, the `chizze` database, its tables, the buckets and the functions. */
export function buildAppwriteConfig(input: BuildAppwriteConfigInput): AppwriteConfig {
  const functions = input.functions.map(functionConfig).sort((a, b) => (a.$id < b.$id ? -1 : a.$id > b.$id ? 1 : 0));
  for (let i = 1; i < functions.length; i++) {
    if (functions[i]!.$id === functions[i - 1]!.$id) throw new Error(`Function id ${functions[i]!.$id} is used twice`);
  }
  const tables = input.tables ?? allTables;
  const ids = new Set<string>();
  for (const t of tables) {
    if (ids.has(t.id)) throw new Error(`Table id ${t.id} is used twice`);
    ids.add(t.id);
  }
  return {
    projectId: PROJECT_ID,
    projectName: PROJECT_NAME,
    ...(input.endpoint !== undefined ? { endpoint: input.endpoint } : {}),
    functions,
    tablesDB: [{ $id: DATABASE_ID, name: DATABASE_ID, enabled: true }],
    tables: tables.map(tableConfig),
    buckets: (input.buckets ?? allBuckets).map(bucketConfig),
  };
}

/** The file text: 2-space JSON with a final newline. */
export function serializeAppwriteConfig(config: AppwriteConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

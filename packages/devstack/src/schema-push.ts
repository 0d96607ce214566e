// Applies an appwrite.json (databases, tables, columns, indexes, buckets) to an Appwrite endpoint over HTTP, the way
// `appwrite push tables` does (TablesDB for databases/tables, the legacy attribute and index routes for columns),
// but in-process and without polling delays, so `npm run dev` is ready in seconds. Idempotent: what exists is kept.
// The CLI itself is exercised against the same config in the devstack's conformance tests.

interface ConfigColumn {
  key: string;
  type: string;
  format?: string;
  size?: number;
  required?: boolean;
  array?: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  elements?: string[];
}

interface ConfigIndex {
  key: string;
  type: string;
  columns: string[];
  orders?: string[];
}

interface ConfigTable {
  $id: string;
  $permissions?: string[];
  databaseId: string;
  name: string;
  enabled?: boolean;
  rowSecurity?: boolean;
  columns: ConfigColumn[];
  indexes: ConfigIndex[];
}

interface ConfigBucket {
  $id: string;
  name: string;
  $permissions?: string[];
  [k: string]: unknown;
}

export interface AppwriteConfigFile {
  tablesDB?: { $id: string; name: string; enabled?: boolean }[];
  tables?: ConfigTable[];
  buckets?: ConfigBucket[];
}

export interface PushReport {
  tablesCreated: number;
  columnsCreated: number;
  indexesCreated: number;
  bucketsCreated: number;
}

function attributePath(c: ConfigColumn): string {
  if (c.type === "string") return c.format && c.format !== "" ? c.format : "string";
  if (c.type === "double") return "float";
  if (c.type === "linestring") return "line";
  return c.type;
}

function attributeBody(c: ConfigColumn): Record<string, unknown> {
  const body: Record<string, unknown> = { key: c.key, required: c.required ?? false };
  if (c.type !== "point" && c.type !== "polygon" && c.type !== "linestring") body.array = c.array ?? false;
  if (c.default !== undefined && c.default !== null) body.default = c.default;
  if (c.type === "string" && (!c.format || c.format === "")) body.size = c.size;
  if (c.format === "enum") body.elements = c.elements;
  if (c.type === "integer" || c.type === "double") {
    if (c.min !== undefined) body.min = c.min;
    if (c.max !== undefined) body.max = c.max;
  }
  return body;
}

export async function pushAppwriteConfig(endpoint: string, opts: { projectId: string; key: string; config: AppwriteConfigFile }): Promise<PushReport> {
  const headers = { "content-type": "application/json", "x-appwrite-project": opts.projectId, "x-appwrite-key": opts.key };
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${endpoint}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  };
  const must = async (method: string, path: string, body?: unknown) => {
    const r = await call(method, path, body);
    if (r.status >= 400 && r.status !== 409) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.json)}`);
    return r;
  };
  const report: PushReport = { tablesCreated: 0, columnsCreated: 0, indexesCreated: 0, bucketsCreated: 0 };

  for (const db of opts.config.tablesDB ?? []) {
    const existing = await call("GET", `/tablesdb/${db.$id}`);
    if (existing.status === 404) await must("POST", "/tablesdb", { databaseId: db.$id, name: db.name, enabled: db.enabled ?? true });
  }

  for (const t of opts.config.tables ?? []) {
    const got = await call("GET", `/tablesdb/${t.databaseId}/tables/${t.$id}`);
    let haveColumns = new Set<string>();
    let haveIndexes = new Set<string>();
    const tableBody = { name: t.name, permissions: t.$permissions ?? [], rowSecurity: t.rowSecurity ?? false, enabled: t.enabled ?? true };
    if (got.status === 404) {
      await must("POST", `/tablesdb/${t.databaseId}/tables`, { tableId: t.$id, ...tableBody });
      report.tablesCreated++;
    } else {
      const table = got.json as { columns?: { key: string }[]; indexes?: { key: string }[] };
      haveColumns = new Set((table.columns ?? []).map((c) => c.key));
      haveIndexes = new Set((table.indexes ?? []).map((i) => i.key));
      await must("PUT", `/tablesdb/${t.databaseId}/tables/${t.$id}`, tableBody);
    }
    for (const c of t.columns) {
      if (haveColumns.has(c.key)) continue;
      await must("POST", `/databases/${t.databaseId}/collections/${t.$id}/attributes/${attributePath(c)}`, attributeBody(c));
      report.columnsCreated++;
    }
    for (const i of t.indexes) {
      if (haveIndexes.has(i.key)) continue;
      await must("POST", `/databases/${t.databaseId}/collections/${t.$id}/indexes`, { key: i.key, type: i.type, attributes: i.columns, orders: i.orders ?? [] });
      report.indexesCreated++;
    }
  }

  for (const b of opts.config.buckets ?? []) {
    const existing = await call("GET", `/storage/buckets/${b.$id}`);
    const { $id, $permissions, ...rest } = b;
    const body = { ...rest, permissions: $permissions ?? [] };
    if (existing.status === 404) {
      await must("POST", "/storage/buckets", { bucketId: $id, ...body });
      report.bucketsCreated++;
    } else {
      await must("PUT", `/storage/buckets/${$id}`, body);
    }
  }
  return report;
}

// Functions and executions in SQLite: the registry the runner reads, and the execution records the API lists.
import type Database from "better-sqlite3";

export interface FunctionRecord {
  $id: string;
  $createdAt: string;
  $updatedAt: string;
  name: string;
  runtime: string;
  execute: string[];
  events: string[];
  schedule: string;
  timeout: number;
  enabled: boolean;
  logging: boolean;
  entrypoint: string;
  commands: string;
  scopes: string[];
  specification: string;
  /** Folder of the function, relative to the project root (appwrite.json `path`). */
  path: string;
  /** Function variables (set through the API; values never come from appwrite.json). */
  vars: Record<string, string>;
  deploymentId: string;
}

export interface ExecutionRecord {
  $id: string;
  $createdAt: string;
  $updatedAt: string;
  $permissions: string[];
  functionId: string;
  deploymentId: string;
  trigger: "http" | "schedule" | "event";
  status: "waiting" | "processing" | "completed" | "failed" | "scheduled";
  requestMethod: string;
  requestPath: string;
  requestHeaders: { name: string; value: string }[];
  responseStatusCode: number;
  responseBody: string;
  responseHeaders: { name: string; value: string }[];
  logs: string;
  errors: string;
  duration: number;
  scheduledAt: string | null;
}

export function createFunctionStore(db: Database.Database) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS _fn_functions (id TEXT PRIMARY KEY, data TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS _fn_executions (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, function_id TEXT NOT NULL, data TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS _fn_executions_fn ON _fn_executions (function_id, seq);
  `);
  const listFn = db.prepare<[], { data: string }>("SELECT data FROM _fn_functions ORDER BY id");
  const putFn = db.prepare<[string, string]>("INSERT INTO _fn_functions (id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data");
  const delFn = db.prepare<[string]>("DELETE FROM _fn_functions WHERE id = ?");
  const putExec = db.prepare<[string, string, string]>(
    "INSERT INTO _fn_executions (id, function_id, data) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data",
  );
  const getExec = db.prepare<[string, string], { data: string }>("SELECT data FROM _fn_executions WHERE function_id = ? AND id = ?");
  const listExec = db.prepare<[string, number, number], { data: string }>(
    "SELECT data FROM _fn_executions WHERE function_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?",
  );
  const countExec = db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM _fn_executions WHERE function_id = ?");
  const delExec = db.prepare<[string, string]>("DELETE FROM _fn_executions WHERE function_id = ? AND id = ?");
  // Keep the newest executions only: a busy devstack must not grow without bound.
  const trim = db.prepare<[string, string, number]>(
    "DELETE FROM _fn_executions WHERE function_id = ? AND seq < (SELECT MIN(seq) FROM (SELECT seq FROM _fn_executions WHERE function_id = ? ORDER BY seq DESC LIMIT ?))",
  );
  let writes = 0;

  // Every execution reads its function and every row event scans all functions (event triggers): keep the parsed
  // registry in memory, refreshed on any change (this store is its only writer). Callers get copies.
  let registry: Map<string, FunctionRecord> | null = null;
  const loaded = (): Map<string, FunctionRecord> =>
    (registry ??= new Map(
      listFn.all().map((r) => {
        const f = JSON.parse(r.data) as FunctionRecord;
        return [f.$id, f];
      }),
    ));

  return {
    getFunction: (id: string) => {
      const f = loaded().get(id);
      return f ? structuredClone(f) : undefined;
    },
    /** Read-only view of the registry (the runner scans it on every event); do not mutate. */
    listFunctions: (): readonly FunctionRecord[] => [...loaded().values()],
    putFunction: (f: FunctionRecord) => {
      putFn.run(f.$id, JSON.stringify(f));
      registry = null;
    },
    deleteFunction: (id: string) => {
      delFn.run(id);
      registry = null;
    },
    putExecution: (e: ExecutionRecord) => {
      putExec.run(e.$id, e.functionId, JSON.stringify(e));
      if (++writes % 500 === 0) trim.run(e.functionId, e.functionId, 5000);
    },
    getExecution: (functionId: string, id: string) => {
      const r = getExec.get(functionId, id);
      return r ? (JSON.parse(r.data) as ExecutionRecord) : undefined;
    },
    listExecutions: (functionId: string, limit: number, offset: number) => ({
      total: Math.min(countExec.get(functionId)?.n ?? 0, 5000),
      executions: listExec.all(functionId, limit, offset).map((r) => JSON.parse(r.data) as ExecutionRecord),
    }),
    deleteExecution: (functionId: string, id: string) => delExec.run(functionId, id).changes > 0,
  };
}

export type FunctionStore = ReturnType<typeof createFunctionStore>;

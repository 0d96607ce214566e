// The open-runtimes v5 Node context Appwrite passes to a function's default export
// (shared/reference/appwrite-1.9-wire-api.md §6.3): the contract between the runtime (Appwrite, or the devstack's
// runner) and every function. Only what the project uses is typed.

export interface RuntimeRequest {
  bodyText?: string;
  bodyRaw?: string;
  body?: unknown;
  headers: Record<string, string | undefined>;
  method: string;
  host?: string;
  port?: number;
  scheme?: string;
  path: string;
  queryString?: string;
  query?: Record<string, string>;
  url?: string;
}

export interface RuntimeResponse {
  send(body: string, status?: number, headers?: Record<string, string>): unknown;
  json(body: unknown, status?: number, headers?: Record<string, string>): unknown;
  empty(): unknown;
  text?(body: string, status?: number, headers?: Record<string, string>): unknown;
}

export interface RuntimeContext {
  req: RuntimeRequest;
  res: RuntimeResponse;
  log: (message: unknown) => void;
  error: (message: unknown) => void;
}

/** What Appwrite runs: `export default async (context) => context.res.json(...)`. */
export type AppwriteEntrypoint = (context: RuntimeContext) => Promise<unknown>;

export type TriggerKind = "http" | "event" | "schedule";

export function triggerOf(headers: RuntimeRequest["headers"]): TriggerKind {
  const t = headers["x-appwrite-trigger"];
  return t === "event" || t === "schedule" ? t : "http";
}

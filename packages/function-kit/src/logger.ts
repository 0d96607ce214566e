// Structured JSON logs, one line per event, written through Appwrite's log()/error() so they land in the
// execution's logs/errors. Fields never include request bodies or secrets.

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  with(fields: Record<string, unknown>): Logger;
}

export interface LogSink {
  out: (line: string) => void;
  err: (line: string) => void;
}

function serialiseError(e: unknown): unknown {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return e;
}

export function createLogger(sink: LogSink, base: Record<string, unknown> = {}): Logger {
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    const record: Record<string, unknown> = { ts: new Date().toISOString(), level, msg, ...base };
    if (fields) for (const [k, v] of Object.entries(fields)) record[k] = k === "err" ? serialiseError(v) : v;
    const line = JSON.stringify(record);
    if (level === "warn" || level === "error") sink.err(line);
    else sink.out(line);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    with: (fields) => createLogger(sink, { ...base, ...fields }),
  };
}

/** A sink on stdout/stderr, for code running outside an Appwrite execution (devstack, scripts). */
export const processSink: LogSink = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

// Structured JSON logs, one line per event (style rule 8). On Workers, console output goes to Workers Logs
// ([observability] in wrangler.toml); on Node to stdout. Tests pass their own `write` to read the lines back.
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export type LogWriter = (line: string, level: LogLevel) => void;

export const consoleWriter: LogWriter = (line, level) => {
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
};

/** Errors become `{name, message, stack}`; everything else is kept as is. */
function serialise(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  }
  return out;
}

export function createLogger(write: LogWriter = consoleWriter, base: LogFields = {}): Logger {
  const emit = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...serialise(fields) }), level);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

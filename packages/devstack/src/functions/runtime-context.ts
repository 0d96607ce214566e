// Builds an open-runtimes-compatible context ({req, res, log, error}) for one execution and collects its answer.
// Used by the devstack's function runner and by function tests, so both run an entrypoint exactly the same way.
import type { RuntimeContext } from "@chizze/contracts/open-runtimes";

export interface ExecutionRequest {
  method?: string;
  /** Path with optional query string: `/api/v1/orders/abc?x=1`. */
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  scheme?: string;
  host?: string;
  port?: number;
}

export interface ExecutionResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  logs: string[];
  errors: string[];
}

// open-runtimes truncates each log line at 8000 chars.
const MAX_LOG_LINE = 8000;

function toLine(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > MAX_LOG_LINE ? s.slice(0, MAX_LOG_LINE) : s;
}

export function createRuntimeContext(request: ExecutionRequest): {
  context: RuntimeContext;
  logs: string[];
  errors: string[];
  result: () => ExecutionResult | undefined;
} {
  const [pathOnly = "/", queryString = ""] = (request.path ?? "/").split(/\?(.*)/s);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
  const bodyText = request.body ?? "";
  const logs: string[] = [];
  const errors: string[] = [];
  let answer: ExecutionResult | undefined;
  const scheme = request.scheme ?? "http";
  const host = request.host ?? "localhost";
  const port = request.port ?? 3000;

  const respond = (body: string, status = 200, h: Record<string, string> = {}) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) if (!k.toLowerCase().startsWith("x-open-runtimes-")) out[k.toLowerCase()] = v;
    const ct = out["content-type"];
    if (ct && !ct.startsWith("multipart/") && !/charset=/i.test(ct)) out["content-type"] = `${ct}; charset=utf-8`;
    answer = { status, headers: out, body, logs, errors };
    return answer;
  };

  const query: Record<string, string> = {};
  for (const pair of queryString.split("&")) {
    if (!pair) continue;
    const [k = "", v = ""] = pair.split(/=(.*)/s);
    query[k] = v; // open-runtimes does not URL-decode req.query
  }

  const context: RuntimeContext = {
    req: {
      bodyText,
      bodyRaw: bodyText,
      get body() {
        if ((headers["content-type"] ?? "").startsWith("application/json") && bodyText !== "") return JSON.parse(bodyText) as unknown;
        return bodyText === "" ? {} : bodyText;
      },
      headers,
      method: (request.method ?? "POST").toUpperCase(),
      host,
      port,
      scheme,
      path: pathOnly,
      queryString,
      query,
      url: `${scheme}://${host}${port === 80 || port === 443 ? "" : `:${port}`}${pathOnly}${queryString ? `?${queryString}` : ""}`,
    },
    res: {
      send: (body, status, h) => respond(body, status, h),
      text: (body, status, h) => respond(body, status, h),
      json: (body, status, h) => respond(JSON.stringify(body), status, { "content-type": "application/json", ...h }),
      empty: () => respond("", 204),
    },
    log: (m) => logs.push(toLine(m)),
    error: (m) => errors.push(toLine(m)),
  };
  return { context, logs, errors, result: () => answer };
}

/** Run an entrypoint once, as the runtime does: a throw or a missing return is a 500 with the reason in errors. */
export async function runEntrypoint(entry: (ctx: RuntimeContext) => Promise<unknown>, request: ExecutionRequest): Promise<ExecutionResult> {
  const { context, logs, errors, result } = createRuntimeContext(request);
  try {
    await entry(context);
  } catch (err) {
    errors.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { status: 500, headers: {}, body: "", logs, errors };
  }
  const r = result();
  if (r) return r;
  errors.push("Return statement missing. return context.res.empty() if no response is expected.");
  return { status: 500, headers: {}, body: "", logs, errors };
}

// Executes a route's Appwrite Function synchronously through the Functions API with the edge's API key:
//   POST {APPWRITE_ENDPOINT}/functions/{id}/executions  {body, async:false, path, method, headers}
// and turns the execution record back into the HTTP answer the function gave. Why the executions API and not
// function domains: a domain only answers when the function has `execute: ["any"]`, which would let anyone call
// functions directly and skip the edge's auth, rate limits and idempotency (docs/edge.md).
//
// Appwrite records only content-type/content-length of a function's response headers, so anything else an answer
// needs (X-Request-Id, Retry-After, Cache-Control, RateLimit-*) is set by the edge.
import { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import type { Logger } from "./logger";

export const DEFAULT_INVOKE_TIMEOUT_MS = 10_000;

export interface InvokeConfig {
  APPWRITE_ENDPOINT: string;
  APPWRITE_PROJECT_ID: string;
  APPWRITE_API_KEY: string;
}

export interface InvokeRequest {
  functionId: string;
  method: string;
  /** Original path with its query string: the function matches and validates it again. */
  path: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export interface InvokeResult {
  response: Response;
  /** Round trip of the executions call (ms), for the request log. */
  ms: number;
  executionId: string | null;
}

const Execution = z.object({
  $id: z.string().optional(),
  status: z.string(),
  responseStatusCode: z.number().int(),
  responseBody: z.string().default(""),
  responseHeaders: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  errors: z.string().default(""),
});

const unavailable = (detail: string, cause?: unknown) =>
  new ApiError("dependency_unavailable", detail, { headers: { "retry-after": "5" }, ...(cause === undefined ? {} : { cause }) });

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
}

export async function invokeFunction(cfg: InvokeConfig, req: InvokeRequest, log: Logger): Promise<InvokeResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(req.timeoutMs);
  let res: Response;
  try {
    res = await fetch(`${cfg.APPWRITE_ENDPOINT}/functions/${encodeURIComponent(req.functionId)}/executions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        "x-appwrite-project": cfg.APPWRITE_PROJECT_ID,
        "x-appwrite-key": cfg.APPWRITE_API_KEY,
      },
      body: JSON.stringify({ body: req.body, async: false, path: req.path, method: req.method, headers: req.headers }),
      signal,
    });
  } catch (err) {
    if (isTimeout(err)) throw new ApiError("timeout", `The ${req.functionId} function did not answer within ${req.timeoutMs} ms`, { cause: err });
    throw unavailable("The function runtime is unreachable; retry shortly", err);
  }

  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    if (isTimeout(err)) throw new ApiError("timeout", `The ${req.functionId} function did not answer within ${req.timeoutMs} ms`, { cause: err });
    throw unavailable("The function runtime dropped the connection; retry shortly", err);
  }
  const ms = Math.round(performance.now() - started);

  if (res.status === 429 || res.status >= 500) {
    log.warn("executions API unavailable", { functionId: req.functionId, status: res.status });
    throw unavailable("The function runtime is unavailable; retry shortly");
  }
  if (!res.ok) {
    // 404 function_not_found (not deployed), 401 (key lacks execution.write), 400 (bad execution request): all our fault.
    log.error("executions API refused the call", { functionId: req.functionId, status: res.status, type: appwriteErrorType(text) });
    throw new ApiError("bad_gateway", "The function could not be executed");
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError("bad_gateway", "Unexpected answer from the function runtime");
  }
  const execution = Execution.safeParse(parsed);
  if (!execution.success) throw new ApiError("bad_gateway", "Unexpected answer from the function runtime");
  const e = execution.data;

  if (e.status === "failed" && e.responseBody === "") {
    const timedOut = /timed? ?out/i.test(e.errors);
    log.error("function execution failed", { functionId: req.functionId, executionId: e.$id ?? null, statusCode: e.responseStatusCode, timedOut });
    throw timedOut
      ? new ApiError("timeout", `The ${req.functionId} function timed out`)
      : new ApiError("bad_gateway", "The function failed without an answer");
  }
  if (e.responseStatusCode < 200 || e.responseStatusCode > 599) {
    throw new ApiError("bad_gateway", "The function gave no valid HTTP status");
  }

  const headers = new Headers();
  const contentType = e.responseHeaders.find((h) => h.name.toLowerCase() === "content-type")?.value;
  if (contentType) headers.set("content-type", contentType);
  const noBody = e.responseStatusCode === 204 || e.responseStatusCode === 304;
  return {
    response: new Response(noBody ? null : e.responseBody, { status: e.responseStatusCode, headers }),
    ms,
    executionId: e.$id ?? null,
  };
}

/** Appwrite's error `type` (never its message, which may echo input) for the log. */
function appwriteErrorType(text: string): string | null {
  try {
    const body = JSON.parse(text) as { type?: unknown };
    return typeof body.type === "string" ? body.type : null;
  } catch {
    return null;
  }
}

// problem+json answers (RFC 9457) from the contracts' one error type, with the request id and the headers a
// problem implies (Retry-After for 429/503, Allow for 405).
import type { Context } from "hono";
import { ApiError, PROBLEM_CONTENT_TYPE, toProblem, type ErrorCode } from "@chizze/contracts/errors";
import type { EdgeEnv } from "./env";

/** Seconds a client should wait before retrying a problem with this status, when the thrower set none. */
export const DEFAULT_RETRY_AFTER_SEC: Readonly<Record<number, number>> = { 429: 10, 503: 5 };

export function problemResponse(c: Context<EdgeEnv>, err: ApiError): Response {
  const headers = new Headers({ "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store" });
  for (const [k, v] of Object.entries(err.headers ?? {})) headers.set(k, v);
  const retry = DEFAULT_RETRY_AFTER_SEC[err.status];
  if (retry !== undefined && !headers.has("retry-after")) headers.set("retry-after", String(retry));
  return c.body(JSON.stringify(toProblem(err, c.get("requestId"))), err.status as 400, Object.fromEntries(headers));
}

/** The error code a bare HTTP status stands for (hono's HTTPException, an unexpected status). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 422:
      return "unprocessable";
    case 426:
      return "upgrade_required";
    case 429:
      return "rate_limited";
    case 502:
      return "bad_gateway";
    case 503:
      return "dependency_unavailable";
    case 504:
      return "timeout";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

export { ApiError };

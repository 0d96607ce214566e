// One closed list of error codes, one mapping to HTTP status, one problem+json shape (RFC 9457), shared by
// the edge and every function. Adding a code is a contract change: clients switch on `code`.
import { z } from "zod";

export const ERROR_CODES = {
  bad_request: 400,
  validation_failed: 400,
  idempotency_key_required: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  illegal_transition: 409,
  idempotency_in_flight: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  quote_expired: 422,
  item_unavailable: 422,
  coupon_invalid: 422,
  idempotency_key_reused: 422,
  not_serviceable: 422,
  upgrade_required: 426,
  rate_limited: 429,
  internal: 500,
  bad_gateway: 502,
  dependency_unavailable: 503,
  intake_paused: 503,
  timeout: 504,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const errorCodes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

const TITLES: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  validation_failed: "Validation failed",
  idempotency_key_required: "Idempotency-Key header required",
  unauthenticated: "Authentication required",
  forbidden: "Forbidden",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  illegal_transition: "Illegal state transition",
  idempotency_in_flight: "A request with this Idempotency-Key is still being processed",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  unprocessable: "Unprocessable request",
  quote_expired: "Quote expired",
  item_unavailable: "Item unavailable",
  coupon_invalid: "Coupon not applicable",
  idempotency_key_reused: "Idempotency-Key reused with a different request",
  not_serviceable: "Not serviceable",
  upgrade_required: "App update required",
  rate_limited: "Too many requests",
  internal: "Internal error",
  bad_gateway: "Bad gateway",
  dependency_unavailable: "A dependency is unavailable",
  intake_paused: "Order intake is paused",
  timeout: "Upstream timed out",
};

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}

export function titleOf(code: ErrorCode): string {
  return TITLES[code];
}

export const Problem = z
  .object({
    type: z.string().meta({ description: "URI reference naming the problem type", example: "https://docs.chizze.in/problems/not_found" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.enum(errorCodes),
    requestId: z.string(),
    /** Field-level validation issues (validation_failed). */
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "application/problem+json error body" });
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemType(code: ErrorCode): string {
  return `https://docs.chizze.in/problems/${code}`;
}

/** The one error type thrown across the backend. Functions and the edge map it to problem+json with `toProblem`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: { path: string; message: string }[];
  /** Extra response headers (Retry-After, …). */
  readonly headers?: Record<string, string>;
  constructor(code: ErrorCode, detail?: string, extra?: { errors?: { path: string; message: string }[]; headers?: Record<string, string>; cause?: unknown }) {
    super(detail ?? TITLES[code], extra?.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_CODES[code];
    this.errors = extra?.errors;
    this.headers = extra?.headers;
  }
}

export function toProblem(err: ApiError, requestId: string): Problem {
  return {
    type: problemType(err.code),
    title: TITLES[err.code],
    status: err.status,
    detail: err.message,
    code: err.code,
    requestId,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

/** zod issues → the `errors` list of a validation_failed problem. Never echoes the rejected values. */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
}

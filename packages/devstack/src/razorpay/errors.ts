// Razorpay's error body: {"error":{"code","description","source","step","reason","metadata","field"}}.
// The razorpay SDK rethrows it as {statusCode, error} (dist/api.js normalizeError), so callers match on these fields.

export type RazorpayErrorCode = "BAD_REQUEST_ERROR" | "GATEWAY_ERROR" | "SERVER_ERROR";

export interface RazorpayErrorBody {
  error: {
    code: RazorpayErrorCode;
    description: string;
    source: string;
    step: string;
    reason: string;
    metadata: Record<string, string>;
    field?: string;
  };
}

export interface RazorpayErrorOptions {
  field?: string;
  source?: string;
  step?: string;
  reason?: string;
  metadata?: Record<string, string>;
  code?: RazorpayErrorCode;
}

export class RazorpayError extends Error {
  override name = "RazorpayError";
  constructor(
    readonly status: 400 | 401 | 404 | 409 | 500,
    readonly description: string,
    readonly options: RazorpayErrorOptions = {},
  ) {
    super(description);
  }

  toJSON(): RazorpayErrorBody {
    const o = this.options;
    return {
      error: {
        code: o.code ?? (this.status === 500 ? "SERVER_ERROR" : "BAD_REQUEST_ERROR"),
        description: this.description,
        source: o.source ?? "NA",
        step: o.step ?? "NA",
        reason: o.reason ?? "NA",
        metadata: o.metadata ?? {},
        ...(o.field !== undefined ? { field: o.field } : {}),
      },
    };
  }
}

/** A request field failed validation (Razorpay answers these with source business / reason input_validation_failed). */
export function invalid(description: string, field?: string): RazorpayError {
  return new RazorpayError(400, description, {
    source: "business",
    step: "payment_initiation",
    reason: "input_validation_failed",
    ...(field !== undefined ? { field } : {}),
  });
}

/** A well-formed request the current state does not allow (capture twice, over-refund, …). */
export function badRequest(description: string, field?: string): RazorpayError {
  return new RazorpayError(400, description, field !== undefined ? { field } : {});
}

/** Razorpay answers an unknown or malformed entity id with 400, not 404. */
export function idNotFound(): RazorpayError {
  return invalid("The id provided does not exist", "id");
}

export const authFailed = (): RazorpayError => new RazorpayError(401, "Authentication failed");
export const urlNotFound = (): RazorpayError => new RazorpayError(404, "The requested URL was not found on the server.");

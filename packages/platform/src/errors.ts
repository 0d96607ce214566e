// The platform's error taxonomy: every adapter turns its SDK's failures into one of these, so a caller (and the
// circuit breaker) can tell "the dependency is sick" (retry later, fail open or closed) from "the dependency
// answered no" (a business outcome or a bug). Workers-safe: no SDK imports.
import { ApiError } from "@chizze/contracts/errors";

export type Dependency = "appwrite" | "redis" | "razorpay" | "messaging";

export abstract class PlatformError extends Error {
  abstract readonly kind: string;
  /**
   * True when the dependency could not answer (5xx, network, timeout, circuit open). Only these count as failures
   * for a circuit breaker; a 4xx means the dependency is healthy (reliability note §1.7).
   */
  abstract readonly infra: boolean;
  readonly dependency: Dependency;
  constructor(dependency: Dependency, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.dependency = dependency;
  }
}

export type UnavailableReason = "timeout" | "network" | "server_error" | "circuit_open";

/** The dependency could not answer. Reads may fail open on this; money and OTP fail closed. */
export class Unavailable extends PlatformError {
  readonly kind = "unavailable";
  readonly infra = true;
  readonly reason: UnavailableReason;
  readonly status: number | undefined;
  constructor(dependency: Dependency, reason: UnavailableReason, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(dependency, message, opts.cause);
    this.name = "Unavailable";
    this.reason = reason;
    this.status = opts.status;
  }
}

/** 409 row_already_exists: a create with a deterministic id hit an existing row (often: the retry of a done write). */
export class Conflict extends PlatformError {
  readonly kind = "conflict";
  readonly infra = false;
  constructor(dependency: Dependency, message: string, readonly type: string, cause?: unknown) {
    super(dependency, message, cause);
    this.name = "Conflict";
  }
}

export class NotFound extends PlatformError {
  readonly kind = "not_found";
  readonly infra = false;
  constructor(dependency: Dependency, message: string, readonly type: string, cause?: unknown) {
    super(dependency, message, cause);
    this.name = "NotFound";
  }
}

/** An increment/decrement would cross its max/min (stock would go negative, coupon limit reached). */
export class BoundExceeded extends PlatformError {
  readonly kind = "bound_exceeded";
  readonly infra = false;
  constructor(dependency: Dependency, message: string, cause?: unknown) {
    super(dependency, message, cause);
    this.name = "BoundExceeded";
  }
}

/** A transaction's rows changed outside it before commit; nothing was applied and the whole unit may be retried. */
export class TransactionConflict extends PlatformError {
  readonly kind = "transaction_conflict";
  readonly infra = false;
  constructor(dependency: Dependency, message: string, cause?: unknown) {
    super(dependency, message, cause);
    this.name = "TransactionConflict";
  }
}

/** Any other 4xx: our request was wrong (a bug, a missing scope, bad params). Never retried, never trips a breaker. */
export class Rejected extends PlatformError {
  readonly kind = "rejected";
  readonly infra = false;
  constructor(dependency: Dependency, message: string, readonly status: number, readonly type: string, cause?: unknown) {
    super(dependency, message, cause);
    this.name = "Rejected";
  }
}

/** Data we were about to write failed its table schema; nothing was sent. */
export class InvalidRowData extends PlatformError {
  readonly kind = "invalid_row_data";
  readonly infra = false;
  constructor(readonly tableId: string, readonly issues: { path: string; message: string }[]) {
    super("appwrite", `Invalid data for table ${tableId}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "InvalidRowData";
  }
}

/** A stored row does not match its schema (schema drift between code and database). */
export class RowDrift extends PlatformError {
  readonly kind = "row_drift";
  readonly infra = false;
  constructor(readonly tableId: string, readonly rowId: string, readonly issues: { path: string; message: string }[]) {
    super("appwrite", `Row ${tableId}/${rowId} does not match its schema: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "RowDrift";
  }
}

export type GatewayErrorKind = "rejected" | "unavailable" | "timeout";

/** Razorpay failures, normalised from the SDK's plain objects, axios errors and fetch errors. */
export class GatewayError extends PlatformError {
  readonly infra: boolean;
  /** The request field Razorpay blamed, when it named one. */
  readonly field: string | undefined;
  constructor(
    readonly kind: GatewayErrorKind,
    readonly code: string,
    readonly description: string,
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
    opts: { cause?: unknown; field?: string } = {},
  ) {
    super("razorpay", `${kind} ${status} ${code}: ${description}`, opts.cause);
    this.name = "GatewayError";
    this.infra = kind !== "rejected";
    this.field = opts.field;
  }
  /**
   * Safe to send again with the same idempotency key / same receipt: no answer, a 5xx, a 429, or Razorpay's 409
   * for a concurrent request with the same refund idempotency key.
   */
  get retryable(): boolean {
    return this.kind !== "rejected" || this.status === 409 || this.status === 429;
  }
}

/** True for failures that mean "the dependency is sick": what breakers count and what callers fail open/closed on. */
export function isInfraFailure(err: unknown): boolean {
  return err instanceof PlatformError && err.infra;
}

/**
 * Default translation to the API's closed error list, for callers that have nothing more specific to say.
 * Verbs usually map Conflict/BoundExceeded themselves (e.g. BoundExceeded on stock → item_unavailable).
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof Unavailable) {
    return err.reason === "timeout" ? new ApiError("timeout", undefined, { cause: err }) : new ApiError("dependency_unavailable", undefined, { cause: err, headers: { "retry-after": "5" } });
  }
  if (err instanceof GatewayError) {
    if (err.kind === "timeout") return new ApiError("timeout", undefined, { cause: err });
    if (err.kind === "unavailable") return new ApiError("dependency_unavailable", undefined, { cause: err, headers: { "retry-after": "5" } });
    return new ApiError("bad_gateway", undefined, { cause: err });
  }
  if (err instanceof NotFound) return new ApiError("not_found", undefined, { cause: err });
  if (err instanceof Conflict || err instanceof TransactionConflict || err instanceof BoundExceeded) return new ApiError("conflict", undefined, { cause: err });
  return new ApiError("internal", undefined, { cause: err });
}

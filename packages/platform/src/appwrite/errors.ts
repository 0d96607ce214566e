// AppwriteException (and the fetch errors under it) → the platform's typed errors, so callers and breakers can tell
// a sick Appwrite from an Appwrite that said no. Node only.
import { AppwriteException } from "node-appwrite";
import { BoundExceeded, Conflict, NotFound, Rejected, TransactionConflict, Unavailable, PlatformError } from "../errors";
import { isAbortError } from "../resilience/timeout";

/** The typed error for `err`; errors that are not Appwrite's or the network's (our own bugs) come back unchanged. */
export function mapAppwriteError(err: unknown, what: string): unknown {
  if (err instanceof PlatformError) return err;
  if (err instanceof AppwriteException) {
    const { code, type } = err;
    const msg = `${what}: ${err.message}`;
    // code 0: the SDK threw before any HTTP answer (bad endpoint); treat like a network failure.
    if (code === 0 || code >= 500) return new Unavailable("appwrite", code === 0 ? "network" : "server_error", msg, { status: code, cause: err });
    if (code === 408 || code === 429) return new Unavailable("appwrite", code === 408 ? "timeout" : "server_error", msg, { status: code, cause: err });
    if (type === "transaction_conflict") return new TransactionConflict("appwrite", msg, err);
    if (type === "column_limit_exceeded" || type === "attribute_limit_exceeded") return new BoundExceeded("appwrite", msg, err);
    if (code === 409) return new Conflict("appwrite", msg, type, err);
    if (code === 404) return new NotFound("appwrite", msg, type, err);
    return new Rejected("appwrite", msg, code, type, err);
  }
  if (isAbortError(err)) return new Unavailable("appwrite", "timeout", `${what}: Appwrite timed out`, { cause: err });
  // undici's fetch rejects with TypeError("fetch failed", {cause}) on refused/reset connections and DNS errors; other
  // TypeErrors are bugs and must not hide behind "unavailable".
  if (err instanceof TypeError && err.message === "fetch failed") return new Unavailable("appwrite", "network", `${what}: Appwrite unreachable`, { cause: err });
  return err;
}

/** Runs an SDK call and rethrows its failure as a typed platform error. */
export async function appwriteCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapAppwriteError(err, what);
  }
}

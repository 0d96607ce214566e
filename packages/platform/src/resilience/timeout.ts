// Deadlines for calls whose SDK has no timeout of its own. The work gets an AbortSignal so it can stop; when the
// budget runs out the caller gets an `Unavailable(timeout)` at once, whatever the work does afterwards. Workers-safe.
import { Unavailable, type Dependency } from "../errors";

/** True for the errors fetch/undici/axios raise when an AbortSignal fires. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError");
}

/**
 * Runs `work` with a deadline. `work` receives a signal that aborts at the deadline (or when `outer` aborts);
 * the returned promise rejects with Unavailable(timeout) at that moment even if `work` ignores the signal.
 */
export async function withTimeout<T>(
  dependency: Dependency,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  opts: { what?: string; outer?: AbortSignal } = {},
): Promise<T> {
  const controller = new AbortController();
  const what = opts.what ?? dependency;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onOuterAbort = (): void => controller.abort(opts.outer?.reason);
  if (opts.outer?.aborted) controller.abort(opts.outer.reason);
  else opts.outer?.addEventListener("abort", onOuterAbort, { once: true });
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Unavailable(dependency, "timeout", `${what} did not answer within ${ms} ms`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } catch (err) {
    // The work noticed the abort first and threw its own AbortError: report the timeout, not the abort.
    if (controller.signal.aborted && controller.signal.reason instanceof Unavailable && isAbortError(err)) throw controller.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
    opts.outer?.removeEventListener("abort", onOuterAbort);
  }
}

/** Milliseconds left until `deadlineMs` (epoch ms), never below `floorMs`: for passing a shrinking budget down. */
export function remaining(deadlineMs: number, nowMs: number, floorMs = 1): number {
  return Math.max(floorMs, deadlineMs - nowMs);
}

// Background work after the response: `waitUntil` on Workers; on Node (no ExecutionContext) the promise simply runs.
import type { Context } from "hono";

export function defer(c: Context, work: Promise<unknown>): void {
  const settled = work.catch(() => undefined);
  let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    // hono throws "This context has no ExecutionContext" outside Workers when none was passed.
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(settled);
  else void settled;
}

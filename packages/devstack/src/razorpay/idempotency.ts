// X-Refund-Idempotency (Razorpay) and X-Transfer-Idempotency (this double only): same key + same request → the
// same entity again; same key + a different request → 400, Razorpay's wording.
import type { RazorpayContext } from "./context";
import { badRequest } from "./errors";
import { fingerprint } from "./validate";

export function withIdempotency<T extends { id: string }>(
  ctx: RazorpayContext,
  scope: string,
  key: string | undefined,
  request: unknown,
  lookup: (id: string) => T | undefined,
  create: () => T,
): T {
  if (key === undefined) return create();
  const slot = `${scope}:${key}`;
  const fp = fingerprint(request);
  const seen = ctx.state.idempotency.get(slot);
  if (seen) {
    if (seen.fingerprint !== fp) throw badRequest("Different request with the same idempotency key has already been processed.");
    const entity = lookup(seen.entityId);
    if (entity) return entity;
  }
  const entity = create();
  ctx.state.idempotency.set(slot, { fingerprint: fp, entityId: entity.id });
  ctx.state.save();
  return entity;
}

// The verified caller a verb acts for (the edge-signed identity, checked by function-kit).
import type { Identity } from "@chizze/platform/identity";
import { ApiError } from "@chizze/contracts/errors";

export type Caller = Identity;

/** Verbs behind signed-in routes call this first: a missing identity is a wiring bug, answered 401. */
export function requireCaller(identity: Identity | null): Caller {
  if (!identity) throw new ApiError("unauthenticated");
  return identity;
}

/** Not yours → 404, never 403 (style rule 5): the caller learns nothing about other people's data. */
export function notFound(what: string): ApiError {
  return new ApiError("not_found", `${what} not found`);
}

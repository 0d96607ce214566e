// Logging in during the grace period cancels a pending deletion (the contract's promise: "logging in before it
// cancels the deletion"). Called by auth/verify-otp right after Appwrite accepted the code and opened the session.
//
// The race with accounts-purge is settled on the profiles row: the purge claims an account by writing
// erasure_started_at in a transaction that read the row, and this cancel clears deletion_due_at in a transaction that
// read it too, so exactly one of them commits first and the other sees it. Once the purge has claimed the account it
// also blocks the Appwrite user, so no new session can be opened at all; a session opened in the instant before the
// block is deleted here and the login refused.
import { T } from "@chizze/schema";
import { ApiError } from "@chizze/contracts/errors";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import { NotFound } from "@chizze/platform/errors";
import type { Deps } from "../deps";

export type LoginOutcome = "none" | "cancelled";

/** Cancels a pending deletion of `userId`; throws 401 (and ends `sessionId`) when the erasure has already begun. */
export async function cancelDeletionOnLogin(deps: Deps, userId: string, sessionId: string): Promise<LoginOutcome> {
  const seen = await deps.db.profiles.get(userId);
  // The common case (no deletion ever asked) costs one read, which ensureProfile's own read then repeats.
  if (!seen || (!seen.deletion_due_at && !seen.erasure_started_at && !seen.erased_at)) return "none";

  const outcome = await withTransaction(deps.tablesDB, async (tx) => {
    const p = await tx.get(T.profiles, userId);
    if (!p) return "none" as const;
    if (p.erasure_started_at || p.erased_at) return "erasing" as const;
    if (!p.deletion_due_at) return "none" as const;
    tx.update(T.profiles, userId, { deleted_at: null, deletion_due_at: null });
    return "cancelled" as const;
  });

  if (outcome === "erasing") {
    try {
      await appwriteCall("users.deleteSession", () => deps.users.deleteSession({ userId, sessionId }));
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
    throw new ApiError("unauthenticated", "This account has been deleted");
  }
  if (outcome === "cancelled") deps.log.info("account deletion cancelled by logging in", { userId });
  return outcome;
}

// DELETE /me: schedules the erasure of the caller's account after a grace period and ends every session now.
// Nothing is erased here — accounts-purge does that once the deadline has passed — so a mistaken or coerced deletion
// is undone by logging in again (auth/verify-otp → cancelOnLogin).
import { Query } from "node-appwrite";
import type { z } from "zod";
import type { AccountDeletion } from "@chizze/contracts/api/me";
import { ApiError } from "@chizze/contracts/errors";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import { NotFound } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { notFound } from "../caller";
import { loadOwnProfile } from "../profile/load";
import { syncPartnerIndex } from "../delivery/geo-index";
import { isoUtc } from "../time";
import { deletionBlocker } from "./active";

const DAY_MS = 86_400_000;

/**
 * 409 while an order is active or the caller owns a restaurant; otherwise records the request (deleted_at,
 * deletion_due_at) and ends all sessions. Repeating it while pending answers the same deadline (the grace period is
 * not restarted) and ends any session opened meanwhile — which cannot exist, since opening one cancels.
 */
export async function requestAccountDeletion(deps: Deps, caller: Caller, opts: { graceDays: number }): Promise<z.infer<typeof AccountDeletion>> {
  const profile = await loadOwnProfile(deps, caller);
  // The edge may vouch for a just-erased user for up to a minute (its session cache); there is nothing left to delete.
  if (profile.erasure_started_at || profile.erased_at) throw notFound("Profile");

  const blocker = await deletionBlocker(deps, caller.userId);
  if (blocker?.kind === "active_order") throw new ApiError("conflict", `Order ${blocker.orderId} is still in progress; delete the account once it is delivered or cancelled`);
  if (blocker?.kind === "restaurant_owner") throw new ApiError("conflict", "This account owns a restaurant; restaurant accounts are closed through partner support");

  let deleteAfter = profile.deletion_due_at ? isoUtc(profile.deletion_due_at) : null;
  if (!deleteAfter) {
    const now = deps.now();
    deleteAfter = new Date(now.getTime() + opts.graceDays * DAY_MS).toISOString();
    await deps.db.profiles.update(profile.$id, { deleted_at: now.toISOString(), deletion_due_at: deleteAfter });
  }

  await endSessions(deps, caller.userId);
  await takePartnerOffline(deps, caller.userId);
  deps.log.info("account deletion scheduled", { userId: caller.userId, deleteAfter });
  return { status: "scheduled", deleteAfter };
}

/** Every session of the user, so every device is signed out (their JWTs die with the session; see README for the edge). */
async function endSessions(deps: Deps, userId: string): Promise<void> {
  try {
    await appwriteCall("users.deleteSessions", () => deps.users.deleteSessions({ userId }));
  } catch (err) {
    if (!(err instanceof NotFound)) throw err;
  }
}

/** A partner who deletes their account stops receiving offers now, not when the erasure runs. */
async function takePartnerOffline(deps: Deps, userId: string): Promise<void> {
  const partner = (await deps.db.delivery_partners.list([Query.equal("user_id", userId)], { limit: 1 })).rows[0];
  if (!partner?.is_online) return;
  const updated = await deps.db.delivery_partners.update(partner.$id, { is_online: false });
  await syncPartnerIndex(deps, updated, false);
}

import type { z } from "zod";
import type { Profile, UpdateProfileRequest } from "@chizze/contracts/api/me";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { loadOwnProfile } from "./load";
import { toProfile } from "./view";

/**
 * Edits the caller's name and email. The row is written first (it is what /me shows), then the Appwrite user's name,
 * which verify-otp returns at login; both writes are idempotent, so a retry after a failure between them converges.
 * The email stays in the profile only: set on the Appwrite user it would become a second login identifier and
 * collide across accounts. The phone is the login and changes only through support.
 */
export async function updateProfile(deps: Deps, caller: Caller, input: z.infer<typeof UpdateProfileRequest>): Promise<z.infer<typeof Profile>> {
  const row = await loadOwnProfile(deps, caller);
  const patch = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
  };
  const updated = await deps.db.profiles.update(row.$id, patch);
  if (input.name !== undefined) await appwriteCall("users.updateName", () => deps.users.updateName({ userId: caller.userId, name: input.name ?? "" }));
  return toProfile({ ...updated, phone: updated.phone ?? row.phone }, caller.roles);
}

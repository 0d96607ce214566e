import type { Models } from "node-appwrite";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import { NotFound } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";
import { ensureProfile } from "./ensure";
import type { ProfileRow } from "./view";

/**
 * The caller's profiles row. Normally verify-otp made it; a user created another way (console, a seed without rows,
 * an account from before this function) gets it built from the Appwrite user on first read, so /me never 404s for a
 * signed-in user. 404 only when the user is gone (deleted after the edge vouched for it) or has no phone (the
 * contract requires one).
 */
export async function loadOwnProfile(deps: Deps, caller: Caller): Promise<ProfileRow & { phone: string }> {
  let row = await deps.db.profiles.get(caller.userId);
  if (!row?.phone) {
    let user: Models.User<Models.Preferences>;
    try {
      user = await appwriteCall("users.get", () => deps.users.get({ userId: caller.userId }));
    } catch (err) {
      if (err instanceof NotFound) throw notFound("Profile");
      throw err;
    }
    row = await ensureProfile(deps, user);
  }
  const phone = row.phone;
  if (!phone) throw notFound("Profile");
  return { ...row, phone };
}

import type { Models } from "node-appwrite";
import { rowPermissions } from "@chizze/schema";
import { Conflict } from "@chizze/platform/errors";
import type { Role } from "@chizze/platform/identity";
import type { Deps } from "../deps";
import { orderedRoles, type ProfileRow } from "./view";

/**
 * Makes sure the Appwrite user has its `profiles` row (row id = user id, so a retry or a concurrent login can never
 * make a second one) and that the row's mirrors of Appwrite data (phone, roles from labels) are current. Fields the
 * user edits (name, email) are only seeded on creation and never overwritten here.
 */
export async function ensureProfile(deps: Deps, user: Models.User<Models.Preferences>): Promise<ProfileRow> {
  const roles = orderedRoles(user.labels);
  const phone = user.phone || null;
  const existing = await deps.db.profiles.get(user.$id);
  if (existing) return syncMirrors(deps, existing, phone, roles);
  try {
    return await deps.db.profiles.create(
      user.$id,
      { user_id: user.$id, name: user.name || null, phone, email: null, roles, language: "en" },
      rowPermissions.owner(user.$id),
    );
  } catch (err) {
    // A concurrent login created it first: use that row.
    if (!(err instanceof Conflict)) throw err;
    const row = await deps.db.profiles.get(user.$id);
    if (!row) throw err;
    return syncMirrors(deps, row, phone, roles);
  }
}

async function syncMirrors(deps: Deps, row: ProfileRow, phone: string | null, roles: Role[]): Promise<ProfileRow> {
  const stored = row.roles ?? [];
  const sameRoles = stored.length === roles.length && roles.every((r) => stored.includes(r));
  const patch = {
    ...(phone && row.phone !== phone ? { phone } : {}),
    ...(sameRoles ? {} : { roles }),
  };
  return Object.keys(patch).length ? deps.db.profiles.update(row.$id, patch) : row;
}

// profiles row ⇄ the API's Profile.
import type { z } from "zod";
import type { RowOf, T } from "@chizze/schema";
import { USER_ROLES } from "@chizze/schema";
import type { Profile } from "@chizze/contracts/api/me";
import type { Role } from "@chizze/platform/identity";
import { isoUtc } from "../time";

export type ProfileRow = RowOf<typeof T.profiles>;

/** Roles in a stable order (the schema's), whatever order the labels were added in. */
export function orderedRoles(roles: readonly string[]): Role[] {
  return USER_ROLES.filter((r) => roles.includes(r));
}

/**
 * `roles` are the caller's verified roles (from the Appwrite labels the edge just read), not the row's mirror,
 * which may lag an admin's label change.
 */
export function toProfile(row: ProfileRow & { phone: string }, roles: readonly string[]): z.infer<typeof Profile> {
  return {
    id: row.$id,
    name: row.name ?? "",
    phone: row.phone,
    email: row.email ?? null,
    roles: orderedRoles(roles),
    createdAt: isoUtc(row.$createdAt),
  };
}

// Appwrite permission strings (`read("user:u1")`) for buckets and files: parsing, validation, role checks.
// Keys skip all of this; session/JWT users and guests are checked against the roles they hold.
import type { Caller } from "../context";
import { AppwriteError } from "../errors";

export type Action = "read" | "create" | "update" | "delete";

const PERM_RE = /^(read|create|update|delete|write)\("([^"]+)"\)$/;

/** Validates input permissions and expands `write` into create/update/delete (files: update/delete only). */
export function normalizePermissions(perms: readonly string[], allowed: readonly Action[]): string[] {
  const out = new Set<string>();
  for (const p of perms) {
    const m = PERM_RE.exec(p);
    if (!m) throw new AppwriteError("general_argument_invalid", `Invalid \`permissions\` param: Permission "${p}" is not valid.`);
    const [, action, role] = m as unknown as [string, string, string];
    const actions = action === "write" ? allowed.filter((a) => a !== "read") : [action as Action];
    for (const a of actions) {
      if (!allowed.includes(a)) throw new AppwriteError("general_argument_invalid", `Invalid \`permissions\` param: Permission "${p}" is not allowed here.`);
      out.add(`${a}("${role}")`);
    }
  }
  return [...out];
}

export function rolesFor(perms: readonly string[], action: Action): string[] {
  const roles: string[] = [];
  for (const p of perms) {
    const m = PERM_RE.exec(p);
    if (m && m[1] === action && m[2]) roles.push(m[2]);
  }
  return roles;
}

export function allows(caller: Caller, perms: readonly string[], action: Action): boolean {
  if (caller.kind === "key") return true;
  const held = new Set(caller.roles);
  return rolesFor(perms, action).some((r) => held.has(r));
}

/** A non-key caller may only grant roles it holds (401 user_unauthorized otherwise). */
export function checkGrantable(caller: Caller, perms: readonly string[]): void {
  if (caller.kind === "key") return;
  for (const p of perms) {
    const role = PERM_RE.exec(p)?.[2];
    if (role && !caller.roles.includes(role)) {
      throw new AppwriteError("user_unauthorized", `Permissions must be one of: (${caller.roles.join(", ")})`);
    }
  }
}

/** Default file permissions when none are given: the creating user gets read/update/delete; keys get none. */
export function defaultFilePermissions(caller: Caller): string[] {
  if (caller.kind !== "user") return [];
  return ["read", "update", "delete"].map((a) => `${a}("user:${caller.userId}")`);
}

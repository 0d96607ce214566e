// Permissions (wire spec §4): parsing `action("role")` strings, `write` aggregation, which roles a caller holds,
// and the access rules for tables and rows. Pure functions over Caller and TableMeta, so they are unit-testable.
import { AppwriteError } from "../errors";
import type { Caller } from "../context";

export type Action = "read" | "create" | "update" | "delete" | "write";

const PERMISSION = /^(read|create|update|delete|write)\("([^"]+)"\)$/;
const ROLE = /^(any|guests|users(\/(verified|unverified))?|user:[A-Za-z0-9._-]+(\/(verified|unverified))?|team:[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)?|member:[A-Za-z0-9._-]+|label:[A-Za-z0-9]+)$/;

export interface Permission {
  action: Action;
  role: string;
}

export function parsePermission(p: string): Permission | undefined {
  const m = PERMISSION.exec(p);
  if (!m || !ROLE.test(m[2] as string)) return undefined;
  return { action: m[1] as Action, role: m[2] as string };
}

/**
 * Validates and normalises a permission list: `write` becomes its concrete actions (rows: update+delete;
 * tables: create+update+delete), duplicates go. Invalid strings → 400 general_argument_invalid.
 */
export function normalisePermissions(perms: unknown, allowed: readonly Action[]): string[] {
  if (!Array.isArray(perms)) throw new AppwriteError("general_argument_invalid", "Invalid `permissions` param: Value must be a valid array");
  const out: string[] = [];
  for (const raw of perms) {
    const p = typeof raw === "string" ? parsePermission(raw) : undefined;
    if (!p) {
      throw new AppwriteError("general_argument_invalid", `Invalid \`permissions\` param: Permission "${String(raw)}" is not valid.`);
    }
    const actions: Action[] = p.action === "write" ? allowed.filter((a) => a !== "read" && a !== "write") : [p.action];
    if (!allowed.includes(p.action)) {
      throw new AppwriteError(
        "general_argument_invalid",
        `Invalid \`permissions\` param: Permission "${raw as string}" is not allowed. Must be one of: ${allowed.join(", ")}.`,
      );
    }
    for (const a of actions) {
      const s = `${a}("${p.role}")`;
      if (!out.includes(s)) out.push(s);
    }
  }
  return out;
}

export const ROW_ACTIONS: readonly Action[] = ["read", "update", "delete", "write"];
export const TABLE_ACTIONS: readonly Action[] = ["read", "create", "update", "delete", "write"];

/** Roles the caller holds; `any` is always held (utopia Authorization). */
export function callerRoles(caller: Caller): string[] {
  return caller.roles.includes("any") ? [...caller.roles] : ["any", ...caller.roles];
}

/** Roles granted `action` by a normalised permission list. */
export function rolesFor(perms: readonly string[], action: Action): string[] {
  const roles: string[] = [];
  for (const s of perms) {
    const p = parsePermission(s);
    if (p && p.action === action) roles.push(p.role);
  }
  return roles;
}

export function holds(caller: Caller, perms: readonly string[], action: Action): boolean {
  const mine = new Set(callerRoles(caller));
  return rolesFor(perms, action).some((r) => mine.has(r));
}

interface Secured {
  permissions: readonly string[];
  rowSecurity: boolean;
}

/** Whether the caller may do `action` on a row: table permission, or row permission when rowSecurity is on. */
export function mayAccessRow(caller: Caller, table: Secured, rowPermissions: readonly string[], action: Action): boolean {
  if (caller.kind === "key") return true;
  if (holds(caller, table.permissions, action)) return true;
  return table.rowSecurity && holds(caller, rowPermissions, action);
}

/**
 * How a list must be filtered for the caller: "all" (key or table read), "rows" (rowSecurity: only rows whose
 * read roles the caller holds), or 401 user_unauthorized when neither applies.
 */
export function listAccess(caller: Caller, table: Secured): "all" | "rows" {
  if (caller.kind === "key" || holds(caller, table.permissions, "read")) return "all";
  if (table.rowSecurity) return "rows";
  throw new AppwriteError("user_unauthorized");
}

/** create needs table-level create; row permissions cannot grant it. */
export function assertMayCreate(caller: Caller, table: Secured): void {
  if (caller.kind !== "key" && !holds(caller, table.permissions, "create")) throw new AppwriteError("user_unauthorized");
}

/** Session/JWT users get read/update/delete on their own rows; keys and guests get none. */
export function defaultRowPermissions(caller: Caller): string[] {
  if (caller.kind !== "user") return [];
  const role = `user:${caller.userId}`;
  return [`read("${role}")`, `update("${role}")`, `delete("${role}")`];
}

/** A non-key caller may only grant roles it holds itself. */
export function assertGrantable(caller: Caller, perms: readonly string[]): void {
  if (caller.kind === "key") return;
  const mine = callerRoles(caller);
  for (const s of perms) {
    const p = parsePermission(s);
    if (p && !mine.includes(p.role)) {
      throw new AppwriteError("user_unauthorized", `Permissions must be one of: (${mine.join(", ")})`);
    }
  }
}

/** Rows of the permission side table for one row: one (action, role) pair per granted role. */
export function permissionPairs(perms: readonly string[]): Array<[Action, string]> {
  const pairs: Array<[Action, string]> = [];
  for (const s of perms) {
    const p = parsePermission(s);
    if (p) pairs.push([p.action, p.role]);
  }
  return pairs;
}

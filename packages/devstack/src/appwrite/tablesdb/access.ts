// Who may reach a resource at all: API-key scopes (keys skip permissions but need scopes), the scopes Appwrite
// gives users and guests (rows only), and database/table resolution (disabled ones look missing to non-keys).
import { AppwriteError } from "../errors";
import type { Caller } from "../context";
import { hasScope } from "../auth/caller";
import type { Catalog } from "./catalog";
import type { DatabaseMeta, TableMeta } from "./types";

export type Scope = "databases.read" | "databases.write" | "tables.read" | "tables.write" | "columns.read" | "columns.write" | "indexes.read" | "indexes.write" | "rows.read" | "rows.write";

/** Legacy scope names a key may hold instead (keys created before TablesDB carry these). */
const ALIASES: Record<Scope, string | undefined> = {
  "databases.read": undefined,
  "databases.write": undefined,
  "tables.read": "collections.read",
  "tables.write": "collections.write",
  "columns.read": "attributes.read",
  "columns.write": "attributes.write",
  "indexes.read": undefined,
  "indexes.write": undefined,
  "rows.read": "documents.read",
  "rows.write": "documents.write",
};

/** Scopes of the `users` and `guests` roles that concern TablesDB (Appwrite app/config/roles.php). */
const ROLE_SCOPES = new Set<Scope>(["rows.read", "rows.write"]);

export function requireScope(caller: Caller, scope: Scope): void {
  if (caller.kind === "key") {
    const alias = ALIASES[scope];
    if (hasScope(caller, scope) || (alias !== undefined && hasScope(caller, alias))) return;
    throw new AppwriteError("general_unauthorized_scope", `app (role: applications) missing scopes (["${scope}"])`);
  }
  if (ROLE_SCOPES.has(scope)) return;
  throw new AppwriteError("general_unauthorized_scope", `User (role: ${caller.kind === "user" ? "users" : "guests"}) missing scopes (["${scope}"])`);
}

export function resolveDatabase(catalog: Catalog, caller: Caller, databaseId: string): DatabaseMeta {
  const d = catalog.requireDatabase(databaseId);
  if (!d.enabled && caller.kind !== "key") throw new AppwriteError("database_not_found", `Database with the requested ID '${databaseId}' could not be found.`);
  return d;
}

export function resolveTable(catalog: Catalog, caller: Caller, databaseId: string, tableId: string): TableMeta {
  resolveDatabase(catalog, caller, databaseId);
  const t = catalog.requireTable(databaseId, tableId);
  if (!t.enabled && caller.kind !== "key") throw new AppwriteError("table_not_found", `Table with the requested ID '${tableId}' could not be found.`);
  return t;
}

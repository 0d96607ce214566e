// Scopes per caller, after app/config/roles.php: keys carry their own scopes; sessions and guests get the role's
// fixed set. A missing scope is 401 general_unauthorized_scope.
import type { Caller } from "../context";
import { AppwriteError } from "../errors";

const GUEST_SCOPES: ReadonlySet<string> = new Set([
  "global", "health.read", "sessions.write", "documents.read", "documents.write", "rows.read", "rows.write",
  "files.read", "files.write", "locale.read", "avatars.read", "execution.write",
]);

const USER_SCOPES: ReadonlySet<string> = new Set([
  ...GUEST_SCOPES, "account", "teams.read", "teams.write", "execution.read", "targets.read", "targets.write",
  "subscribers.read", "subscribers.write",
]);

export function callerHasScope(caller: Caller, scope: string): boolean {
  if (caller.kind === "key") return caller.scopes === "all" || caller.scopes.has(scope);
  return (caller.kind === "user" ? USER_SCOPES : GUEST_SCOPES).has(scope);
}

/** Throws 401 general_unauthorized_scope with Appwrite's message shape unless the caller holds `scope`. */
export function requireScope(caller: Caller, scope: string): void {
  if (callerHasScope(caller, scope)) return;
  const who = caller.kind === "key" ? "app (role: applications)" : caller.kind === "user" ? "User (role: users)" : "User (role: guests)";
  throw new AppwriteError("general_unauthorized_scope", `${who} missing scopes (["${scope}"])`);
}

// Resolves who is calling, the way Appwrite does (app/init/resources/request.php `user`):
// API key (X-Appwrite-Key) → key caller; otherwise cookie / X-Appwrite-Session / X-Fallback-Cookies session, then
// X-Appwrite-JWT; otherwise guest. An unknown key is a guest key (scope/permission errors, never "invalid key").
import type { MiddlewareHandler } from "hono";
import type { AppwriteDeps, Caller } from "../context";

export const GUEST: Caller = { kind: "guest", roles: ["any", "guests"] };

export function resolveKey(deps: AppwriteDeps, key: string | undefined): Caller | undefined {
  if (!key) return undefined;
  const scopes = deps.config.apiKeys[key];
  if (scopes === undefined) return undefined;
  return { kind: "key", scopes, roles: ["any"] };
}

/** Sets `caller` on the context. Sessions and JWTs are resolved by the account module (auth/sessions.ts). */
export function callerMiddleware(deps: AppwriteDeps, resolveUser?: (headers: Headers) => Caller | undefined): MiddlewareHandler {
  return async (c, next) => {
    const h = c.req.raw.headers;
    const caller = resolveKey(deps, h.get("x-appwrite-key") ?? undefined) ?? resolveUser?.(h) ?? GUEST;
    c.set("caller", caller);
    await next();
  };
}

/** 401 general_unauthorized_scope unless the caller is a key holding `scope` (or a user/guest where users may act). */
export function hasScope(caller: Caller, scope: string): boolean {
  if (caller.kind !== "key") return false;
  return caller.scopes === "all" || caller.scopes.has(scope);
}

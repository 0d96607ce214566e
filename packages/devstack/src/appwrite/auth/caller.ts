// Resolves who is calling, the way Appwrite does (app/init/resources/request.php `user`, shared/api.php):
// 1. X-Appwrite-Key: a project key (config.apiKeys) or an ephemeral function key → key caller with its scopes.
//    An unknown or invalid key is a guest (scope/permission errors later, never "invalid key").
// 2. The CLI: a console session cookie this devstack issued, with X-Appwrite-Mode: admin or on project `console`
//    → key caller with all scopes (see console-store.ts for why only issued cookies count).
// 3. Session: cookie a_session_<p> (or _legacy), X-Appwrite-Session, X-Fallback-Cookies — first one present.
// 4. X-Appwrite-JWT (with a session too → 403 user_jwt_and_cookie_set; bad/expired → 401 user_jwt_invalid;
//    bound session gone or user gone → guest).
// A resolved user that is blocked → user_blocked.
import type { MiddlewareHandler } from "hono";
import type { AppwriteDeps, Caller } from "../context";
import { AppwriteError } from "../errors";
import { findConsoleAccount } from "./console-store";
import { parseCookies, sessionValueOf } from "./cookies";
import { decodeEphemeralKey } from "./function-keys";
import { projectOf } from "./http";
import { verifyJwt } from "./jwt";
import { findSessionByEncoded, getSessionRow } from "./sessions-store";
import { getUserRow, userLabels, type UserRow } from "./users-store";

export const GUEST: Caller = { kind: "guest", roles: ["any", "guests"] };

const ADMIN: Caller = { kind: "key", scopes: "all", roles: ["any"] };

export function resolveKey(deps: AppwriteDeps, key: string | undefined): Caller | undefined {
  if (!key) return undefined;
  const scopes = deps.config.apiKeys[key] ?? decodeEphemeralKey(deps, key);
  if (scopes === undefined) return undefined;
  return { kind: "key", scopes, roles: ["any"] };
}

/** Roles of a user (§4.2): user:ID, users, the verified/unverified pair (email or phone verified), then labels. */
export function userRoles(user: UserRow): string[] {
  const verified = user.email_verification === 1 || user.phone_verification === 1 ? "verified" : "unverified";
  return ["any", `user:${user.id}`, "users", `user:${user.id}/${verified}`, `users/${verified}`, ...userLabels(user).map((l) => `label:${l}`)];
}

function userCaller(user: UserRow, sessionId: string): Caller {
  if (user.status !== 1) throw new AppwriteError("user_blocked");
  return { kind: "user", userId: user.id, sessionId, roles: userRoles(user), labels: userLabels(user) };
}

/** The user behind an encoded session value (cookie / X-Appwrite-Session / realtime `authentication`), if live. */
export function callerFromSession(deps: AppwriteDeps, encoded: string): Caller | undefined {
  const session = findSessionByEncoded(deps, encoded);
  const user = session && getUserRow(deps, session.user_id);
  return user && session ? userCaller(user, session.id) : undefined;
}

/** The user behind an account JWT; throws 401 user_jwt_invalid for a bad or expired token, guest when its session is gone. */
export function callerFromJwt(deps: AppwriteDeps, jwt: string): Caller {
  const result = verifyJwt(deps.config.jwtSecret, jwt, deps.now());
  if (!result.ok) {
    throw new AppwriteError("user_jwt_invalid", `Failed to verify JWT. Invalid token: ${result.reason === "expired" ? "Expired" : "Invalid"}`);
  }
  const { userId, sessionId } = result.payload;
  if (typeof userId !== "string") throw new AppwriteError("user_jwt_invalid", "Failed to verify JWT. Invalid token: Invalid");
  const sid = typeof sessionId === "string" ? sessionId : "";
  if (sid !== "" && getSessionRow(deps, sid)?.user_id !== userId) return GUEST;
  const user = getUserRow(deps, userId);
  return user ? userCaller(user, sid) : GUEST;
}

/** The CLI's console login, when the request is in admin mode or addressed to project `console`. */
function consoleCaller(deps: AppwriteDeps, headers: Headers, url: string): Caller | undefined {
  const admin = headers.get("x-appwrite-mode") === "admin";
  if (!admin && projectOf(headers, url) !== "console") return undefined;
  const cookie = parseCookies(headers.get("cookie")).get("a_session_console");
  return cookie && findConsoleAccount(deps, cookie) ? ADMIN : undefined;
}

export function resolveCaller(deps: AppwriteDeps, headers: Headers, url: string): Caller {
  const key = headers.get("x-appwrite-key");
  if (key) return resolveKey(deps, key) ?? GUEST;
  const cli = consoleCaller(deps, headers, url);
  if (cli) return cli;
  const encoded = sessionValueOf(headers, deps.config.projectId);
  const fromSession = encoded ? callerFromSession(deps, encoded) : undefined;
  const jwt = headers.get("x-appwrite-jwt");
  if (jwt) {
    if (fromSession) throw new AppwriteError("user_jwt_and_cookie_set");
    return callerFromJwt(deps, jwt);
  }
  return fromSession ?? GUEST;
}

/** Sets `caller` on the context for every /v1 route. */
export function callerMiddleware(deps: AppwriteDeps): MiddlewareHandler {
  return async (c, next) => {
    c.set("caller", resolveCaller(deps, c.req.raw.headers, c.req.url));
    await next();
  };
}

/** True when the caller is a key holding `scope` (users and guests never pass; see scopes.ts for role scopes). */
export function hasScope(caller: Caller, scope: string): boolean {
  if (caller.kind !== "key") return false;
  return caller.scopes === "all" || caller.scopes.has(scope);
}

// Talking to Appwrite Account on behalf of a session: the key-holding client the verbs normally use cannot, because
// Appwrite resolves an API key before any session header and keys never hold the `account` scope. So JWTs are minted
// with a key-less client that carries only the session (X-Appwrite-Session), which is also the proof that the
// session still exists: a deleted or expired one makes Appwrite treat the request as a guest.
import { Account, type Models } from "node-appwrite";
import { sessionClient } from "@chizze/platform/appwrite/client";
import { ApiError } from "@chizze/contracts/errors";
import { Rejected, NotFound, Conflict } from "@chizze/platform/errors";
import { appwriteCall } from "@chizze/platform/appwrite/errors";
import type { Deps } from "../deps";

/** Appwrite's default and the design's figure (architecture.md: "a session + 15-min JWT"). */
export const JWT_LIFETIME_SEC = 15 * 60;

/** Account service as the holder of `sessionSecret` (the base64 `{id, secret}` value Appwrite hands to keys). */
function sessionAccount(deps: Deps, sessionSecret: string): Account {
  const { endpoint, projectId, timeoutMs } = deps.config.appwrite;
  return new Account(sessionClient({ endpoint, projectId, session: sessionSecret, timeoutMs }));
}

/**
 * The Account service with the execution's API key (createPhoneToken, createSession: a key gets the session secret
 * back, a client would get ""). Reuses the Users client, which is the platform's key-holding client with a deadline.
 */
export function keyAccount(deps: Deps): Account {
  return new Account(deps.users.client);
}

/**
 * True for "Appwrite said no" to a credential (bad or used code, unknown user, dead session, blocked user), as typed by
 * appwriteCall. 5xx, 408/429, network errors and timeouts are Unavailable instead and stay 503/504.
 */
export function isCredentialRejection(err: unknown): boolean {
  return err instanceof Rejected || err instanceof NotFound || err instanceof Conflict;
}

/** `exp` of a JWT (read, not verified: Appwrite signed it a moment ago) as ISO UTC; null when absent. */
function expiryOf(jwt: string): string | null {
  const payload = jwt.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? new Date(claims.exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

/**
 * A fresh 15-minute JWT bound to the session. 401 when the session is gone (deleted, expired, user blocked): the app
 * must log in again.
 */
export async function jwtForSession(deps: Deps, sessionSecret: string): Promise<{ jwt: string; jwtExpiresAt: string }> {
  const issuedAt = deps.now();
  let jwt: Models.Jwt;
  try {
    jwt = await appwriteCall("account.createJWT", () => sessionAccount(deps, sessionSecret).createJWT({ duration: JWT_LIFETIME_SEC }));
  } catch (err) {
    if (isCredentialRejection(err)) throw new ApiError("unauthenticated", "Session expired or signed out; log in again", { cause: err });
    throw err;
  }
  return {
    jwt: jwt.jwt,
    // Appwrite's own `exp` when readable, so the app refreshes against the real deadline.
    jwtExpiresAt: expiryOf(jwt.jwt) ?? new Date(issuedAt.getTime() + JWT_LIFETIME_SEC * 1000).toISOString(),
  };
}

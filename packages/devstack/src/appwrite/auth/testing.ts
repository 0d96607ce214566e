// Helpers for tests and seeds that need a signed-in user without going through the OTP flow over HTTP.
import type { AppwriteDeps } from "../context";
import { createUser } from "./create-user";
import { newId } from "../ids";
import { createSessionRow } from "./sessions-store";
import { signUserJwt } from "./user-jwt";
import { findUserBy, getUserRow, updateUserRow } from "./users-store";

export interface TestSession {
  userId: string;
  sessionId: string;
  /** base64({id, secret}): pass to `client.setSession(...)` (node-appwrite / web SDK) or as cookie a_session_<project>. */
  session: string;
  /** A fresh account JWT bound to the session (default 900 s). */
  jwt(durationSeconds?: number): string;
}

/**
 * Finds or creates a user (by phone, else by id) with a verified phone and the given labels, and opens a session.
 * Fires users.*.create for a new user, like every creation path.
 */
export function createUserSession(
  deps: AppwriteDeps,
  opts: { userId?: string; phone?: string; email?: string; name?: string; labels?: string[] } = {},
): TestSession {
  const existing = (opts.phone ? findUserBy(deps, "phone", opts.phone) : undefined) ?? (opts.userId ? getUserRow(deps, opts.userId) : undefined);
  const user = existing ?? createUser(deps, { id: opts.userId ?? newId(deps.now()), phone: opts.phone, email: opts.email, name: opts.name });
  updateUserRow(deps, user.id, { phone_verification: user.phone ? 1 : 0, ...(opts.labels ? { labels: JSON.stringify(opts.labels) } : {}) });
  const { row, encoded } = createSessionRow(deps, user.id, opts.phone ? "phone" : "server", [opts.phone ? "phone" : "server"]);
  return { userId: user.id, sessionId: row.id, session: encoded, jwt: (d) => signUserJwt(deps, user.id, row.id, d) };
}

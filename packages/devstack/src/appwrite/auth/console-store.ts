// Console (CLI) accounts and sessions. The devstack serves one project, so the console only exists to let
// `appwrite login` + `appwrite push` work. Safer option chosen: admin mode is granted only for a console session
// cookie this devstack issued and still holds (a forged `a_session_console=x` is a guest). The first
// `appwrite login` against a fresh store creates the console account (like the first sign-up of a self-hosted
// Appwrite); later logins must use the same email and password.
import type { AppwriteDeps } from "../context";
import { AppwriteError } from "../errors";
import { newId } from "../ids";
import { ensureAuthSchema } from "./schema";
import { decodeSession, encodeSession, hashPassword, randomSecret, sha256, verifyPassword } from "./secrets";
import { SESSION_DURATION_MS } from "./sessions-store";

export interface ConsoleAccountRow {
  id: string;
  email: string;
  password_hash: string;
  name: string;
  created_at: number;
}

export function createConsoleAccount(deps: AppwriteDeps, email: string, password: string, name = ""): ConsoleAccountRow {
  ensureAuthSchema(deps.db);
  const id = newId(deps.now());
  deps.db.prepare("INSERT INTO _auth_console_accounts (id, email, password_hash, name, created_at) VALUES (?, ?, ?, ?, ?)").run(id, email.toLowerCase(), hashPassword(password), name, deps.now());
  return deps.db.prepare("SELECT * FROM _auth_console_accounts WHERE id = ?").get(id) as ConsoleAccountRow;
}

/** Email/password login for project `console`: returns the account and the encoded cookie value. */
export function loginConsole(deps: AppwriteDeps, email: string, password: string): { account: ConsoleAccountRow; sessionId: string; encoded: string; expire: number } {
  ensureAuthSchema(deps.db);
  const count = (deps.db.prepare("SELECT COUNT(*) AS n FROM _auth_console_accounts").get() as { n: number }).n;
  let account = deps.db.prepare("SELECT * FROM _auth_console_accounts WHERE email = ?").get(email.toLowerCase()) as ConsoleAccountRow | undefined;
  if (!account && count === 0) account = createConsoleAccount(deps, email, password);
  if (!account || !verifyPassword(password, account.password_hash)) throw new AppwriteError("user_invalid_credentials");
  const secret = randomSecret();
  const sessionId = newId(deps.now());
  const expire = deps.now() + SESSION_DURATION_MS;
  deps.db.prepare("INSERT INTO _auth_console_sessions (id, account_id, secret_hash, created_at, expire) VALUES (?, ?, ?, ?, ?)").run(sessionId, account.id, sha256(secret), deps.now(), expire);
  return { account, sessionId, encoded: encodeSession(account.id, secret), expire };
}

/** The console account behind an `a_session_console` value, if this devstack issued it and it is live. */
export function findConsoleAccount(deps: AppwriteDeps, encoded: string): { account: ConsoleAccountRow; sessionId: string } | undefined {
  const decoded = decodeSession(encoded);
  if (!decoded) return undefined;
  ensureAuthSchema(deps.db);
  const session = deps.db
    .prepare("SELECT id FROM _auth_console_sessions WHERE account_id = ? AND secret_hash = ? AND expire > ?")
    .get(decoded.id, sha256(decoded.secret), deps.now()) as { id: string } | undefined;
  if (!session) return undefined;
  const account = deps.db.prepare("SELECT * FROM _auth_console_accounts WHERE id = ?").get(decoded.id) as ConsoleAccountRow | undefined;
  return account ? { account, sessionId: session.id } : undefined;
}

export function deleteConsoleSession(deps: AppwriteDeps, sessionId: string): void {
  deps.db.prepare("DELETE FROM _auth_console_sessions WHERE id = ?").run(sessionId);
}

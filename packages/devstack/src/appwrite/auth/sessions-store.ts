// Sessions and one-time tokens (`_auth_sessions`, `_auth_tokens`). Secrets are stored as sha256 only: the raw
// session secret exists once, in the response (cookie / fallback header / key-visible `secret`).
import type { AppwriteDeps } from "../context";
import { isoDate } from "../context";
import { AppwriteError } from "../errors";
import { newId } from "../ids";
import { ensureAuthSchema } from "./schema";
import { decodeSession, encodeSession, randomSecret, sha256 } from "./secrets";

/** auths.duration default: one year. */
export const SESSION_DURATION_MS = 365 * 24 * 3600 * 1000;

export interface SessionRow {
  id: string;
  user_id: string;
  secret_hash: string;
  provider: string;
  factors: string;
  created_at: number;
  updated_at: number;
  expire: number;
  ip: string;
  user_agent: string;
}

export interface CreatedSession {
  row: SessionRow;
  /** base64({id, secret}): the cookie value, X-Appwrite-Session value and the key-visible Session.secret. */
  encoded: string;
}

export function createSessionRow(deps: AppwriteDeps, userId: string, provider: string, factors: string[], client: { ip?: string; userAgent?: string } = {}): CreatedSession {
  ensureAuthSchema(deps.db);
  const now = deps.now();
  const secret = randomSecret();
  const id = newId(now);
  deps.db
    .prepare("INSERT INTO _auth_sessions (id, user_id, secret_hash, provider, factors, created_at, updated_at, expire, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    .run(id, userId, sha256(secret), provider, JSON.stringify(factors), now, now, now + SESSION_DURATION_MS, client.ip ?? "", client.userAgent ?? "");
  return { row: getSessionRow(deps, id) as SessionRow, encoded: encodeSession(userId, secret) };
}

export function getSessionRow(deps: AppwriteDeps, sessionId: string): SessionRow | undefined {
  ensureAuthSchema(deps.db);
  return deps.db.prepare("SELECT * FROM _auth_sessions WHERE id = ?").get(sessionId) as SessionRow | undefined;
}

/** The live session an encoded store value points at, if any. */
export function findSessionByEncoded(deps: AppwriteDeps, encoded: string): SessionRow | undefined {
  const decoded = decodeSession(encoded);
  if (!decoded) return undefined;
  ensureAuthSchema(deps.db);
  return deps.db
    .prepare("SELECT * FROM _auth_sessions WHERE user_id = ? AND secret_hash = ? AND expire > ?")
    .get(decoded.id, sha256(decoded.secret), deps.now()) as SessionRow | undefined;
}

export function listSessionRows(deps: AppwriteDeps, userId: string): SessionRow[] {
  ensureAuthSchema(deps.db);
  return deps.db.prepare("SELECT * FROM _auth_sessions WHERE user_id = ? AND expire > ? ORDER BY created_at, rowid").all(userId, deps.now()) as SessionRow[];
}

export function deleteSessionRow(deps: AppwriteDeps, sessionId: string): void {
  deps.db.prepare("DELETE FROM _auth_sessions WHERE id = ?").run(sessionId);
}

/** Appwrite's Session model; `secret` is the encoded store value for key callers and "" for everyone else. */
export function sessionModel(row: SessionRow, opts: { current: boolean; secret?: string }): Record<string, unknown> {
  return {
    $id: row.id,
    $createdAt: isoDate(row.created_at),
    $updatedAt: isoDate(row.updated_at),
    userId: row.user_id,
    expire: isoDate(row.expire),
    provider: row.provider,
    providerUid: "",
    providerAccessToken: "",
    providerAccessTokenExpiry: "",
    providerRefreshToken: "",
    ip: row.ip,
    osCode: "",
    osName: "",
    osVersion: "",
    clientType: "",
    clientCode: "",
    clientName: "",
    clientVersion: "",
    clientEngine: "",
    clientEngineVersion: "",
    deviceName: "",
    deviceBrand: "",
    deviceModel: "",
    countryCode: "--",
    countryName: "Unknown",
    current: opts.current,
    factors: JSON.parse(row.factors) as string[],
    secret: opts.secret ?? "",
    mfaUpdatedAt: "",
  };
}

export interface TokenRow {
  id: string;
  user_id: string;
  secret_hash: string;
  kind: string;
  created_at: number;
  expire: number;
  phrase: string;
}

export function createTokenRow(deps: AppwriteDeps, userId: string, kind: "phone" | "generic", secret: string, ttlMs: number): TokenRow {
  ensureAuthSchema(deps.db);
  const now = deps.now();
  const id = newId(now);
  deps.db
    .prepare("INSERT INTO _auth_tokens (id, user_id, secret_hash, kind, created_at, expire) VALUES (?, ?, ?, ?, ?, ?)")
    .run(id, userId, sha256(secret), kind, now, now + ttlMs);
  return deps.db.prepare("SELECT * FROM _auth_tokens WHERE id = ?").get(id) as TokenRow;
}

/** Consumes a live token of `userId` whose secret matches (single use); otherwise 401 user_invalid_token. */
export function consumeToken(deps: AppwriteDeps, userId: string, secret: string): TokenRow {
  ensureAuthSchema(deps.db);
  const row = deps.db
    .prepare("SELECT * FROM _auth_tokens WHERE user_id = ? AND secret_hash = ? AND expire > ?")
    .get(userId, sha256(secret), deps.now()) as TokenRow | undefined;
  if (!row) throw new AppwriteError("user_invalid_token");
  deps.db.prepare("DELETE FROM _auth_tokens WHERE id = ?").run(row.id);
  return row;
}

export function tokenModel(row: TokenRow, secret: string): Record<string, unknown> {
  return { $id: row.id, $createdAt: isoDate(row.created_at), userId: row.user_id, secret, expire: isoDate(row.expire), phrase: row.phrase };
}

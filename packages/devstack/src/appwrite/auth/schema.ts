// The auth tables (`_auth_*`). Created lazily by every entry point so the caller middleware works whichever modules run.
import type Database from "better-sqlite3";

const ready = new WeakSet<Database.Database>();

export function ensureAuthSchema(db: Database.Database): void {
  if (ready.has(db)) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS _auth_users (
      id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, accessed_at INTEGER NOT NULL,
      name TEXT NOT NULL DEFAULT '', email TEXT UNIQUE, phone TEXT UNIQUE, password_hash TEXT, password_update INTEGER,
      status INTEGER NOT NULL DEFAULT 1, labels TEXT NOT NULL DEFAULT '[]', prefs TEXT NOT NULL DEFAULT '{}',
      email_verification INTEGER NOT NULL DEFAULT 0, phone_verification INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS _auth_sessions (
      id TEXT PRIMARY KEY, user_id TEXT NOT NULL, secret_hash TEXT NOT NULL, provider TEXT NOT NULL,
      factors TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expire INTEGER NOT NULL,
      ip TEXT NOT NULL DEFAULT '', user_agent TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS _auth_sessions_user ON _auth_sessions(user_id);
    CREATE TABLE IF NOT EXISTS _auth_tokens (
      id TEXT PRIMARY KEY, user_id TEXT NOT NULL, secret_hash TEXT NOT NULL, kind TEXT NOT NULL,
      created_at INTEGER NOT NULL, expire INTEGER NOT NULL, phrase TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS _auth_tokens_user ON _auth_tokens(user_id);
    CREATE TABLE IF NOT EXISTS _auth_targets (
      id TEXT PRIMARY KEY, user_id TEXT NOT NULL, provider_type TEXT NOT NULL, identifier TEXT NOT NULL,
      provider_id TEXT, name TEXT NOT NULL DEFAULT '', expired INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, UNIQUE(provider_type, identifier)
    );
    CREATE INDEX IF NOT EXISTS _auth_targets_user ON _auth_targets(user_id);
    CREATE TABLE IF NOT EXISTS _auth_mock_numbers (phone TEXT PRIMARY KEY, otp TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS _auth_console_accounts (
      id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS _auth_console_sessions (
      id TEXT PRIMARY KEY, account_id TEXT NOT NULL, secret_hash TEXT NOT NULL, created_at INTEGER NOT NULL, expire INTEGER NOT NULL
    );
  `);
  ready.add(db);
}

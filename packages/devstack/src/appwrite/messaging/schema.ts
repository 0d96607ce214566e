// Messaging tables (`_msg_*`): messages, topics and topic subscribers. The outbox has its own file (outbox.ts).
import type Database from "better-sqlite3";

const ready = new WeakSet<Database.Database>();

export function ensureMessagingSchema(db: Database.Database): void {
  if (ready.has(db)) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS _msg_messages (
      id TEXT PRIMARY KEY, provider_type TEXT NOT NULL, topics TEXT NOT NULL, users TEXT NOT NULL, targets TEXT NOT NULL,
      data TEXT NOT NULL, status TEXT NOT NULL, delivered_total INTEGER NOT NULL, delivered_at INTEGER,
      scheduled_at TEXT, delivery_errors TEXT NOT NULL DEFAULT '[]', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS _msg_topics (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, subscribe TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS _msg_subscribers (
      id TEXT PRIMARY KEY, topic_id TEXT NOT NULL, target_id TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      UNIQUE(topic_id, target_id)
    );
  `);
  ready.add(db);
}

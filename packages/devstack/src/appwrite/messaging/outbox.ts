// The messaging OUTBOX (`_msg_outbox`): every push and SMS the devstack "sends" (messages and phone OTPs) lands
// here instead of a provider, one row per recipient target, so tests and `npm run dev` users can read them.
import type { AppwriteDeps } from "../context";
import { isoDate } from "../context";

export type OutboxChannel = "push" | "sms";

export interface OutboxEntry {
  id: number;
  messageId: string;
  channel: OutboxChannel;
  /** The recipient user, "" when the target is not a user's (e.g. a raw number). */
  userId: string;
  targetId: string;
  /** Device token (push) or phone number (sms). */
  identifier: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface OutboxFilter {
  phone?: string | undefined;
  userId?: string | undefined;
  channel?: OutboxChannel | undefined;
  messageId?: string | undefined;
  /** Newest first; default 50. */
  limit?: number | undefined;
}

const ready = new WeakSet<object>();

export function ensureOutboxSchema(deps: AppwriteDeps): void {
  if (ready.has(deps.db)) return;
  deps.db.exec(`
    CREATE TABLE IF NOT EXISTS _msg_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, channel TEXT NOT NULL, user_id TEXT NOT NULL,
      target_id TEXT NOT NULL, identifier TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, data TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS _msg_outbox_identifier ON _msg_outbox(identifier);
    CREATE INDEX IF NOT EXISTS _msg_outbox_user ON _msg_outbox(user_id);
  `);
  ready.add(deps.db);
}

export function writeOutbox(deps: AppwriteDeps, entry: Omit<OutboxEntry, "id" | "createdAt">): void {
  ensureOutboxSchema(deps);
  deps.db
    .prepare("INSERT INTO _msg_outbox (message_id, channel, user_id, target_id, identifier, title, body, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    .run(entry.messageId, entry.channel, entry.userId, entry.targetId, entry.identifier, entry.title, entry.body, JSON.stringify(entry.data), deps.now());
}

interface OutboxRow {
  id: number;
  message_id: string;
  channel: OutboxChannel;
  user_id: string;
  target_id: string;
  identifier: string;
  title: string;
  body: string;
  data: string;
  created_at: number;
}

/** Outbox entries matching every given filter, newest first. */
export function readOutbox(deps: AppwriteDeps, filter: OutboxFilter = {}): OutboxEntry[] {
  ensureOutboxSchema(deps);
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.phone) {
    where.push("channel = 'sms' AND identifier = ?");
    args.push(filter.phone);
  }
  if (filter.userId) {
    where.push("user_id = ?");
    args.push(filter.userId);
  }
  if (filter.channel) {
    where.push("channel = ?");
    args.push(filter.channel);
  }
  if (filter.messageId) {
    where.push("message_id = ?");
    args.push(filter.messageId);
  }
  const sql = `SELECT * FROM _msg_outbox ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
  const rows = deps.db.prepare(sql).all(...args, filter.limit ?? 50) as OutboxRow[];
  return rows.map((r) => ({
    id: r.id,
    messageId: r.message_id,
    channel: r.channel,
    userId: r.user_id,
    targetId: r.target_id,
    identifier: r.identifier,
    title: r.title,
    body: r.body,
    data: JSON.parse(r.data) as Record<string, unknown>,
    createdAt: isoDate(r.created_at),
  }));
}

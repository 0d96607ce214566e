// One notification, exactly once: the notifications row is the record and the inbox entry, the Appwrite message
// is the delivery, and both carry the same id, a hash of the event key (cause + recipient).
//
//   1. row missing → create it `queued` (a concurrent creator loses on the id / unique event_key and reads it);
//   2. row not queued → done before (sent, skipped or failed): nothing to do;
//   3. send with messageId = row id (Appwrite answers 409 to a second send: counted as sent, never delivered twice);
//   4. mark the row sent / skipped (no device or phone) / failed (Appwrite refused the message).
//
// A crash anywhere leaves either no row (the sweep re-plans the event) or a queued row (the next delivery of the
// event, or the sweep, finishes it from the row's own text). Appwrite being down leaves the row queued too.
import { deterministicId } from "@chizze/core";
import type { Row } from "@chizze/schema";
import { rowPermissions } from "@chizze/schema";
import type { Language, NotificationChannel, NotificationStatus } from "@chizze/schema/enums";
import { NotificationDataDoc } from "@chizze/schema/documents";
import { Conflict, PlatformError, Unavailable } from "@chizze/platform/errors";
import { appwriteNotifier, type Notifier, type SendStatus } from "@chizze/platform/messaging/notifier";
import type { Deps } from "../deps";
import { readDoc, writeDoc } from "../json-doc";

export type NotificationRow = Row<"notifications">;

/** The notification (= Appwrite message) id of an event key: `ntf_` + 32 hex of sha256. */
export const notificationIdFor = (eventKey: string): string => deterministicId("ntf", [eventKey]);

export interface Notice {
  /** Cause + channel + recipient, ≤ 128 chars, e.g. `order:<id>:<seq>:customer:<userId>`. */
  eventKey: string;
  userId: string;
  kind: string;
  channel: NotificationChannel;
  language: Language;
  title: string;
  message: string;
  /** Deep-link payload for the app (also the push data). */
  data: Record<string, string>;
}

export interface Delivery {
  id: string;
  userId: string;
  channel: NotificationChannel;
  status: NotificationStatus;
  /** True when this call moved the row out of `queued` (false: done before, or left queued). */
  finished: boolean;
}

/** The notifier every notification goes through; the Users client lets it skip users without a target. */
export const notifierFor = (deps: Deps): Notifier => appwriteNotifier(deps.messaging, { users: deps.users });

const ERROR_MAX = 255;
const errorText = (err: unknown) => String(err instanceof Error ? err.message : err).slice(0, ERROR_MAX);

/** Writes the notice's row if it is new, then finishes it (see the file comment). */
export async function deliver(deps: Deps, notifier: Notifier, notice: Notice): Promise<Delivery> {
  const id = notificationIdFor(notice.eventKey);
  // Create first: almost every notice is new, and a replay's create fails on the id (Conflict → the stored row).
  const row = await createQueued(deps, id, notice);
  if (row.status !== "queued") return { id, userId: row.user_id, channel: row.channel, status: row.status, finished: false };
  return finish(deps, notifier, row);
}

async function createQueued(deps: Deps, id: string, n: Notice): Promise<NotificationRow> {
  const nowIso = deps.now().toISOString();
  try {
    return await deps.db.notifications.create(
      id,
      {
        user_id: n.userId,
        event_key: n.eventKey,
        kind: n.kind,
        title: n.title,
        message: n.message,
        data: writeDoc(n.data),
        channel: n.channel,
        language: n.language,
        status: "queued",
        provider_message_id: null,
        error: null,
        created_at: nowIso,
        sent_at: null,
        read_at: null,
      },
      // The recipient reads it (the app's inbox, live over Realtime); admins through the table permission.
      rowPermissions.owner(n.userId),
    );
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
    // Written before: by this event's earlier delivery, a replay, or the sweep.
    const won = await deps.db.notifications.get(id);
    if (!won) throw err;
    return won;
  }
}

/**
 * Sends a queued row from its own text and records the outcome. Appwrite unreachable: the row stays queued with
 * the error noted, for the sweep. Appwrite refusing the message (4xx): failed, not retried.
 */
export async function finish(deps: Deps, notifier: Notifier, row: NotificationRow): Promise<Delivery> {
  const done = (status: NotificationStatus, finished: boolean): Delivery => ({ id: row.$id, userId: row.user_id, channel: row.channel, status, finished });
  let sent: SendStatus | "in_app";
  try {
    sent = await send(notifier, row);
  } catch (err) {
    if (err instanceof Unavailable) {
      deps.log.warn("notification left queued: messaging unavailable", { id: row.$id, error: errorText(err) });
      await deps.db.notifications.update(row.$id, { error: errorText(err) }).catch(() => undefined);
      return done("queued", false);
    }
    if (!(err instanceof PlatformError) && !(err instanceof RangeError)) throw err;
    deps.log.error("notification refused by messaging", { id: row.$id, error: errorText(err) });
    await deps.db.notifications.update(row.$id, { status: "failed", error: errorText(err) });
    return done("failed", true);
  }
  const nowIso = deps.now().toISOString();
  if (sent === "no_target") {
    await deps.db.notifications.update(row.$id, { status: "skipped", error: `no ${row.channel} target` });
    return done("skipped", true);
  }
  // "duplicate": Appwrite already has this message id, so an earlier run sent it and died before recording it.
  await deps.db.notifications.update(row.$id, { status: "sent", sent_at: nowIso, provider_message_id: sent === "in_app" ? null : row.$id, error: null });
  return done("sent", true);
}

async function send(notifier: Notifier, row: NotificationRow): Promise<SendStatus | "in_app"> {
  switch (row.channel) {
    case "in_app":
      // The row is the message: the app's inbox shows it (Realtime).
      return "in_app";
    case "sms":
      return notifier.sms({ userId: row.user_id, text: row.message, dedupeId: row.$id });
    case "push": {
      const stored = row.data ? readDoc(NotificationDataDoc, row.data) : {};
      const data: Record<string, string> = { notificationId: row.$id };
      for (const [k, v] of Object.entries(stored)) if (v !== null) data[k] = String(v);
      return notifier.push({ userIds: [row.user_id], title: row.title, body: row.message, data, dedupeId: row.$id });
    }
  }
}

// /v1/messaging/messages: push and SMS "sent" into the outbox at once (no providers, no scheduling worker).
import type { Context } from "hono";
import type { AppwriteDeps, Caller } from "../context";
import { isoDate } from "../context";
import { AppwriteError } from "../errors";
import type { AppwriteApp } from "../server";
import { generateEvents, platformEvent } from "../auth/event-names";
import { optBool, optObject, optString, optStringArray, readParams, reqString, type Params } from "../auth/http";
import { resolveId } from "../ids";
import { listModels } from "../auth/list-query";
import { requireScope } from "../auth/scopes";
import { writeOutbox } from "./outbox";
import { resolveRecipients } from "./recipients";
import { ensureMessagingSchema } from "./schema";

interface MessageRow {
  id: string;
  provider_type: "push" | "sms";
  topics: string;
  users: string;
  targets: string;
  data: string;
  status: string;
  delivered_total: number;
  delivered_at: number | null;
  scheduled_at: string | null;
  delivery_errors: string;
  created_at: number;
  updated_at: number;
}

function messageModel(r: MessageRow): Record<string, unknown> {
  return {
    $id: r.id,
    $createdAt: isoDate(r.created_at),
    $updatedAt: isoDate(r.updated_at),
    providerType: r.provider_type,
    topics: JSON.parse(r.topics) as string[],
    users: JSON.parse(r.users) as string[],
    targets: JSON.parse(r.targets) as string[],
    scheduledAt: r.scheduled_at,
    deliveredAt: r.delivered_at === null ? null : isoDate(r.delivered_at),
    deliveryErrors: JSON.parse(r.delivery_errors) as string[],
    deliveredTotal: r.delivered_total,
    data: JSON.parse(r.data) as Record<string, unknown>,
    status: r.status,
  };
}

const PUSH_FIELDS = ["title", "body", "action", "image", "icon", "sound", "color", "tag", "priority"] as const;

export function registerMessageRoutes(app: AppwriteApp, deps: AppwriteDeps): void {
  ensureMessagingSchema(deps.db);
  const caller = (c: Context) => c.get("caller") as Caller;
  const get = (id: string) => {
    const row = deps.db.prepare("SELECT * FROM _msg_messages WHERE id = ?").get(id) as MessageRow | undefined;
    if (!row) throw new AppwriteError("message_not_found");
    return row;
  };

  const send = (c: Context, p: Params, providerType: "push" | "sms", data: Record<string, unknown>, text: { title: string; body: string; data: Record<string, unknown> }) => {
    const id = resolveId("messageId", p.messageId ?? reqString(p, "messageId"), deps.now());
    if (deps.db.prepare("SELECT 1 FROM _msg_messages WHERE id = ?").get(id)) throw new AppwriteError("message_already_exists");
    const to = { users: optStringArray(p, "users") ?? [], targets: optStringArray(p, "targets") ?? [], topics: optStringArray(p, "topics") ?? [] };
    const draft = optBool(p, "draft") ?? false;
    const recipients = draft ? [] : resolveRecipients(deps, providerType, to);
    // Appwrite rejects a message without users/targets/topics up front and fails one whose users have no targets
    // later, in its worker; the devstack answers both with 400 so a missing device shows up at once.
    if (!draft && recipients.length === 0) throw new AppwriteError("message_missing_target");
    const now = deps.now();
    deps.db.transaction(() => {
      deps.db
        .prepare(
          `INSERT INTO _msg_messages (id, provider_type, topics, users, targets, data, status, delivered_total, delivered_at, scheduled_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, providerType, JSON.stringify(to.topics), JSON.stringify(to.users), JSON.stringify(to.targets), JSON.stringify(data), draft ? "draft" : "sent", recipients.length, draft ? null : now, optString(p, "scheduledAt") ?? null, now, now);
      for (const t of recipients) {
        writeOutbox(deps, { messageId: id, channel: providerType, userId: t.user_id, targetId: t.id, identifier: t.identifier, ...text });
      }
    })();
    const model = messageModel(get(id));
    // Messages are key-only: no realtime roles, but functions may listen to messages.*.create.
    deps.bus.publish(platformEvent(generateEvents([["messages", id]], "create"), { channels: [], roles: [], payload: model, nowMs: now }));
    return c.json(model, 201);
  };

  app.post("/v1/messaging/messages/push", async (c) => {
    requireScope(caller(c), "messages.write");
    const p = await readParams(c);
    const data: Record<string, unknown> = { data: optObject(p, "data") ?? {} };
    for (const f of PUSH_FIELDS) data[f] = optString(p, f) ?? "";
    for (const f of ["badge"] as const) data[f] = typeof p[f] === "number" ? p[f] : -1;
    for (const f of ["contentAvailable", "critical"] as const) data[f] = optBool(p, f) ?? false;
    return send(c, p, "push", data, { title: String(data.title), body: String(data.body), data: data.data as Record<string, unknown> });
  });

  app.post("/v1/messaging/messages/sms", async (c) => {
    requireScope(caller(c), "messages.write");
    const p = await readParams(c);
    const content = reqString(p, "content", 2000);
    return send(c, p, "sms", { content }, { title: "", body: content, data: {} });
  });

  app.get("/v1/messaging/messages", async (c) => {
    requireScope(caller(c), "messages.read");
    const p = await readParams(c);
    const all = (deps.db.prepare("SELECT * FROM _msg_messages ORDER BY rowid").all() as MessageRow[]).map(messageModel);
    const { total, items } = listModels(all, optStringArray(p, "queries") ?? [], {
      attributes: ["scheduledAt", "deliveredAt", "deliveredTotal", "status", "description", "providerType"],
      search: optString(p, "search", 256),
      searchFields: ["$id", "providerType", "status"],
      total: optBool(p, "total"),
    });
    return c.json({ total, messages: items });
  });

  app.get("/v1/messaging/messages/:messageId", (c) => {
    requireScope(caller(c), "messages.read");
    return c.json(messageModel(get(c.req.param("messageId"))));
  });

  app.delete("/v1/messaging/messages/:messageId", (c) => {
    requireScope(caller(c), "messages.write");
    deps.db.prepare("DELETE FROM _msg_messages WHERE id = ?").run(get(c.req.param("messageId")).id);
    return c.body(null, 204);
  });
}

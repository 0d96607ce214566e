// /v1/messaging/topics and their subscribers. Keys manage everything; a signed-in user may subscribe one of its own
// targets when it holds a role in the topic's `subscribe` list.
import type { Context } from "hono";
import type { AppwriteDeps, Caller } from "../context";
import { isoDate } from "../context";
import { AppwriteError } from "../errors";
import type { AppwriteApp } from "../server";
import { optBool, optString, optStringArray, readParams, reqString } from "../auth/http";
import { resolveId } from "../ids";
import { listModels } from "../auth/list-query";
import { requireScope } from "../auth/scopes";
import { getTargetRow, targetModel } from "../auth/targets-store";
import { getUserRow } from "../auth/users-store";
import { ensureMessagingSchema } from "./schema";

interface TopicRow {
  id: string;
  name: string;
  subscribe: string;
  created_at: number;
  updated_at: number;
}

interface SubscriberRow {
  id: string;
  topic_id: string;
  target_id: string;
  created_at: number;
  updated_at: number;
}

export function registerTopicRoutes(app: AppwriteApp, deps: AppwriteDeps): void {
  ensureMessagingSchema(deps.db);
  const caller = (c: Context) => c.get("caller") as Caller;
  const db = deps.db;

  const topicModel = (t: TopicRow): Record<string, unknown> => {
    const count = (type: string) =>
      (db.prepare("SELECT COUNT(*) AS n FROM _msg_subscribers s JOIN _auth_targets t ON t.id = s.target_id WHERE s.topic_id = ? AND t.provider_type = ?").get(t.id, type) as { n: number }).n;
    return {
      $id: t.id, $createdAt: isoDate(t.created_at), $updatedAt: isoDate(t.updated_at), name: t.name,
      emailTotal: count("email"), smsTotal: count("sms"), pushTotal: count("push"), subscribe: JSON.parse(t.subscribe) as string[],
    };
  };
  const subscriberModel = (s: SubscriberRow): Record<string, unknown> => {
    const target = getTargetRow(deps, s.target_id);
    const user = target ? getUserRow(deps, target.user_id) : undefined;
    return {
      $id: s.id, $createdAt: isoDate(s.created_at), $updatedAt: isoDate(s.updated_at), targetId: s.target_id,
      target: target ? targetModel(target) : {}, userId: target?.user_id ?? "", userName: user?.name ?? "", topicId: s.topic_id,
      providerType: target?.provider_type ?? "",
    };
  };
  const getTopic = (id: string) => {
    const t = db.prepare("SELECT * FROM _msg_topics WHERE id = ?").get(id) as TopicRow | undefined;
    if (!t) throw new AppwriteError("topic_not_found");
    return t;
  };

  app.post("/v1/messaging/topics", async (c) => {
    requireScope(caller(c), "topics.write");
    const p = await readParams(c);
    const id = resolveId("topicId", p.topicId ?? reqString(p, "topicId"), deps.now());
    if (db.prepare("SELECT 1 FROM _msg_topics WHERE id = ?").get(id)) throw new AppwriteError("topic_already_exists");
    const now = deps.now();
    db.prepare("INSERT INTO _msg_topics (id, name, subscribe, created_at, updated_at) VALUES (?, ?, ?, ?, ?)").run(id, reqString(p, "name", 128), JSON.stringify(optStringArray(p, "subscribe") ?? []), now, now);
    return c.json(topicModel(getTopic(id)), 201);
  });

  app.get("/v1/messaging/topics", async (c) => {
    requireScope(caller(c), "topics.read");
    const p = await readParams(c);
    const all = (db.prepare("SELECT * FROM _msg_topics ORDER BY rowid").all() as TopicRow[]).map(topicModel);
    const { total, items } = listModels(all, optStringArray(p, "queries") ?? [], {
      attributes: ["name", "description", "emailTotal", "smsTotal", "pushTotal"],
      search: optString(p, "search", 256),
      searchFields: ["$id", "name"],
      total: optBool(p, "total"),
    });
    return c.json({ total, topics: items });
  });

  app.get("/v1/messaging/topics/:topicId", (c) => {
    requireScope(caller(c), "topics.read");
    return c.json(topicModel(getTopic(c.req.param("topicId"))));
  });

  app.patch("/v1/messaging/topics/:topicId", async (c) => {
    requireScope(caller(c), "topics.write");
    const p = await readParams(c);
    const t = getTopic(c.req.param("topicId"));
    const subscribe = optStringArray(p, "subscribe");
    db.prepare("UPDATE _msg_topics SET name = ?, subscribe = ?, updated_at = ? WHERE id = ?").run(optString(p, "name", 128) ?? t.name, subscribe ? JSON.stringify(subscribe) : t.subscribe, deps.now(), t.id);
    return c.json(topicModel(getTopic(t.id)));
  });

  app.delete("/v1/messaging/topics/:topicId", (c) => {
    requireScope(caller(c), "topics.write");
    const t = getTopic(c.req.param("topicId"));
    db.transaction(() => {
      db.prepare("DELETE FROM _msg_subscribers WHERE topic_id = ?").run(t.id);
      db.prepare("DELETE FROM _msg_topics WHERE id = ?").run(t.id);
    })();
    return c.body(null, 204);
  });

  app.post("/v1/messaging/topics/:topicId/subscribers", async (c) => {
    const who = caller(c);
    requireScope(who, "subscribers.write");
    const p = await readParams(c);
    const t = getTopic(c.req.param("topicId"));
    const id = resolveId("subscriberId", p.subscriberId ?? reqString(p, "subscriberId"), deps.now());
    const target = getTargetRow(deps, reqString(p, "targetId"));
    if (!target) throw new AppwriteError("user_target_not_found");
    if (who.kind !== "key") {
      const allowed = (JSON.parse(t.subscribe) as string[]).some((r) => who.roles.includes(r));
      if (who.kind !== "user" || target.user_id !== who.userId || !allowed) throw new AppwriteError("user_unauthorized");
    }
    if (db.prepare("SELECT 1 FROM _msg_subscribers WHERE id = ? OR (topic_id = ? AND target_id = ?)").get(id, t.id, target.id)) {
      throw new AppwriteError("subscriber_already_exists");
    }
    const now = deps.now();
    db.prepare("INSERT INTO _msg_subscribers (id, topic_id, target_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)").run(id, t.id, target.id, now, now);
    return c.json(subscriberModel(db.prepare("SELECT * FROM _msg_subscribers WHERE id = ?").get(id) as SubscriberRow), 201);
  });

  app.get("/v1/messaging/topics/:topicId/subscribers", async (c) => {
    requireScope(caller(c), "subscribers.read");
    const p = await readParams(c);
    const t = getTopic(c.req.param("topicId"));
    const all = (db.prepare("SELECT * FROM _msg_subscribers WHERE topic_id = ? ORDER BY rowid").all(t.id) as SubscriberRow[]).map(subscriberModel);
    const { total, items } = listModels(all, optStringArray(p, "queries") ?? [], {
      attributes: ["targetId", "topicId", "userId", "providerType"],
      search: optString(p, "search", 256),
      searchFields: ["$id", "targetId", "userId"],
      total: optBool(p, "total"),
    });
    return c.json({ total, subscribers: items });
  });

  const getSubscriber = (topicId: string, id: string) => {
    const s = db.prepare("SELECT * FROM _msg_subscribers WHERE topic_id = ? AND id = ?").get(topicId, id) as SubscriberRow | undefined;
    if (!s) throw new AppwriteError("subscriber_not_found");
    return s;
  };

  app.get("/v1/messaging/topics/:topicId/subscribers/:subscriberId", (c) => {
    requireScope(caller(c), "subscribers.read");
    return c.json(subscriberModel(getSubscriber(getTopic(c.req.param("topicId")).id, c.req.param("subscriberId"))));
  });

  app.delete("/v1/messaging/topics/:topicId/subscribers/:subscriberId", (c) => {
    const who = caller(c);
    requireScope(who, "subscribers.write");
    const s = getSubscriber(getTopic(c.req.param("topicId")).id, c.req.param("subscriberId"));
    if (who.kind !== "key" && !(who.kind === "user" && getTargetRow(deps, s.target_id)?.user_id === who.userId)) throw new AppwriteError("user_unauthorized");
    db.prepare("DELETE FROM _msg_subscribers WHERE id = ?").run(s.id);
    return c.body(null, 204);
  });
}

// The Appwrite Messaging notifier against the devstack; deliveries are read from its outbox over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ID, MessagingProviderType } from "node-appwrite";
import { startTestStack, type TestStack } from "../testing";
import { createAppwriteClients, type AppwriteClients } from "../appwrite/client";
import { appwriteNotifier, appwritePush, appwriteSms, notifierOf, type Notifier } from "./notifier";
import { Unavailable } from "../errors";

let t: TestStack;
let clients: AppwriteClients;
let notifier: Notifier;

beforeAll(async () => {
  t = await startTestStack();
  clients = createAppwriteClients({ endpoint: t.config.appwrite.endpoint, projectId: t.config.appwrite.projectId, key: t.config.appwrite.key ?? "" });
  notifier = appwriteNotifier(clients.messaging);
});
afterAll(async () => {
  await t?.close();
});

interface OutboxMessage {
  messageId: string;
  channel: "push" | "sms";
  title: string;
  body: string;
  identifier: string;
  data: Record<string, unknown>;
}

async function outbox(userId: string): Promise<OutboxMessage[]> {
  const res = await fetch(`${t.config.appwrite.endpoint}/_dev/outbox?userId=${encodeURIComponent(userId)}`);
  return ((await res.json()) as { messages: OutboxMessage[] }).messages;
}

describe("appwriteNotifier", () => {
  it("pushes once per dedupe id: a retry is reported as duplicate and not delivered again", async () => {
    const user = await clients.users.create({ userId: ID.unique(), phone: "+919800000001" });
    await clients.users.createTarget({ userId: user.$id, targetId: ID.unique(), providerType: MessagingProviderType.Push, identifier: "fcm-token-1" });
    const push = { userIds: [user.$id], title: "Order accepted", body: "Spice Hub is preparing your food", data: { orderId: "ord_1" }, dedupeId: "ntf_ord_1_accepted" };
    expect(await notifier.push(push)).toBe("sent");
    expect(await notifier.push(push)).toBe("duplicate");
    const sent = await outbox(user.$id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ messageId: "ntf_ord_1_accepted", channel: "push", title: "Order accepted", identifier: "fcm-token-1", data: { orderId: "ord_1" } });
  });

  it("texts the user's phone target", async () => {
    const user = await clients.users.create({ userId: ID.unique(), phone: "+919800000002" });
    expect(await notifier.sms({ userId: user.$id, text: "Your order is on the way", dedupeId: "sms_ord_2_picked" })).toBe("sent");
    expect(await notifier.sms({ userId: user.$id, text: "Your order is on the way", dedupeId: "sms_ord_2_picked" })).toBe("duplicate");
    const sent = await outbox(user.$id);
    expect(sent.map((m) => [m.channel, m.identifier, m.body])).toEqual([["sms", "+919800000002", "Your order is on the way"]]);
  });

  it("reports a user without a device as no_target", async () => {
    const user = await clients.users.create({ userId: ID.unique() });
    expect(await notifier.push({ userIds: [user.$id], title: "t", body: "b", dedupeId: "ntf_nobody" })).toBe("no_target");
    expect(await notifier.push({ userIds: [], title: "t", body: "b", dedupeId: "ntf_empty" })).toBe("no_target");
  });

  it("refuses a dedupe id Appwrite would not accept, and reports Appwrite down as Unavailable", async () => {
    await expect(notifier.push({ userIds: ["u"], title: "t", body: "b", dedupeId: "not a valid id!" })).rejects.toBeInstanceOf(RangeError);
    const dead = appwriteNotifier(createAppwriteClients({ endpoint: "http://127.0.0.1:9/v1", projectId: "chizze", key: "k" }).messaging);
    await expect(dead.push({ userIds: ["u"], title: "t", body: "b", dedupeId: "ntf_dead" })).rejects.toBeInstanceOf(Unavailable);
  });
});

describe("appwriteNotifier with a Users client (target check first)", () => {
  it("skips users without a live target of the channel before Appwrite sees a message, and still dedupes", async () => {
    const checked = appwriteNotifier(clients.messaging, { users: clients.users });
    const withDevice = await clients.users.create({ userId: ID.unique(), phone: "+919800000011" });
    await clients.users.createTarget({ userId: withDevice.$id, targetId: ID.unique(), providerType: MessagingProviderType.Push, identifier: "fcm-token-11" });
    const noDevice = await clients.users.create({ userId: ID.unique() });

    expect(await checked.push({ userIds: [noDevice.$id], title: "t", body: "b", dedupeId: "ntf_checked_none" })).toBe("no_target");
    expect(await checked.push({ userIds: ["usr_does_not_exist"], title: "t", body: "b", dedupeId: "ntf_checked_ghost" })).toBe("no_target");
    // No message was created for them: the id is still free.
    await expect(clients.messaging.getMessage({ messageId: "ntf_checked_none" })).rejects.toMatchObject({ code: 404 });

    // Mixed recipients: only the reachable one is addressed.
    expect(await checked.push({ userIds: [noDevice.$id, withDevice.$id], title: "t", body: "b", dedupeId: "ntf_checked_mixed" })).toBe("sent");
    expect((await clients.messaging.getMessage({ messageId: "ntf_checked_mixed" })).users).toEqual([withDevice.$id]);
    expect(await checked.push({ userIds: [withDevice.$id], title: "t", body: "b", dedupeId: "ntf_checked_mixed" })).toBe("duplicate");

    // SMS: the phone target exists because the account has a phone; a phoneless user has none.
    expect(await checked.sms({ userId: withDevice.$id, text: "hello", dedupeId: "sms_checked_1" })).toBe("sent");
    expect(await checked.sms({ userId: noDevice.$id, text: "hello", dedupeId: "sms_checked_2" })).toBe("no_target");
    expect((await outbox(withDevice.$id)).map((m) => m.channel).sort()).toEqual(["push", "sms"]);
  });

  it("composes channels from separate providers", async () => {
    const user = await clients.users.create({ userId: ID.unique(), phone: "+919800000012" });
    const both = notifierOf({ push: appwritePush(clients.messaging), sms: appwriteSms(clients.messaging) });
    expect(await both.sms({ userId: user.$id, text: "via sms provider", dedupeId: "sms_composed_1" })).toBe("sent");
    expect((await outbox(user.$id))[0]).toMatchObject({ channel: "sms", body: "via sms provider" });
  });
});

// Messaging through the real node-appwrite 27 client; deliveries are read back from the outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppwriteException, Client, ID, Messaging, MessagingProviderType, Users } from "node-appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";
import { readOutbox } from "./outbox";

let aw: RunningAppwrite;
const keyed = () => new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey("standard_devkey");

async function failure(p: Promise<unknown>): Promise<{ code: number; type: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppwriteException) return { code: e.code, type: e.type };
    throw e;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  aw = await startAppwrite();
});
afterAll(async () => {
  await aw.close();
});

describe("messaging", () => {
  it("delivers a push to a user's push targets into the outbox", async () => {
    const users = new Users(keyed());
    const messaging = new Messaging(keyed());
    const rider = await users.create({ userId: ID.unique(), phone: "+919811111111" });
    const target = await users.createTarget({ userId: rider.$id, targetId: ID.unique(), providerType: MessagingProviderType.Push, identifier: "fcm-rider-1" });

    const msg = await messaging.createPush({ messageId: ID.unique(), title: "New order", body: "Pickup at Spice Hub", users: [rider.$id], data: { orderId: "ord_1" } });
    expect(msg).toMatchObject({ providerType: "push", status: "sent", deliveredTotal: 1, users: [rider.$id] });
    expect(msg.data).toMatchObject({ title: "New order", body: "Pickup at Spice Hub", data: { orderId: "ord_1" } });

    const [entry] = readOutbox(aw.deps, { userId: rider.$id, channel: "push" });
    expect(entry).toMatchObject({ messageId: msg.$id, channel: "push", userId: rider.$id, targetId: target.$id, identifier: "fcm-rider-1", title: "New order", body: "Pickup at Spice Hub", data: { orderId: "ord_1" } });
    expect((await messaging.getMessage({ messageId: msg.$id })).status).toBe("sent");
    expect((await messaging.listMessages()).total).toBe(1);

    const viaHttp = (await (await fetch(`${aw.endpoint}/_dev/outbox?userId=${rider.$id}`)).json()) as { messages: { title: string }[] };
    expect(viaHttp.messages.map((m) => m.title)).toEqual(["New order"]);
  });

  it("rejects a message without recipients (400 message_missing_target)", async () => {
    const users = new Users(keyed());
    const messaging = new Messaging(keyed());
    const lonely = await users.create({ userId: ID.unique() });
    expect(await failure(messaging.createPush({ messageId: ID.unique(), title: "hi", body: "there", users: [lonely.$id] }))).toEqual({ code: 400, type: "message_missing_target" });
    expect(await failure(messaging.createPush({ messageId: ID.unique(), title: "hi", body: "there" }))).toEqual({ code: 400, type: "message_missing_target" });
    expect(readOutbox(aw.deps, { userId: lonely.$id })).toEqual([]);
  });

  it("sends SMS to a user's phone and pushes to topic subscribers", async () => {
    const users = new Users(keyed());
    const messaging = new Messaging(keyed());
    const cust = await users.create({ userId: ID.unique(), phone: "+919822222222" });
    const sms = await messaging.createSMS({ messageId: ID.unique(), content: "Your order is on the way", users: [cust.$id] });
    expect(sms).toMatchObject({ providerType: "sms", status: "sent", deliveredTotal: 1 });
    expect(readOutbox(aw.deps, { phone: "+919822222222" })[0]).toMatchObject({ channel: "sms", body: "Your order is on the way", userId: cust.$id });

    const push = await users.createTarget({ userId: cust.$id, targetId: ID.unique(), providerType: MessagingProviderType.Push, identifier: "fcm-cust-1" });
    const topic = await messaging.createTopic({ topicId: "offers", name: "Offers", subscribe: ["users"] });
    expect(topic).toMatchObject({ $id: "offers", subscribe: ["users"], pushTotal: 0 });
    await messaging.createSubscriber({ topicId: "offers", subscriberId: ID.unique(), targetId: push.$id });
    expect((await messaging.getTopic({ topicId: "offers" })).pushTotal).toBe(1);
    expect((await messaging.listSubscribers({ topicId: "offers" })).subscribers[0]).toMatchObject({ targetId: push.$id, userId: cust.$id, providerType: "push" });
    const offer = await messaging.createPush({ messageId: ID.unique(), title: "50% off", body: "today", topics: ["offers"] });
    expect(offer.deliveredTotal).toBe(1);
    expect(readOutbox(aw.deps, { messageId: offer.$id })[0]).toMatchObject({ identifier: "fcm-cust-1", userId: cust.$id });
  });

  it("is key-only for messages", async () => {
    const users = new Users(keyed());
    const u = await users.create({ userId: ID.unique() });
    const s = await users.createSession({ userId: u.$id });
    const asUser = new Messaging(new Client().setEndpoint(aw.endpoint).setProject("chizze").setSession(s.secret));
    expect(await failure(asUser.createPush({ messageId: ID.unique(), title: "x", body: "y", users: [u.$id] }))).toEqual({ code: 401, type: "general_unauthorized_scope" });
    expect(await failure(asUser.listMessages())).toEqual({ code: 401, type: "general_unauthorized_scope" });
  });
});

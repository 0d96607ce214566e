// Users service and caller resolution through the real node-appwrite 27 client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Account, AppwriteException, Client, ID, MessagingProviderType, Query, Users } from "node-appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";
import type { PlatformEvent } from "../context";
import { mintEphemeralKey } from "./function-keys";

let aw: RunningAppwrite;
const events: PlatformEvent[] = [];

const keyClient = (key = "standard_devkey") => new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey(key);
const jwtAccount = (jwt: string) => new Account(new Client().setEndpoint(aw.endpoint).setProject("chizze").setJWT(jwt));
const sessionClient = (session: string) => new Client().setEndpoint(aw.endpoint).setProject("chizze").setSession(session);

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
  aw = await startAppwrite({ apiKeys: { standard_devkey: "all", standard_readonly: new Set(["users.read"]) } });
  aw.deps.bus.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await aw.close();
});

describe("users service", () => {
  it("creates, lists, labels and stores prefs", async () => {
    const users = new Users(keyClient());
    const user = await users.create({ userId: ID.unique(), email: "Asha@Example.com", phone: "+919800000001", password: "password123", name: "Asha" });
    expect(user).toMatchObject({ name: "Asha", email: "asha@example.com", phone: "+919800000001", status: true, labels: [], emailVerification: false, phoneVerification: false, prefs: {} });
    expect(user.$createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(user).not.toHaveProperty("password");
    expect(user.targets).toEqual([expect.objectContaining({ providerType: "sms", identifier: "+919800000001", userId: user.$id })]);

    const created = events.find((e) => e.functionEvents.includes(`users.${user.$id}.create`));
    expect(created?.functionEvents).toEqual(expect.arrayContaining(["users.*.create", `users.${user.$id}`, "users.*"]));
    expect(created?.roles).toEqual([`user:${user.$id}`]);
    expect(created?.channels).toEqual(["account", `account.${user.$id}`]);

    expect(await failure(users.create({ userId: ID.unique(), phone: "+919800000001" }))).toEqual({ code: 409, type: "user_already_exists" });
    expect(await failure(users.create({ userId: user.$id }))).toEqual({ code: 409, type: "user_already_exists" });
    expect(await failure(users.create({ userId: ID.unique(), password: "short" }))).toMatchObject({ code: 400, type: "general_argument_invalid" });
    expect(await failure(users.create({ userId: ID.unique(), phone: "98000" }))).toMatchObject({ code: 400 });

    await users.create({ userId: "bob", name: "Bob Rider", phone: "+919800000002" });
    const byPhone = await users.list({ queries: [Query.equal("phone", "+919800000001")] });
    expect(byPhone.total).toBe(1);
    expect(byPhone.users[0]?.$id).toBe(user.$id);
    expect((await users.list({ search: "rider" })).users.map((u) => u.$id)).toEqual(["bob"]);

    const labelled = await users.updateLabels({ userId: "bob", labels: ["rider", "vip"] });
    expect(labelled.labels).toEqual(["rider", "vip"]);
    expect(events.some((e) => e.functionEvents.includes("users.bob.update.labels") && e.functionEvents.includes("users.*.update.labels"))).toBe(true);
    expect((await users.list({ queries: [Query.contains("labels", ["vip"])] })).users.map((u) => u.$id)).toEqual(["bob"]);
    expect(await failure(users.updateLabels({ userId: "bob", labels: ["not-alnum"] }))).toMatchObject({ code: 400 });

    expect(await users.updatePrefs({ userId: "bob", prefs: { lang: "hi" } })).toEqual({ lang: "hi" });
    expect(await users.getPrefs({ userId: "bob" })).toEqual({ lang: "hi" });
    expect(await failure(users.get({ userId: "nobody" }))).toEqual({ code: 404, type: "user_not_found" });
  });

  it("JWTs authenticate until their session is deleted", async () => {
    const users = new Users(keyClient());
    const u = await users.create({ userId: ID.unique(), phone: "+919800000010", name: "Jay" });

    // sessionId '' (default): not bound to a session, still authenticates.
    const { jwt: unbound } = await users.createJWT({ userId: u.$id });
    expect((await jwtAccount(unbound).get()).$id).toBe(u.$id);

    const session = await users.createSession({ userId: u.$id });
    expect(session.secret).not.toBe("");
    expect((await new Account(sessionClient(session.secret)).get()).$id).toBe(u.$id);

    const { jwt: bound } = await users.createJWT({ userId: u.$id, sessionId: session.$id, duration: 60 });
    expect((await jwtAccount(bound).get()).name).toBe("Jay");
    const { jwt: recent } = await users.createJWT({ userId: u.$id, sessionId: "recent" });
    expect((await jwtAccount(recent).get()).$id).toBe(u.$id);
    expect(await failure(users.createJWT({ userId: u.$id, duration: 3601 }))).toMatchObject({ code: 400 });

    expect((await users.listSessions({ userId: u.$id })).total).toBe(1);
    await users.deleteSession({ userId: u.$id, sessionId: session.$id });
    expect(await failure(jwtAccount(bound).get())).toEqual({ code: 401, type: "general_unauthorized_scope" });
    expect(await failure(jwtAccount(recent).get())).toEqual({ code: 401, type: "general_unauthorized_scope" });
    expect(await failure(new Account(sessionClient(session.secret)).get())).toEqual({ code: 401, type: "general_unauthorized_scope" });
    expect((await jwtAccount(unbound).get()).$id).toBe(u.$id);

    await users.delete({ userId: u.$id });
    expect(await failure(jwtAccount(unbound).get())).toEqual({ code: 401, type: "general_unauthorized_scope" });
  });

  it("rejects tampered JWTs, JWT + session together, and blocked users", async () => {
    const users = new Users(keyClient());
    const u = await users.create({ userId: ID.unique(), name: "Blocky" });
    const session = await users.createSession({ userId: u.$id });
    const { jwt } = await users.createJWT({ userId: u.$id });

    const tampered = jwt.slice(0, -2) + (jwt.endsWith("AA") ? "BB" : "AA");
    expect(await failure(jwtAccount(tampered).get())).toEqual({ code: 401, type: "user_jwt_invalid" });
    const both = new Client().setEndpoint(aw.endpoint).setProject("chizze").setSession(session.secret).setJWT(jwt);
    expect(await failure(new Account(both).get())).toEqual({ code: 403, type: "user_jwt_and_cookie_set" });

    await users.updateStatus({ userId: u.$id, status: false });
    expect((await failure(new Account(sessionClient(session.secret)).get())).type).toBe("user_blocked");
    await users.updateStatus({ userId: u.$id, status: true });
    expect((await new Account(sessionClient(session.secret)).get()).status).toBe(true);
  });

  it("checks scopes: users are not keys, limited and ephemeral keys hold only their scopes", async () => {
    const users = new Users(keyClient());
    const u = await users.create({ userId: ID.unique() });
    const session = await users.createSession({ userId: u.$id });
    expect(await failure(new Users(sessionClient(session.secret)).list())).toEqual({ code: 401, type: "general_unauthorized_scope" });
    expect(await failure(new Users(new Client().setEndpoint(aw.endpoint).setProject("chizze")).list())).toEqual({ code: 401, type: "general_unauthorized_scope" });
    // An unknown key is a guest, not "invalid key".
    expect(await failure(new Users(keyClient("standard_nope")).list())).toEqual({ code: 401, type: "general_unauthorized_scope" });
    // Keys never hold the account scope.
    expect(await failure(new Account(keyClient()).get())).toEqual({ code: 401, type: "general_unauthorized_scope" });

    const readonly = new Users(keyClient("standard_readonly"));
    expect((await readonly.list()).total).toBeGreaterThan(0);
    expect(await failure(readonly.create({ userId: ID.unique() }))).toEqual({ code: 401, type: "general_unauthorized_scope" });

    const ephemeral = new Users(keyClient(mintEphemeralKey(aw.deps, ["users.read"], 60)));
    expect((await ephemeral.get({ userId: u.$id })).$id).toBe(u.$id);
    expect(await failure(ephemeral.delete({ userId: u.$id }))).toEqual({ code: 401, type: "general_unauthorized_scope" });
    const dynamic = mintEphemeralKey(aw.deps, ["users.read", "users.write"], 60).replace(/^ephemeral_/, "dynamic_");
    expect((await new Users(keyClient(dynamic)).updateName({ userId: u.$id, name: "Dyn" })).name).toBe("Dyn");
    const expired = mintEphemeralKey(aw.deps, ["users.read"], -1);
    expect(await failure(new Users(keyClient(expired)).list())).toEqual({ code: 401, type: "general_unauthorized_scope" });
    const foreign = mintEphemeralKey({ ...aw.deps, config: { ...aw.deps.config, jwtSecret: "other" } }, ["users.read"], 60);
    expect(await failure(new Users(keyClient(foreign)).list())).toEqual({ code: 401, type: "general_unauthorized_scope" });
  });

  it("an ephemeral key accepted once (and remembered) is refused after it expires", async () => {
    const shortLived = new Users(keyClient(mintEphemeralKey(aw.deps, ["users.read"], 1)));
    expect((await shortLived.list()).total).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await failure(shortLived.list())).toEqual({ code: 401, type: "general_unauthorized_scope" });
  });

  it("manages targets", async () => {
    const users = new Users(keyClient());
    const u = await users.create({ userId: ID.unique() });
    const t = await users.createTarget({ userId: u.$id, targetId: ID.unique(), providerType: MessagingProviderType.Push, identifier: "fcm-device-1" });
    expect(t).toMatchObject({ userId: u.$id, providerType: "push", identifier: "fcm-device-1", expired: false });
    expect((await users.listTargets({ userId: u.$id })).targets.map((x) => x.$id)).toEqual([t.$id]);
    await users.deleteTarget({ userId: u.$id, targetId: t.$id });
    expect((await users.listTargets({ userId: u.$id })).total).toBe(0);
  });
});

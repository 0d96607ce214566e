// Phone OTP login end to end with the real appwrite web SDK 28 running in Node (fallback-cookie path and
// setSession), then the JWT handed to a backend (node-appwrite).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Account as WebAccount, AppwriteException as WebException, Client as WebClient, ID } from "appwrite";
import { Account, Client, Users } from "node-appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";
import type { PlatformEvent } from "../context";
import { setMockNumbers } from "./mock-numbers";

// The web SDK keeps sessions in localStorage.cookieFallback when cookies are unavailable (Node has no cookie jar).
const store = new Map<string, string>();
const memoryStorage = {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, String(v)),
  removeItem: (k: string) => void store.delete(k),
  clear: () => store.clear(),
  key: (i: number) => [...store.keys()][i] ?? null,
  get length() {
    return store.size;
  },
};
const g = globalThis as Record<string, unknown>;
g.window ??= globalThis;
g.localStorage ??= memoryStorage;
// The SDK warns through window.console when it stores the fallback cookie; keep test output quiet.
(globalThis as { console: Console }).console = { ...console, warn: () => undefined };

let aw: RunningAppwrite;
const events: PlatformEvent[] = [];

async function failure(p: Promise<unknown>): Promise<{ code: number; type: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WebException) return { code: e.code, type: e.type };
    throw e;
  }
  throw new Error("expected the call to fail");
}

/** Reads the newest OTP for a phone from the devstack outbox endpoint, as a developer would. */
async function otpFor(phone: string): Promise<string> {
  const res = await fetch(`${aw.endpoint}/_dev/outbox?phone=${encodeURIComponent(phone)}&limit=1`);
  const body = (await res.json()) as { messages: { body: string; channel: string }[] };
  const code = /\b(\d{6})\b/.exec(body.messages[0]?.body ?? "")?.[1];
  if (!code) throw new Error(`no OTP in the outbox for ${phone}`);
  return code;
}

const web = () => new WebClient().setEndpoint(aw.endpoint).setProject("chizze");

beforeAll(async () => {
  aw = await startAppwrite();
  aw.deps.bus.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await aw.close();
});

describe("phone OTP login (web SDK 28)", () => {
  it("logs in with the OTP from the outbox, then hands a JWT to the backend", async () => {
    store.clear();
    const account = new WebAccount(web());
    const phone = "+919876543210";
    const token = await account.createPhoneToken({ userId: ID.unique(), phone });
    expect(token.secret).toBe("");
    expect(Date.parse(token.expire) - Date.parse(token.$createdAt)).toBe(15 * 60 * 1000);
    expect(events.filter((e) => e.functionEvents.includes(`users.${token.userId}.create`))).toHaveLength(1);

    const otp = await otpFor(phone);
    expect(otp).toMatch(/^\d{6}$/);
    const wrong = otp === "000000" ? "111111" : "000000";
    expect(await failure(account.createSession({ userId: token.userId, secret: wrong }))).toEqual({ code: 401, type: "user_invalid_token" });
    expect(await failure(account.get())).toEqual({ code: 401, type: "general_unauthorized_scope" });

    const session = await account.createSession({ userId: token.userId, secret: otp });
    expect(session).toMatchObject({ userId: token.userId, provider: "phone", factors: ["phone"], secret: "", current: true });
    expect(JSON.parse(store.get("cookieFallback") ?? "{}")).toHaveProperty("a_session_chizze");

    const me = await account.get();
    expect(me).toMatchObject({ $id: token.userId, phone, phoneVerification: true });
    // Single use: the same OTP cannot open a second session.
    expect(await failure(account.createSession({ userId: token.userId, secret: otp }))).toEqual({ code: 401, type: "user_invalid_token" });

    const { jwt } = await account.createJWT();
    const backend = new Account(new Client().setEndpoint(aw.endpoint).setProject("chizze").setJWT(jwt));
    expect((await backend.get()).$id).toBe(token.userId);

    // The same phone with another requested id logs into the same user.
    const again = await account.createPhoneToken({ userId: ID.unique(), phone });
    expect(again.userId).toBe(token.userId);

    await account.deleteSession({ sessionId: "current" });
    await expect(backend.get()).rejects.toMatchObject({ code: 401, type: "general_unauthorized_scope" });
    expect(await failure(account.get())).toEqual({ code: 401, type: "general_unauthorized_scope" });
  });

  it("works with setSession when the backend creates the session with a key", async () => {
    const phone = "+919876500001";
    const guest = new WebAccount(web());
    const token = await guest.createPhoneToken({ userId: "cust_1", phone });
    expect(token.userId).toBe("cust_1");
    // A backend that proxies the login (no cookies) calls createSession with an API key and gets the secret.
    const server = new Account(new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey("standard_devkey"));
    const session = await server.createSession({ userId: "cust_1", secret: await otpFor(phone) });
    expect(session.secret).not.toBe("");

    store.clear();
    const client = web().setSession(session.secret);
    const account = new WebAccount(client);
    expect((await account.get()).$id).toBe("cust_1");
    const target = await account.createPushTarget({ targetId: ID.unique(), identifier: "fcm-token-1" });
    expect(target).toMatchObject({ providerType: "push", identifier: "fcm-token-1", userId: "cust_1" });
    const listed = await new Users(new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey("standard_devkey")).listTargets({ userId: "cust_1" });
    expect(listed.targets.map((t) => t.providerType).sort()).toEqual(["push", "sms"]);
    expect((await account.updatePrefs({ prefs: { veg: true } })).prefs).toEqual({ veg: true });
  });

  it("mock numbers use the fixed OTP and send no SMS", async () => {
    const phone = "+919999900000";
    setMockNumbers(aw.deps, [{ phone, otp: "123456" }]);
    store.clear();
    const account = new WebAccount(web());
    const token = await account.createPhoneToken({ userId: ID.unique(), phone });
    const outbox = (await (await fetch(`${aw.endpoint}/_dev/outbox?phone=${encodeURIComponent(phone)}`)).json()) as { total: number };
    expect(outbox.total).toBe(0);
    await account.createSession({ userId: token.userId, secret: "123456" });
    expect((await account.get()).phone).toBe(phone);
  });

  it("createJWT needs a real session", async () => {
    store.clear();
    expect(await failure(new WebAccount(web()).createJWT())).toEqual({ code: 401, type: "general_unauthorized_scope" });
    const users = new Users(new Client().setEndpoint(aw.endpoint).setProject("chizze").setKey("standard_devkey"));
    const u = await users.create({ userId: ID.unique() });
    const { jwt } = await users.createJWT({ userId: u.$id });
    // An unbound JWT authenticates but has no session to mint another JWT from.
    expect(await failure(new WebAccount(web().setJWT(jwt)).createJWT())).toEqual({ code: 404, type: "user_session_not_found" });
  });
});

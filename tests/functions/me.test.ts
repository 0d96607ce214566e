// The caller's own profile (GET/PATCH /me) through the real functions, called as the edge calls them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TablesDB, Users } from "node-appwrite";
import { sendOtpRoute, verifyOtpRoute } from "@chizze/contracts/api/auth";
import { getProfileRoute, updateProfileRoute } from "@chizze/contracts/api/me";
import { DATABASE_ID } from "@chizze/schema";
import { createUserSession, latestOtp } from "@chizze/devstack/appwrite/auth/index";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, type CallResult } from "../support/functions";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => stack.reset());

const ASHA = "+919876543210";
const BOB = "+918123456789";

interface ProfileBody {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  roles: string[];
  createdAt: string;
}

/** Logs in through the auth functions, as the app does; returns the new user's id. */
async function loginByOtp(phone: string): Promise<string> {
  const send = await callFunction(stack, sendOtpRoute, { body: { phone } });
  const userId = (send.body as { userId: string }).userId;
  const verify = await callFunction(stack, verifyOtpRoute, { body: { userId, otp: latestOtp(stack.appwrite.deps, phone) } });
  expect(verify.status, JSON.stringify(verify.body)).toBe(200);
  return userId;
}

function expectProblem(r: CallResult, status: number, code: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.contentType).toMatch(/problem\+json/);
  expect(r.body).toMatchObject({ status, code });
}

const profileRow = (id: string) => new TablesDB(stack.admin()).getRow({ databaseId: DATABASE_ID, tableId: "profiles", rowId: id });

describe("me: get", () => {
  it("returns the caller's profile after an OTP login", async () => {
    const id = await loginByOtp(ASHA);
    const r = await callFunction(stack, getProfileRoute, { identity: identityOf(id, ["customer"]) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as ProfileBody;
    const { createdAt, ...rest } = body;
    expect(rest).toEqual({ id, name: "", phone: ASHA, email: null, roles: ["customer"] });
    expect(createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("shows the roles the edge verified, and builds the row for a user who never had one", async () => {
    // A seeded partner with no profiles row.
    const partner = createUserSession(stack.appwrite.deps, { phone: BOB, name: "Bob Das", labels: ["partner"] });
    const r = await callFunction(stack, getProfileRoute, { identity: identityOf(partner.userId, ["partner"]) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: partner.userId, name: "Bob Das", phone: BOB, roles: ["customer", "partner"] });
    expect(await profileRow(partner.userId)).toMatchObject({ user_id: partner.userId, phone: BOB, roles: ["partner"] });
  });

  it("shows each caller only their own profile", async () => {
    const asha = await loginByOtp(ASHA);
    const bob = await loginByOtp(BOB);
    await callFunction(stack, updateProfileRoute, { identity: identityOf(asha), body: { name: "Asha Rao", email: "asha@example.com" } });
    const r = await callFunction(stack, getProfileRoute, { identity: identityOf(bob) });
    expect(r.body).toMatchObject({ id: bob, phone: BOB, name: "", email: null });
  });

  it("answers 404 for a signed identity whose Appwrite user is gone", async () => {
    expectProblem(await callFunction(stack, getProfileRoute, { identity: identityOf("usr_deleted") }), 404, "not_found");
  });

  it("answers 401 to an anonymous caller", async () => {
    expectProblem(await callFunction(stack, getProfileRoute, {}), 401, "unauthenticated");
  });

  it("lets every role read its own profile (self route)", async () => {
    const id = await loginByOtp(ASHA);
    for (const labels of [["customer"], ["restaurant"], ["partner"], ["admin"]]) {
      const r = await callFunction(stack, getProfileRoute, { identity: identityOf(id, labels) });
      expect(r.status, labels.join()).toBe(200);
      expect((r.body as ProfileBody).roles).toEqual([...new Set(["customer", ...labels])]);
    }
  });
});

describe("me: update", () => {
  it("writes name and email to the profile and the name to the Appwrite user; null removes the email", async () => {
    const id = await loginByOtp(ASHA);
    const me = identityOf(id, ["customer"]);
    const r = await callFunction(stack, updateProfileRoute, { identity: me, body: { name: "  Asha Rao ", email: "asha@example.com" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id, name: "Asha Rao", email: "asha@example.com", phone: ASHA, roles: ["customer"] });
    expect((await new Users(stack.admin()).get({ userId: id })).name).toBe("Asha Rao");
    expect(await profileRow(id)).toMatchObject({ name: "Asha Rao", email: "asha@example.com" });
    expect((await callFunction(stack, getProfileRoute, { identity: me })).body).toMatchObject({ name: "Asha Rao", email: "asha@example.com" });

    const cleared = await callFunction(stack, updateProfileRoute, { identity: me, body: { email: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ name: "Asha Rao", email: null });
    // The login name at the next verify-otp is the new one.
    const send = await callFunction(stack, sendOtpRoute, { body: { phone: ASHA } });
    expect(send.body).toMatchObject({ userId: id });
    const verify = await callFunction(stack, verifyOtpRoute, { body: { userId: id, otp: latestOtp(stack.appwrite.deps, ASHA) } });
    expect(verify.body).toMatchObject({ user: { id, name: "Asha Rao" } });
  });

  it("rejects bad input with 400 problem+json and changes nothing", async () => {
    const id = await loginByOtp(ASHA);
    const me = identityOf(id);
    await callFunction(stack, updateProfileRoute, { identity: me, body: { name: "Asha Rao" } });
    for (const body of [{}, { name: "" }, { name: "   " }, { name: "x".repeat(129) }, { name: 5 }, { email: "not-an-email" }, { phone: BOB }, { name: "Eve", roles: ["admin"] }]) {
      expectProblem(await callFunction(stack, updateProfileRoute, { identity: me, body }), 400, "validation_failed");
    }
    expect(await profileRow(id)).toMatchObject({ name: "Asha Rao", email: null, phone: ASHA, roles: ["customer"] });
  });

  it("answers 401 to an anonymous caller and writes nothing", async () => {
    const id = await loginByOtp(ASHA);
    expectProblem(await callFunction(stack, updateProfileRoute, { body: { name: "Mallory" } }), 401, "unauthenticated");
    expect(await profileRow(id)).toMatchObject({ name: null });
  });
});

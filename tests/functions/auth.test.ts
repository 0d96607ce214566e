// Phone OTP login through the real functions (bundled, run by the devstack runner, called as the edge calls them):
// the OTP comes from the devstack's SMS outbox, and the JWT the functions hand out must work against Appwrite itself.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Account, AppwriteException, Client, TablesDB, Users } from "node-appwrite";
import { refreshRoute, sendOtpRoute, verifyOtpRoute } from "@chizze/contracts/api/auth";
import { ApiError } from "@chizze/contracts/errors";
import { DATABASE_ID } from "@chizze/schema";
import { DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { createUserSession, latestOtp } from "@chizze/devstack/appwrite/auth/index";
import { readOutbox } from "@chizze/devstack/appwrite/messaging/outbox";
import { depsFor } from "@chizze/services";
import { sendOtp } from "@chizze/services/auth/send-otp";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, type CallResult } from "../support/functions";

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => stack.reset());

const ASHA = "+919876543210";
const RAVI = "+918123456789";

interface Login {
  session: { id: string; secret: string; expiresAt: string };
  jwt: string;
  jwtExpiresAt: string;
  user: { id: string; name: string; phone: string; labels: string[] };
}

const users = () => new Users(stack.admin());

/** GET /v1/account with the JWT, as the edge verifies it: the user's id and labels, or Appwrite's error type. */
async function accountOf(jwt: string): Promise<{ $id: string; labels: string[]; phone: string } | { error: string }> {
  try {
    return await new Account(new Client().setEndpoint(stack.appwrite.endpoint).setProject(DEV_PROJECT_ID).setJWT(jwt)).get();
  } catch (err) {
    if (err instanceof AppwriteException) return { error: err.type };
    throw err;
  }
}

function otpOf(phone: string): string {
  const otp = latestOtp(stack.appwrite.deps, phone);
  if (!otp) throw new Error(`no OTP in the outbox for ${phone}`);
  return otp;
}

function otpSmsCount(phone: string): number {
  return readOutbox(stack.appwrite.deps, { phone, limit: 100 }).filter((m) => m.data.kind === "otp").length;
}

/** A 6-digit code that is not `otp`. */
const wrongOf = (otp: string) => (otp === "000000" ? "111111" : "000000");

async function sendCode(phone: string): Promise<string> {
  const r = await callFunction(stack, sendOtpRoute, { body: { phone } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { userId: string }).userId;
}

async function login(phone: string): Promise<Login> {
  const userId = await sendCode(phone);
  const r = await callFunction(stack, verifyOtpRoute, { body: { userId, otp: otpOf(phone) } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Login;
}

function expectProblem(r: CallResult, status: number, code: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.contentType).toMatch(/problem\+json/);
  expect(r.body).toMatchObject({ status, code });
}

async function sessionCount(userId: string): Promise<number> {
  return (await users().listSessions({ userId })).total;
}

function jwtExp(jwt: string): number {
  const claims = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp: number };
  return claims.exp;
}

describe("auth: send-otp + verify-otp", () => {
  it("logs a new phone in: SMS code → session + JWT that Appwrite accepts, customer label, profile row", async () => {
    const send = await callFunction(stack, sendOtpRoute, { body: { phone: ASHA } });
    expect(send.status).toBe(200);
    const { userId, expiresAt } = send.body as { userId: string; expiresAt: string };
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect(otpSmsCount(ASHA)).toBe(1);

    const verify = await callFunction(stack, verifyOtpRoute, { body: { userId, otp: otpOf(ASHA) } });
    expect(verify.status, JSON.stringify(verify.body)).toBe(200);
    const body = verify.body as Login;
    expect(body.user).toEqual({ id: userId, name: "", phone: ASHA, labels: ["customer"] });
    expect(body.session.secret).not.toBe("");
    expect(body.jwtExpiresAt).toBe(new Date(jwtExp(body.jwt) * 1000).toISOString());

    const me = await accountOf(body.jwt);
    expect(me).toMatchObject({ $id: userId, phone: ASHA, labels: ["customer"] });
    // The session the app got is the one the JWT is bound to.
    expect((await users().listSessions({ userId })).sessions.map((s) => s.$id)).toEqual([body.session.id]);

    const profile = await new TablesDB(stack.admin()).getRow({ databaseId: DATABASE_ID, tableId: "profiles", rowId: userId });
    expect(profile).toMatchObject({ user_id: userId, phone: ASHA, roles: ["customer"], email: null });
  });

  it("logs a known phone into the same user, keeping its labels and creating no second profile", async () => {
    const first = await login(ASHA);
    const again = await login(ASHA);
    expect(again.user.id).toBe(first.user.id);
    expect(again.session.id).not.toBe(first.session.id);

    // A partner from the seed (label `partner`, no profile row yet) logs in for the first time.
    const partner = createUserSession(stack.appwrite.deps, { phone: RAVI, name: "Ravi Kumar", labels: ["partner"] });
    const ravi = await login(RAVI);
    expect(ravi.user).toEqual({ id: partner.userId, name: "Ravi Kumar", phone: RAVI, labels: ["partner", "customer"] });
    expect(await accountOf(ravi.jwt)).toMatchObject({ $id: partner.userId, labels: ["partner", "customer"] });

    const rows = await new TablesDB(stack.admin()).listRows({ databaseId: DATABASE_ID, tableId: "profiles" });
    expect(rows.rows.map((r) => [r.$id, (r as unknown as { roles: string[] }).roles]).sort()).toEqual(
      [
        [first.user.id, ["customer"]],
        [partner.userId, ["customer", "partner"]],
      ].sort(),
    );
  });

  it("answers 401 problem+json to a wrong code, an unknown user and a used code; never 5xx", async () => {
    const userId = await sendCode(ASHA);
    const otp = otpOf(ASHA);
    expectProblem(await callFunction(stack, verifyOtpRoute, { body: { userId, otp: wrongOf(otp) } }), 401, "unauthenticated");
    expectProblem(await callFunction(stack, verifyOtpRoute, { body: { userId: "usr_nobody", otp } }), 401, "unauthenticated");
    expect(await sessionCount(userId)).toBe(0);

    // The wrong guess did not burn the code.
    expect((await callFunction(stack, verifyOtpRoute, { body: { userId, otp } })).status).toBe(200);
    expectProblem(await callFunction(stack, verifyOtpRoute, { body: { userId, otp } }), 401, "unauthenticated");
    expect(await sessionCount(userId)).toBe(1);
  });

  it("refuses the 11th verify in the hour with 429, even with the right code, and opens no session", async () => {
    const userId = await sendCode(ASHA);
    const otp = otpOf(ASHA);
    for (let i = 0; i < 10; i++) {
      expectProblem(await callFunction(stack, verifyOtpRoute, { body: { userId, otp: wrongOf(otp) } }), 401, "unauthenticated");
    }
    expectProblem(await callFunction(stack, verifyOtpRoute, { body: { userId, otp } }), 429, "rate_limited");
    expect(await sessionCount(userId)).toBe(0);
  });

  it("sends at most 5 codes an hour per phone: the 6th is 429 and sends no SMS", async () => {
    for (let i = 0; i < 5; i++) await sendCode(ASHA);
    expectProblem(await callFunction(stack, sendOtpRoute, { body: { phone: ASHA } }), 429, "rate_limited");
    expect(otpSmsCount(ASHA)).toBe(5);
    // Another phone has its own budget.
    await sendCode(RAVI);
  });

  it("fails closed with 503 dependency_unavailable when Redis is down: no SMS, no session", async () => {
    const userId = await sendCode(RAVI);
    const otp = otpOf(RAVI);

    stack.upstash.faults.set({ down: true });
    expectProblem(await callFunction(stack, sendOtpRoute, { body: { phone: ASHA } }), 503, "dependency_unavailable");
    expect(latestOtp(stack.appwrite.deps, ASHA)).toBeUndefined();
    expectProblem(await callFunction(stack, verifyOtpRoute, { body: { userId, otp } }), 503, "dependency_unavailable");
    expect(await sessionCount(userId)).toBe(0);

    // Retry-After is on the error (Appwrite does not record function response headers; the edge forwards the hint).
    const deps = depsFor({ apiKey: undefined, log: { info: () => undefined, warn: () => undefined, error: () => undefined } }, stack.env);
    const err = await sendOtp(deps, { phone: ASHA }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe("dependency_unavailable");
    expect((err as ApiError).headers?.["retry-after"]).toMatch(/^\d+$/);

    // Back up: the code was never consumed.
    stack.upstash.faults.clear();
    expect((await callFunction(stack, verifyOtpRoute, { body: { userId, otp } })).status).toBe(200);
  });

  it("rejects bad input with 400 problem+json and sends nothing", async () => {
    for (const body of [{ phone: "9876543210" }, { phone: "+91 98765 43210" }, { phone: "+915876543210" }, { phone: "+9198765" }, { phone: ASHA, userId: "usr_x" }, {}, { phone: 919876543210 }]) {
      expectProblem(await callFunction(stack, sendOtpRoute, { body }), 400, "validation_failed");
    }
    expect(readOutbox(stack.appwrite.deps, { limit: 10 })).toEqual([]);
    for (const body of [{ userId: "usr_x", otp: "12345" }, { userId: "usr_x", otp: "abcdef" }, { userId: "bad id!", otp: "123456" }, { otp: "123456" }, { userId: "usr_x", otp: "123456", phone: ASHA }]) {
      expectProblem(await callFunction(stack, verifyOtpRoute, { body }), 400, "validation_failed");
    }
  });

  it("is public: an anonymous caller and a signed-in one both get a code", async () => {
    await sendCode(ASHA);
    const r = await callFunction(stack, sendOtpRoute, { identity: identityOf("usr_someone", ["admin"]), body: { phone: RAVI } });
    expect(r.status).toBe(200);
  });
});

describe("auth: refresh", () => {
  it("trades the session secret (header or body) for a new JWT; 401 once the session is deleted", async () => {
    const { session, user } = await login(ASHA);

    const viaHeader = await callFunction(stack, refreshRoute, { body: {}, headers: { "x-session-secret": session.secret } });
    expect(viaHeader.status, JSON.stringify(viaHeader.body)).toBe(200);
    const fresh = viaHeader.body as { jwt: string; jwtExpiresAt: string };
    expect(fresh.jwtExpiresAt).toBe(new Date(jwtExp(fresh.jwt) * 1000).toISOString());
    expect(await accountOf(fresh.jwt)).toMatchObject({ $id: user.id });

    // A body value wins over the header.
    const viaBody = await callFunction(stack, refreshRoute, { body: { sessionSecret: session.secret }, headers: { "x-session-secret": "bm90LWEtc2Vzc2lvbg==" } });
    expect(viaBody.status).toBe(200);

    await users().deleteSession({ userId: user.id, sessionId: session.id });
    expectProblem(await callFunction(stack, refreshRoute, { body: {}, headers: { "x-session-secret": session.secret } }), 401, "unauthenticated");
    // And the JWTs bound to it stop working at Appwrite too.
    expect(await accountOf(fresh.jwt)).toEqual({ error: "general_unauthorized_scope" });
  });

  it("answers 401 without a secret or with a forged one, 400 to a malformed body", async () => {
    expectProblem(await callFunction(stack, refreshRoute, { body: {} }), 401, "unauthenticated");
    const forged = Buffer.from(JSON.stringify({ id: "usr_x", secret: "f".repeat(64) })).toString("base64");
    expectProblem(await callFunction(stack, refreshRoute, { body: { sessionSecret: forged } }), 401, "unauthenticated");
    expectProblem(await callFunction(stack, refreshRoute, { body: { sessionSecret: "" } }), 400, "validation_failed");
    expectProblem(await callFunction(stack, refreshRoute, { body: { sessionSecret: "x", extra: 1 } }), 400, "validation_failed");
  });
});

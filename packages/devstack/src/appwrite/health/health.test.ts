// Health and the CLI support routes: version check, console login (issued cookies only), admin mode, proxy rules.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, ID, Users } from "node-appwrite";
import { startAppwrite, type RunningAppwrite } from "../index";

let aw: RunningAppwrite;

beforeAll(async () => {
  aw = await startAppwrite();
});
afterAll(async () => {
  await aw.close();
});

/** What the CLI does on `appwrite login`: project console, email/password, keep the Set-Cookie string. */
async function consoleLogin(email: string, password: string): Promise<Response> {
  return fetch(`${aw.endpoint}/account/sessions/email`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-appwrite-project": "console" },
    body: JSON.stringify({ email, password }),
  });
}

describe("health", () => {
  it("answers health and version", async () => {
    // node-appwrite 27 ships no Health service; the CLI calls /health/version directly, as here.
    expect(await (await fetch(`${aw.endpoint}/health`)).json()).toMatchObject({ status: "pass" });
    expect(await (await fetch(`${aw.endpoint}/health/version`)).json()).toEqual({ version: "1.9.6" });
  });

  it("trusts only console cookies it issued (CLI login → admin mode)", async () => {
    const login = await consoleLogin("dev@chizze.local", "password123");
    expect(login.status).toBe(201);
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith("a_session_console="));
    expect(setCookie).toBeDefined();
    // The CLI sends the whole Set-Cookie string back as its Cookie header.
    const cookie = setCookie ?? "";
    const me = await fetch(`${aw.endpoint}/account`, { headers: { "x-appwrite-project": "console", cookie } });
    expect(await me.json()).toMatchObject({ email: "dev@chizze.local" });
    expect((await consoleLogin("dev@chizze.local", "wrong-password")).status).toBe(401);
    expect((await consoleLogin("other@chizze.local", "password123")).status).toBe(401);

    const vars = await fetch(`${aw.endpoint}/console/variables`, { headers: { "x-appwrite-project": "console", cookie } });
    expect(await vars.json()).toMatchObject({ _APP_DOMAIN_FUNCTIONS: "functions.localhost" });
    const forged = await fetch(`${aw.endpoint}/console/variables`, { headers: { "x-appwrite-project": "console", cookie: "a_session_console=x" } });
    expect(forged.status).toBe(401);

    // Admin mode on the project: the cookie acts as an all-scopes key, through node-appwrite.
    const admin = new Client().setEndpoint(aw.endpoint).setProject("chizze").setCookie(cookie);
    admin.addHeader("X-Appwrite-Mode", "admin");
    const created = await new Users(admin).create({ userId: ID.unique(), name: "via cli" });
    expect(created.name).toBe("via cli");
    const fake = new Client().setEndpoint(aw.endpoint).setProject("chizze").setCookie("a_session_console=eyJpZCI6IngiLCJzZWNyZXQiOiJ5In0=");
    fake.addHeader("X-Appwrite-Mode", "admin");
    await expect(new Users(fake).list()).rejects.toMatchObject({ code: 401, type: "general_unauthorized_scope" });

    const rule = await fetch(`${aw.endpoint}/proxy/rules/function`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-appwrite-project": "chizze", "x-appwrite-mode": "admin", cookie },
      body: JSON.stringify({ domain: "abc.functions.localhost", functionId: "hello" }),
    });
    expect(rule.status).toBe(201);
    const q = [
      JSON.stringify({ method: "limit", values: [1] }),
      JSON.stringify({ method: "equal", attribute: "deploymentResourceType", values: ["function"] }),
      JSON.stringify({ method: "equal", attribute: "deploymentResourceId", values: ["hello"] }),
    ].map((x, i) => `queries%5B${i}%5D=${encodeURIComponent(x)}`).join("&");
    const rules = (await (await fetch(`${aw.endpoint}/proxy/rules?${q}`, { headers: { "x-appwrite-project": "chizze", "x-appwrite-key": "standard_devkey" } })).json()) as { total: number; rules: { domain: string }[] };
    expect(rules).toMatchObject({ total: 1, rules: [{ domain: "abc.functions.localhost" }] });
  });
});

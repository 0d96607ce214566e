// The three /v1/account calls the appwrite CLI makes on project `console` (login, whoami, logout). Registered as
// middleware before the project Account routes so project sessions never mix with console sessions.
import type { Context } from "hono";
import type { AppwriteDeps } from "../context";
import { isoDate } from "../context";
import { AppwriteError } from "../errors";
import type { AppwriteApp } from "../server";
import { deleteConsoleSession, findConsoleAccount, loginConsole, type ConsoleAccountRow } from "./console-store";
import { parseCookies } from "./cookies";
import { projectOf, readParams, reqString } from "./http";

function accountModel(a: ConsoleAccountRow): Record<string, unknown> {
  const at = isoDate(a.created_at);
  return {
    $id: a.id, $createdAt: at, $updatedAt: at, name: a.name, registration: at, status: true, labels: [], passwordUpdate: at,
    email: a.email, phone: "", emailVerification: true, phoneVerification: false, mfa: false, prefs: {}, targets: [], accessedAt: at,
  };
}

export function registerConsoleRoutes(app: AppwriteApp, deps: AppwriteDeps): void {
  const current = (c: Context) => {
    const cookie = parseCookies(c.req.header("cookie") ?? null).get("a_session_console");
    const found = cookie ? findConsoleAccount(deps, cookie) : undefined;
    if (!found) throw new AppwriteError("general_unauthorized_scope", 'User (role: guests) missing scopes (["account"])');
    return found;
  };

  const consoleAccount = async (c: Context, next: () => Promise<void>) => {
    if (projectOf(c.req.raw.headers, c.req.url) !== "console") return next();
    const path = c.req.path;
    if (c.req.method === "POST" && path === "/v1/account/sessions/email") {
      const p = await readParams(c);
      const { account, sessionId, encoded, expire } = loginConsole(deps, reqString(p, "email"), reqString(p, "password"));
      c.header("Set-Cookie", `a_session_console=${encoded}; expires=${new Date(expire).toUTCString()}; path=/; httponly`, { append: true });
      const at = isoDate(deps.now());
      return c.json({ $id: sessionId, $createdAt: at, $updatedAt: at, userId: account.id, expire: isoDate(expire), provider: "email", current: true, factors: ["password"], secret: "" }, 201);
    }
    if (c.req.method === "GET" && path === "/v1/account") return c.json(accountModel(current(c).account));
    if (c.req.method === "DELETE" && path.startsWith("/v1/account/sessions")) {
      deleteConsoleSession(deps, current(c).sessionId);
      return c.body(null, 204);
    }
    throw new AppwriteError("general_route_not_found");
  };
  app.use("/v1/account", consoleAccount);
  app.use("/v1/account/*", consoleAccount);
}

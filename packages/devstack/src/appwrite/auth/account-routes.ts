// /v1/account: the client Account service (session or JWT), plus the session-creating endpoints guests call.
import type { Context } from "hono";
import type { AppwriteDeps, Caller } from "../context";
import { AppwriteError } from "../errors";
import type { AppwriteApp } from "../server";
import { clearSessionCookies, setSessionCookies } from "./cookies";
import { createUser } from "./create-user";
import { optInt, optObject, optString, readParams, reqString } from "./http";
import { resolveId } from "../ids";
import { issuePhoneToken } from "./phone-token";
import { requireScope } from "./scopes";
import { encodeSession, verifyPassword } from "./secrets";
import { consumeToken, createSessionRow, deleteSessionRow, getSessionRow, listSessionRows, sessionModel, tokenModel, type SessionRow } from "./sessions-store";
import { deleteTargetRow, getTargetRow, insertTarget, targetModel, updateTargetRow } from "./targets-store";
import { publishUserEvent } from "./user-events";
import { JWT_DEFAULT_SECONDS, signUserJwt } from "./user-jwt";
import { findUserBy, getUserRow, requireUserRow, updateUserRow, userModel, validatePassword, type UserRow } from "./users-store";

type UserCaller = Extract<Caller, { kind: "user" }>;

function callerOf(c: Context): Caller {
  return c.get("caller") as Caller;
}

/** Account routes need a signed-in user: guests and keys get 401 general_unauthorized_scope (keys never hold `account`). */
function requireAccount(c: Context): UserCaller {
  const caller = callerOf(c);
  if (caller.kind === "user") return caller;
  const who = caller.kind === "key" ? "app (role: applications)" : "User (role: guests)";
  throw new AppwriteError("general_unauthorized_scope", `${who} missing scopes (["account"])`);
}

export function registerAccountRoutes(app: AppwriteApp, deps: AppwriteDeps): void {
  const projectId = deps.config.projectId;

  /** Answers a new session the Appwrite way: cookies + X-Fallback-Cookies always, the secret only for keys. */
  const sessionResponse = (c: Context, user: UserRow, provider: string, factors: string[]) => {
    if (user.status !== 1) throw new AppwriteError("user_blocked");
    const { row, encoded } = createSessionRow(deps, user.id, provider, factors, { userAgent: c.req.header("user-agent") ?? "" });
    const isKey = callerOf(c).kind === "key";
    const model = sessionModel(row, { current: true, secret: isKey ? encoded : "" });
    setSessionCookies(c, projectId, encoded, row.expire);
    publishUserEvent(deps, user.id, { action: "create", sessionId: row.id }, sessionModel(row, { current: false }), user.id);
    return c.json(model, 201);
  };

  app.get("/v1/account", (c) => {
    const caller = requireAccount(c);
    return c.json(userModel(deps, requireUserRow(deps, caller.userId)));
  });

  app.post("/v1/account", async (c) => {
    requireScope(callerOf(c), "sessions.write");
    const p = await readParams(c);
    const row = createUser(deps, {
      id: resolveId("userId", p.userId ?? reqString(p, "userId"), deps.now()),
      email: reqString(p, "email"),
      password: validatePassword(reqString(p, "password")),
      name: optString(p, "name", 128),
    });
    return c.json(userModel(deps, row), 201);
  });

  app.post("/v1/account/sessions/email", async (c) => {
    requireScope(callerOf(c), "sessions.write");
    const p = await readParams(c);
    const user = findUserBy(deps, "email", reqString(p, "email").toLowerCase());
    if (!user || !verifyPassword(reqString(p, "password"), user.password_hash)) throw new AppwriteError("user_invalid_credentials");
    return sessionResponse(c, user, "email", ["password"]);
  });

  app.post("/v1/account/tokens/phone", async (c) => {
    const caller = callerOf(c);
    requireScope(caller, "sessions.write");
    const p = await readParams(c);
    const { token, otp } = issuePhoneToken(deps, resolveId("userId", p.userId ?? reqString(p, "userId"), deps.now()), reqString(p, "phone"));
    // Clients never see the code (it travels by SMS); keys get Appwrite's base64 store value of it.
    return c.json(tokenModel(token, caller.kind === "key" ? encodeSession(token.user_id, otp) : ""), 201);
  });

  const tokenSession = async (c: Context) => {
    requireScope(callerOf(c), "sessions.write");
    const p = await readParams(c);
    const userId = reqString(p, "userId");
    const secret = reqString(p, "secret");
    const user = getUserRow(deps, userId);
    if (!user) throw new AppwriteError("user_invalid_token");
    if (user.status !== 1) throw new AppwriteError("user_blocked");
    const token = consumeToken(deps, user.id, secret);
    const verified = token.kind === "phone" ? updateUserRow(deps, user.id, { phone_verification: 1 }) : user;
    return token.kind === "phone" ? sessionResponse(c, verified, "phone", ["phone"]) : sessionResponse(c, verified, "token", ["token"]);
  };
  app.post("/v1/account/sessions/token", tokenSession);
  app.put("/v1/account/sessions/phone", tokenSession);

  const createJwt = async (c: Context) => {
    const caller = requireAccount(c);
    const p = await readParams(c);
    // A JWT needs a real session: a JWT caller (or an unbound JWT) cannot mint another one.
    const session = caller.sessionId ? getSessionRow(deps, caller.sessionId) : undefined;
    if (!session) throw new AppwriteError("user_session_not_found");
    return c.json({ jwt: signUserJwt(deps, caller.userId, session.id, optInt(p, "duration", 0, 3600) ?? JWT_DEFAULT_SECONDS) }, 201);
  };
  app.post("/v1/account/jwts", createJwt);
  app.post("/v1/account/jwt", createJwt);

  app.get("/v1/account/sessions", (c) => {
    const caller = requireAccount(c);
    const sessions = listSessionRows(deps, caller.userId).map((s) => sessionModel(s, { current: s.id === caller.sessionId }));
    return c.json({ total: sessions.length, sessions });
  });

  const ownSession = (caller: UserCaller, id: string): SessionRow => {
    const sessionId = id === "current" ? caller.sessionId : id;
    const session = sessionId ? getSessionRow(deps, sessionId) : undefined;
    if (!session || session.user_id !== caller.userId) throw new AppwriteError("user_session_not_found");
    return session;
  };

  app.get("/v1/account/sessions/:sessionId", (c) => {
    const caller = requireAccount(c);
    const session = ownSession(caller, c.req.param("sessionId"));
    return c.json(sessionModel(session, { current: session.id === caller.sessionId }));
  });

  const removeSession = (c: Context, caller: UserCaller, session: SessionRow) => {
    // JWTs carry the session id, so deleting the session is what invalidates them (they resolve to guests).
    deleteSessionRow(deps, session.id);
    if (session.id === caller.sessionId) clearSessionCookies(c, projectId);
    publishUserEvent(deps, caller.userId, { action: "delete", sessionId: session.id }, sessionModel(session, { current: false }), caller.userId);
  };

  app.delete("/v1/account/sessions/:sessionId", (c) => {
    const caller = requireAccount(c);
    removeSession(c, caller, ownSession(caller, c.req.param("sessionId")));
    return c.body(null, 204);
  });

  app.delete("/v1/account/sessions", (c) => {
    const caller = requireAccount(c);
    for (const s of listSessionRows(deps, caller.userId)) removeSession(c, caller, s);
    return c.body(null, 204);
  });

  app.get("/v1/account/prefs", (c) => {
    const caller = requireAccount(c);
    return c.json(JSON.parse(requireUserRow(deps, caller.userId).prefs) as Record<string, unknown>);
  });

  app.patch("/v1/account/prefs", async (c) => {
    const caller = requireAccount(c);
    const p = await readParams(c);
    const prefs = optObject(p, "prefs");
    if (!prefs) throw new AppwriteError("general_argument_invalid", 'Param "prefs" is not optional.');
    const row = updateUserRow(deps, caller.userId, { prefs: JSON.stringify(prefs) });
    const model = userModel(deps, row);
    publishUserEvent(deps, row.id, { action: "update", attribute: "prefs" }, model, row.id);
    return c.json(model);
  });

  app.patch("/v1/account/name", async (c) => {
    const caller = requireAccount(c);
    const p = await readParams(c);
    const row = updateUserRow(deps, caller.userId, { name: reqString(p, "name", 128) });
    const model = userModel(deps, row);
    publishUserEvent(deps, row.id, { action: "update", attribute: "name" }, model, row.id);
    return c.json(model);
  });

  app.post("/v1/account/targets/push", async (c) => {
    const caller = requireAccount(c);
    const p = await readParams(c);
    const target = insertTarget(deps, {
      id: resolveId("targetId", p.targetId ?? reqString(p, "targetId"), deps.now()),
      userId: caller.userId,
      providerType: "push",
      identifier: reqString(p, "identifier"),
      providerId: optString(p, "providerId"),
      name: optString(p, "name", 128),
    });
    publishUserEvent(deps, caller.userId, { action: "create", targetId: target.id }, targetModel(target), caller.userId);
    return c.json(targetModel(target), 201);
  });

  const ownTarget = (caller: UserCaller, targetId: string) => {
    const target = getTargetRow(deps, targetId);
    if (!target || target.user_id !== caller.userId) throw new AppwriteError("user_target_not_found");
    return target;
  };

  app.put("/v1/account/targets/:targetId/push", async (c) => {
    const caller = requireAccount(c);
    const p = await readParams(c);
    const target = updateTargetRow(deps, ownTarget(caller, c.req.param("targetId")).id, { identifier: reqString(p, "identifier") });
    publishUserEvent(deps, caller.userId, { action: "update", targetId: target.id }, targetModel(target), caller.userId);
    return c.json(targetModel(target));
  });

  app.delete("/v1/account/targets/:targetId/push", (c) => {
    const caller = requireAccount(c);
    const target = ownTarget(caller, c.req.param("targetId"));
    deleteTargetRow(deps, target.id);
    publishUserEvent(deps, caller.userId, { action: "delete", targetId: target.id }, targetModel(target), caller.userId);
    return c.body(null, 204);
  });
}

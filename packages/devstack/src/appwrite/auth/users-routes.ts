// /v1/users: the server-side Users service (API keys with users.read / users.write only).
import type { Context } from "hono";
import type { AppwriteDeps, Caller } from "../context";
import { AppwriteError } from "../errors";
import type { AppwriteApp } from "../server";
import { createUser } from "./create-user";
import { optBool, optInt, optObject, optString, optStringArray, readParams, reqBool, reqString, reqStringArray } from "./http";
import { newId, resolveId } from "../ids";
import { listModels } from "./list-query";
import { requireScope } from "./scopes";
import { hashPassword, randomAlnum } from "./secrets";
import { createSessionRow, createTokenRow, deleteSessionRow, getSessionRow, listSessionRows, sessionModel, tokenModel } from "./sessions-store";
import { deleteTargetRow, getTargetRow, insertTarget, listTargetModels, syncPhoneTarget, targetModel, updateTargetRow } from "./targets-store";
import { publishUserEvent, type UserEventName } from "./user-events";
import { signUserJwt } from "./user-jwt";
import {
  allUserRows, deleteUserRow, findUserBy, requireUserRow, updateUserRow, userModel, validateEmail, validateLabels, validatePassword, validatePhone, type UserRow,
} from "./users-store";

const USER_QUERY_ATTRIBUTES = ["name", "email", "phone", "status", "passwordUpdate", "registration", "emailVerification", "phoneVerification", "labels", "accessedAt"];

function caller(c: Context): Caller {
  return c.get("caller") as Caller;
}

function param(c: Context, name: string): string {
  return c.req.param(name) ?? "";
}

export function registerUsersRoutes(app: AppwriteApp, deps: AppwriteDeps): void {
  const read = (c: Context) => requireScope(caller(c), "users.read");
  const write = (c: Context) => requireScope(caller(c), "users.write");
  const updated = (c: Context, row: UserRow, attribute: Extract<UserEventName, { action: "update" }>["attribute"]) => {
    const model = userModel(deps, row);
    publishUserEvent(deps, row.id, { action: "update", attribute }, model);
    return c.json(model);
  };

  app.get("/v1/users", async (c) => {
    read(c);
    const p = await readParams(c);
    const { total, items } = listModels(allUserRows(deps).map((u) => userModel(deps, u)), optStringArray(p, "queries") ?? [], {
      attributes: USER_QUERY_ATTRIBUTES,
      searchFields: ["$id", "name", "email", "phone"],
      search: optString(p, "search", 256),
      total: optBool(p, "total"),
    });
    return c.json({ total, users: items });
  });

  app.post("/v1/users", async (c) => {
    write(c);
    const p = await readParams(c);
    const password = optString(p, "password");
    const row = createUser(deps, {
      id: resolveId("userId", p.userId ?? reqString(p, "userId"), deps.now()),
      email: optString(p, "email"),
      phone: optString(p, "phone"),
      password: password === undefined ? undefined : validatePassword(password),
      name: optString(p, "name", 128),
    });
    return c.json(userModel(deps, row), 201);
  });

  app.get("/v1/users/:userId", (c) => {
    read(c);
    return c.json(userModel(deps, requireUserRow(deps, param(c, "userId"))));
  });

  app.delete("/v1/users/:userId", (c) => {
    write(c);
    const row = requireUserRow(deps, param(c, "userId"));
    const model = userModel(deps, row);
    // Sessions go with the user, so JWTs bound to them resolve to guests from now on.
    deleteUserRow(deps, row.id);
    publishUserEvent(deps, row.id, { action: "delete" }, model);
    return c.body(null, 204);
  });

  app.put("/v1/users/:userId/labels", async (c) => {
    write(c);
    const p = await readParams(c);
    const labels = validateLabels(reqStringArray(p, "labels", 1000, 36));
    const row = requireUserRow(deps, param(c, "userId"));
    return updated(c, updateUserRow(deps, row.id, { labels: JSON.stringify(labels) }), "labels");
  });

  app.get("/v1/users/:userId/prefs", (c) => {
    read(c);
    return c.json(JSON.parse(requireUserRow(deps, param(c, "userId")).prefs) as Record<string, unknown>);
  });

  app.patch("/v1/users/:userId/prefs", async (c) => {
    write(c);
    const p = await readParams(c);
    const prefs = optObject(p, "prefs");
    if (!prefs) throw new AppwriteError("general_argument_invalid", 'Param "prefs" is not optional.');
    const text = JSON.stringify(prefs);
    if (text.length > 65535) throw new AppwriteError("general_argument_invalid", "Invalid `prefs` param: Value must be a valid object of at most 65535 chars");
    const row = updateUserRow(deps, requireUserRow(deps, param(c, "userId")).id, { prefs: text });
    publishUserEvent(deps, row.id, { action: "update", attribute: "prefs" }, userModel(deps, row));
    return c.json(prefs);
  });

  app.patch("/v1/users/:userId/name", async (c) => {
    write(c);
    const p = await readParams(c);
    const name = reqString(p, "name", 128);
    return updated(c, updateUserRow(deps, requireUserRow(deps, param(c, "userId")).id, { name }), "name");
  });

  app.patch("/v1/users/:userId/email", async (c) => {
    write(c);
    const p = await readParams(c);
    const raw = reqString(p, "email");
    const email = raw === "" ? null : validateEmail(raw);
    const row = requireUserRow(deps, param(c, "userId"));
    if (email && findUserBy(deps, "email", email)?.id !== undefined && findUserBy(deps, "email", email)?.id !== row.id) {
      throw new AppwriteError("user_email_already_exists");
    }
    return updated(c, updateUserRow(deps, row.id, { email, email_verification: 0 }), "email");
  });

  app.patch("/v1/users/:userId/phone", async (c) => {
    write(c);
    const p = await readParams(c);
    const raw = reqString(p, "number");
    const phone = raw === "" ? null : validatePhone("number", raw);
    const row = requireUserRow(deps, param(c, "userId"));
    const other = phone ? findUserBy(deps, "phone", phone) : undefined;
    if (other && other.id !== row.id) throw new AppwriteError("user_phone_already_exists");
    const next = deps.db.transaction(() => {
      syncPhoneTarget(deps, row.id, phone, () => newId(deps.now()));
      return updateUserRow(deps, row.id, { phone, phone_verification: 0 });
    })();
    return updated(c, next, "phone");
  });

  app.patch("/v1/users/:userId/password", async (c) => {
    write(c);
    const p = await readParams(c);
    const password = validatePassword(reqString(p, "password"));
    return updated(c, updateUserRow(deps, requireUserRow(deps, param(c, "userId")).id, { password_hash: hashPassword(password), password_update: deps.now() }), "password");
  });

  app.patch("/v1/users/:userId/status", async (c) => {
    write(c);
    const p = await readParams(c);
    const status = reqBool(p, "status") ? 1 : 0;
    return updated(c, updateUserRow(deps, requireUserRow(deps, param(c, "userId")).id, { status }), "status");
  });

  app.patch("/v1/users/:userId/verification", async (c) => {
    write(c);
    const p = await readParams(c);
    const v = reqBool(p, "emailVerification") ? 1 : 0;
    return updated(c, updateUserRow(deps, requireUserRow(deps, param(c, "userId")).id, { email_verification: v }), "verification");
  });

  app.patch("/v1/users/:userId/verification/phone", async (c) => {
    write(c);
    const p = await readParams(c);
    const v = reqBool(p, "phoneVerification") ? 1 : 0;
    return updated(c, updateUserRow(deps, requireUserRow(deps, param(c, "userId")).id, { phone_verification: v }), "verification");
  });

  app.post("/v1/users/:userId/jwts", async (c) => {
    write(c);
    const p = await readParams(c);
    const row = requireUserRow(deps, param(c, "userId"));
    const wanted = optString(p, "sessionId") ?? "";
    let sessionId = "";
    if (wanted === "recent") {
      const sessions = listSessionRows(deps, row.id);
      const recent = sessions[sessions.length - 1];
      if (!recent) throw new AppwriteError("user_session_not_found");
      sessionId = recent.id;
    } else if (wanted !== "") {
      if (getSessionRow(deps, wanted)?.user_id !== row.id) throw new AppwriteError("user_session_not_found");
      sessionId = wanted;
    }
    return c.json({ jwt: signUserJwt(deps, row.id, sessionId, optInt(p, "duration", 0, 3600)) }, 201);
  });

  app.post("/v1/users/:userId/sessions", (c) => {
    write(c);
    const row = requireUserRow(deps, param(c, "userId"));
    const { row: session, encoded } = createSessionRow(deps, row.id, "server", ["server"]);
    const model = sessionModel(session, { current: false, secret: encoded });
    publishUserEvent(deps, row.id, { action: "create", sessionId: session.id }, model);
    return c.json(model, 201);
  });

  app.get("/v1/users/:userId/sessions", (c) => {
    read(c);
    const row = requireUserRow(deps, param(c, "userId"));
    const sessions = listSessionRows(deps, row.id).map((s) => sessionModel(s, { current: false }));
    return c.json({ total: sessions.length, sessions });
  });

  app.delete("/v1/users/:userId/sessions", (c) => {
    write(c);
    const row = requireUserRow(deps, param(c, "userId"));
    for (const s of listSessionRows(deps, row.id)) {
      deleteSessionRow(deps, s.id);
      publishUserEvent(deps, row.id, { action: "delete", sessionId: s.id }, sessionModel(s, { current: false }));
    }
    return c.body(null, 204);
  });

  app.delete("/v1/users/:userId/sessions/:sessionId", (c) => {
    write(c);
    const row = requireUserRow(deps, param(c, "userId"));
    const session = getSessionRow(deps, param(c, "sessionId"));
    if (!session || session.user_id !== row.id) throw new AppwriteError("user_session_not_found");
    deleteSessionRow(deps, session.id);
    publishUserEvent(deps, row.id, { action: "delete", sessionId: session.id }, sessionModel(session, { current: false }));
    return c.body(null, 204);
  });

  app.post("/v1/users/:userId/tokens", async (c) => {
    write(c);
    const p = await readParams(c);
    const row = requireUserRow(deps, param(c, "userId"));
    const secret = randomAlnum(optInt(p, "length", 4, 128) ?? 6);
    const token = createTokenRow(deps, row.id, "generic", secret, (optInt(p, "expire", 60, 3600) ?? 900) * 1000);
    return c.json(tokenModel(token, secret), 201);
  });

  app.get("/v1/users/:userId/targets", async (c) => {
    read(c);
    const p = await readParams(c);
    const row = requireUserRow(deps, param(c, "userId"));
    const { total, items } = listModels(listTargetModels(deps, row.id), optStringArray(p, "queries") ?? [], {
      attributes: ["name", "userId", "providerId", "providerType", "identifier", "expired"],
      total: optBool(p, "total"),
    });
    return c.json({ total, targets: items });
  });

  app.post("/v1/users/:userId/targets", async (c) => {
    write(c);
    const p = await readParams(c);
    const row = requireUserRow(deps, param(c, "userId"));
    const providerType = reqString(p, "providerType");
    if (providerType !== "push" && providerType !== "sms" && providerType !== "email") {
      throw new AppwriteError("general_argument_invalid", "Invalid `providerType` param: Value must be one of (email, sms, push)");
    }
    const identifier = reqString(p, "identifier");
    if (providerType === "sms") validatePhone("identifier", identifier);
    if (providerType === "email") validateEmail(identifier);
    const target = insertTarget(deps, {
      id: resolveId("targetId", p.targetId ?? reqString(p, "targetId"), deps.now()),
      userId: row.id,
      providerType,
      identifier,
      providerId: optString(p, "providerId"),
      name: optString(p, "name", 128),
    });
    publishUserEvent(deps, row.id, { action: "create", targetId: target.id }, targetModel(target));
    return c.json(targetModel(target), 201);
  });

  const userTarget = (c: Context) => {
    const row = requireUserRow(deps, param(c, "userId"));
    const target = getTargetRow(deps, param(c, "targetId"));
    if (!target || target.user_id !== row.id) throw new AppwriteError("user_target_not_found");
    return target;
  };

  app.get("/v1/users/:userId/targets/:targetId", (c) => {
    read(c);
    return c.json(targetModel(userTarget(c)));
  });

  app.patch("/v1/users/:userId/targets/:targetId", async (c) => {
    write(c);
    const p = await readParams(c);
    const target = updateTargetRow(deps, userTarget(c).id, { identifier: optString(p, "identifier"), providerId: optString(p, "providerId"), name: optString(p, "name", 128) });
    publishUserEvent(deps, target.user_id, { action: "update", targetId: target.id }, targetModel(target));
    return c.json(targetModel(target));
  });

  app.delete("/v1/users/:userId/targets/:targetId", (c) => {
    write(c);
    const target = userTarget(c);
    deleteTargetRow(deps, target.id);
    publishUserEvent(deps, target.user_id, { action: "delete", targetId: target.id }, targetModel(target));
    return c.body(null, 204);
  });
}

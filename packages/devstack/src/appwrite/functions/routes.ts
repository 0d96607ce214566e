// /v1/functions: the registry (what `appwrite push functions` creates and updates), variables, deployments
// (accepted and marked ready: the devstack runs the code in the function's folder), and executions.
import type { AppwriteApp } from "../server";
import type { AppwriteDeps, Caller } from "../context";
import { isoDate } from "../context";
import { AppwriteError } from "../errors";
import { requireScope } from "../auth/scopes";
import { newId, resolveId } from "../ids";
import { optBool, optInt, optObject, optString, optStringArray, readParams, reqString } from "../auth/http";
import type { FunctionRunner } from "./runner";
import type { FunctionRecord, FunctionStore } from "./store";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]);

function mayExecute(caller: Caller, fn: FunctionRecord): boolean {
  if (caller.kind === "key") return true;
  return fn.execute.some((role) => caller.roles.includes(role));
}

function functionModel(fn: FunctionRecord) {
  const { vars, path: _path, ...rest } = fn;
  return {
    ...rest,
    live: true,
    deploymentCreatedAt: fn.$updatedAt,
    latestDeploymentId: fn.deploymentId,
    latestDeploymentCreatedAt: fn.$updatedAt,
    latestDeploymentStatus: "ready",
    version: "v5",
    vars: Object.entries(vars).map(([key, value]) => ({ $id: key, key, value, secret: true, resourceType: "function", resourceId: fn.$id })),
  };
}

export function registerFunctionRoutes(app: AppwriteApp, deps: AppwriteDeps, store: FunctionStore, runner: FunctionRunner): void {
  const find = (id: string) => {
    const fn = store.getFunction(id);
    if (!fn) throw new AppwriteError("function_not_found");
    return fn;
  };

  app.get("/v1/functions", (c) => {
    requireScope(c.get("caller"), "functions.read");
    const fns = store.listFunctions();
    return c.json({ total: fns.length, functions: fns.map(functionModel) });
  });

  app.post("/v1/functions", async (c) => {
    requireScope(c.get("caller"), "functions.write");
    const p = await readParams(c);
    const id = resolveId("functionId", p.functionId, deps.now());
    if (store.getFunction(id)) throw new AppwriteError("function_already_exists");
    const now = isoDate(deps.now());
    const fn: FunctionRecord = {
      $id: id,
      $createdAt: now,
      $updatedAt: now,
      name: reqString(p, "name", 128),
      runtime: reqString(p, "runtime", 64),
      execute: optStringArray(p, "execute") ?? [],
      events: optStringArray(p, "events") ?? [],
      schedule: optString(p, "schedule", 256) ?? "",
      timeout: optInt(p, "timeout", 1, 900) ?? 15,
      enabled: optBool(p, "enabled") ?? true,
      logging: optBool(p, "logging") ?? true,
      entrypoint: optString(p, "entrypoint", 256) ?? "",
      commands: optString(p, "commands", 8192) ?? "",
      scopes: optStringArray(p, "scopes") ?? [],
      specification: optString(p, "specification", 128) ?? "s-1vcpu-512mb",
      path: `functions/${id}`,
      vars: {},
      deploymentId: "",
    };
    store.putFunction(fn);
    runner.syncSchedules();
    return c.json(functionModel(fn), 201);
  });

  app.get("/v1/functions/:id", (c) => {
    requireScope(c.get("caller"), "functions.read");
    return c.json(functionModel(find(c.req.param("id"))));
  });

  app.put("/v1/functions/:id", async (c) => {
    requireScope(c.get("caller"), "functions.write");
    const fn = find(c.req.param("id"));
    const p = await readParams(c);
    const updated: FunctionRecord = {
      ...fn,
      $updatedAt: isoDate(deps.now()),
      name: reqString(p, "name", 128),
      execute: optStringArray(p, "execute") ?? fn.execute,
      events: optStringArray(p, "events") ?? fn.events,
      schedule: optString(p, "schedule", 256) ?? fn.schedule,
      timeout: optInt(p, "timeout", 1, 900) ?? fn.timeout,
      enabled: optBool(p, "enabled") ?? fn.enabled,
      logging: optBool(p, "logging") ?? fn.logging,
      entrypoint: optString(p, "entrypoint", 256) ?? fn.entrypoint,
      commands: optString(p, "commands", 8192) ?? fn.commands,
      scopes: optStringArray(p, "scopes") ?? fn.scopes,
      specification: optString(p, "specification", 128) ?? fn.specification,
    };
    store.putFunction(updated);
    runner.syncSchedules();
    return c.json(functionModel(updated));
  });

  app.delete("/v1/functions/:id", (c) => {
    requireScope(c.get("caller"), "functions.write");
    find(c.req.param("id"));
    store.deleteFunction(c.req.param("id"));
    runner.syncSchedules();
    return c.body(null, 204);
  });

  // Deployments: the devstack runs the code from the function's folder, so an upload is accepted and is ready at once.
  app.post("/v1/functions/:id/deployments", async (c) => {
    requireScope(c.get("caller"), "functions.write");
    const fn = find(c.req.param("id"));
    await c.req.arrayBuffer();
    const deploymentId = newId(deps.now());
    store.putFunction({ ...fn, deploymentId, $updatedAt: isoDate(deps.now()) });
    const now = isoDate(deps.now());
    return c.json({ $id: deploymentId, $createdAt: now, $updatedAt: now, type: "manual", resourceId: fn.$id, resourceType: "functions", entrypoint: fn.entrypoint, status: "ready", activate: true }, 202);
  });
  app.get("/v1/functions/:id/deployments/:deploymentId", (c) => {
    requireScope(c.get("caller"), "functions.read");
    const fn = find(c.req.param("id"));
    const now = isoDate(deps.now());
    return c.json({ $id: c.req.param("deploymentId"), $createdAt: now, $updatedAt: now, type: "manual", resourceId: fn.$id, resourceType: "functions", entrypoint: fn.entrypoint, status: "ready" });
  });

  app.get("/v1/functions/:id/variables", (c) => {
    requireScope(c.get("caller"), "functions.read");
    const vars = functionModel(find(c.req.param("id"))).vars;
    return c.json({ total: vars.length, variables: vars });
  });
  app.post("/v1/functions/:id/variables", async (c) => {
    requireScope(c.get("caller"), "functions.write");
    const fn = find(c.req.param("id"));
    const p = await readParams(c);
    const key = reqString(p, "key", 255);
    store.putFunction({ ...fn, vars: { ...fn.vars, [key]: reqString(p, "value", 8192) } });
    return c.json({ $id: key, key, value: "", secret: true, resourceType: "function", resourceId: fn.$id }, 201);
  });
  app.put("/v1/functions/:id/variables/:variableId", async (c) => {
    requireScope(c.get("caller"), "functions.write");
    const fn = find(c.req.param("id"));
    const p = await readParams(c);
    const key = reqString(p, "key", 255);
    const vars = { ...fn.vars };
    delete vars[c.req.param("variableId")];
    vars[key] = optString(p, "value", 8192) ?? fn.vars[c.req.param("variableId")] ?? "";
    store.putFunction({ ...fn, vars });
    return c.json({ $id: key, key, value: "", secret: true, resourceType: "function", resourceId: fn.$id });
  });

  app.post("/v1/functions/:id/executions", async (c) => {
    const caller = c.get("caller");
    requireScope(caller, "execution.write");
    const fn = store.getFunction(c.req.param("id"));
    // A function the caller may not execute is invisible to it, as in Appwrite.
    if (!fn || !fn.enabled) throw new AppwriteError("function_not_found");
    if (!mayExecute(caller, fn)) throw new AppwriteError("user_unauthorized");
    const p = await readParams(c);
    const method = (optString(p, "method", 16) ?? "POST").toUpperCase();
    if (!METHODS.has(method)) throw new AppwriteError("general_argument_invalid", "Invalid `method` param: Value must be one of (GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD)");
    const headers = optObject(p, "headers") ?? {};
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (!/^[A-Za-z0-9-]+$/.test(k) || k.toLowerCase().startsWith("x-appwrite")) {
        throw new AppwriteError("general_argument_invalid", "Invalid `headers` param: Header keys must be alphanumeric or hyphens and must not start with x-appwrite.");
      }
      clean[k.toLowerCase()] = String(v);
    }
    const path = optString(p, "path", 2048) ?? "/";
    const asyncRun = optBool(p, "async") ?? false;
    const body = optString(p, "body", 10 * 1024 * 1024) ?? "";
    const execution = await runner.execute(fn.$id, {
      trigger: "http",
      method,
      path: path.startsWith("/") ? path : `/${path}`,
      headers: clean,
      body,
      async: asyncRun,
      ...(caller.kind === "user" ? { userId: caller.userId, permissions: [`read("user:${caller.userId}")`] } : {}),
    });
    return c.json(execution, asyncRun ? 202 : 201);
  });

  app.get("/v1/functions/:id/executions", (c) => {
    const caller = c.get("caller");
    requireScope(caller, "execution.read");
    const fn = find(c.req.param("id"));
    const limit = Number(new URL(c.req.url).searchParams.get("limit") ?? 25);
    const list = store.listExecutions(fn.$id, Number.isInteger(limit) && limit > 0 ? Math.min(limit, 5000) : 25, 0);
    const visible = caller.kind === "key" ? list.executions : list.executions.filter((e) => e.$permissions.some((p) => caller.roles.some((r) => p === `read("${r}")`)));
    return c.json({ total: caller.kind === "key" ? list.total : visible.length, executions: visible });
  });

  app.get("/v1/functions/:id/executions/:executionId", (c) => {
    const caller = c.get("caller");
    requireScope(caller, "execution.read");
    const e = store.getExecution(c.req.param("id"), c.req.param("executionId"));
    if (!e || (caller.kind !== "key" && !e.$permissions.some((p) => caller.roles.some((r) => p === `read("${r}")`)))) {
      throw new AppwriteError("execution_not_found");
    }
    return c.json(e);
  });
}

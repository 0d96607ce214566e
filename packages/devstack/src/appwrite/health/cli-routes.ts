// The console/proxy calls `appwrite push functions` makes when it creates a function: console variables (for the
// function domain) and a proxy rule. The devstack has no proxy, so rules are only remembered (in memory, per
// server) to answer the CLI's follow-up list; function executions go through /v1/functions as usual.
import type { Context } from "hono";
import type { AppwriteDeps, Caller } from "../context";
import { isoDate } from "../context";
import { AppwriteError } from "../errors";
import type { AppwriteApp } from "../server";
import { optBool, optStringArray, readParams, reqString } from "../auth/http";
import { newId } from "../ids";
import { listModels } from "../auth/list-query";
import { requireScope } from "../auth/scopes";

export const FUNCTIONS_DOMAIN = "functions.localhost";

export function registerCliRoutes(app: AppwriteApp, deps: AppwriteDeps): void {
  const caller = (c: Context) => c.get("caller") as Caller;
  const rules: Record<string, unknown>[] = [];

  app.get("/v1/console/variables", (c) => {
    // The CLI calls this with its console cookie, which the caller middleware turns into an all-scopes key.
    if (caller(c).kind !== "key") throw new AppwriteError("general_unauthorized_scope", 'User (role: guests) missing scopes (["projects.read"])');
    return c.json({
      _APP_DOMAIN_TARGET_CNAME: "localhost", _APP_DOMAIN_TARGET_A: "127.0.0.1", _APP_DOMAIN_TARGET_AAAA: "::1", _APP_DOMAIN_TARGET_CAA: "",
      _APP_STORAGE_LIMIT: 30_000_000, _APP_COMPUTE_SIZE_LIMIT: 30_000_000, _APP_USAGE_STATS: "disabled", _APP_VCS_ENABLED: false,
      _APP_DOMAIN_ENABLED: false, _APP_ASSISTANT_ENABLED: false, _APP_DOMAIN_SITES: "sites.localhost", _APP_DOMAIN_FUNCTIONS: FUNCTIONS_DOMAIN,
      _APP_OPTIONS_FORCE_HTTPS: "disabled", _APP_DOMAINS_NAMESERVERS: "",
    });
  });

  app.post("/v1/proxy/rules/function", async (c) => {
    requireScope(caller(c), "rules.write");
    const p = await readParams(c);
    const now = isoDate(deps.now());
    const rule = {
      $id: newId(deps.now()), $createdAt: now, $updatedAt: now, domain: reqString(p, "domain"), type: "deployment", trigger: "manual",
      redirectUrl: "", redirectStatusCode: 301, deploymentId: "", deploymentResourceType: "function",
      deploymentResourceId: reqString(p, "functionId"), deploymentVcsProviderBranch: "", status: "verified", logs: "", renewAt: "",
    };
    rules.push(rule);
    return c.json(rule, 201);
  });

  app.get("/v1/proxy/rules", async (c) => {
    requireScope(caller(c), "rules.read");
    const p = await readParams(c);
    const { total, items } = listModels(rules, optStringArray(p, "queries") ?? [], {
      attributes: ["domain", "type", "trigger", "deploymentResourceType", "deploymentResourceId", "deploymentId", "deploymentVcsProviderBranch"],
      total: optBool(p, "total"),
    });
    return c.json({ total, rules: items });
  });
}

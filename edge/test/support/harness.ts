// The edge in-process (`app.request`) in front of a private devstack: every route's function exists (the real
// `health`, stand-ins for the rest), users with real Appwrite JWTs per role, and the execution counts that prove
// which requests reached a function.
import { startTestStack, ROOT, type TestStack } from "../../../tests/support/stack";
import { createUserSession } from "@chizze/devstack/appwrite/auth/testing";
import { DEV_API_KEY, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { ROUTES } from "@chizze/contracts/routes";
import { createApp, type AppOptions, type EdgeApp } from "../../src/app";
import type { Bindings } from "../../src/env";

export const STAND_IN = new URL("../fixtures/stand-in.ts", import.meta.url).pathname;
export const WEB_ORIGIN = "https://app.chizze.test";

export type Persona = "customer" | "restaurant" | "partner" | "admin";

export interface Harness {
  stack: TestStack;
  bindings: Bindings;
  app: EdgeApp;
  logs: string[];
  /** Promises handed to waitUntil (awaited by `settle`). */
  pending: Promise<unknown>[];
  request(path: string, init?: RequestInit, app?: EdgeApp): Promise<Response>;
  /** Real Appwrite JWTs (900 s) for a fresh user with the persona's label. */
  tokens: Record<Persona, string>;
  users: Record<Persona, { userId: string; sessionId: string; session: string }>;
  /** Executions recorded for every function (sum over all route functions + health). */
  executionCount(): number;
  executionsOf(functionId: string): number;
  newApp(opts?: AppOptions): EdgeApp;
  settle(): Promise<void>;
  close(): Promise<void>;
}

const functionIds = [...new Set(ROUTES.map((r) => r.functionId).filter((id): id is string => id !== null))];

export async function startHarness(appOptions: AppOptions = {}): Promise<Harness> {
  const stack = await startTestStack({
    functions: {
      schedules: false,
      idleMs: 10_000,
      entryOf: (fn) => (fn.$id === "health" ? `${ROOT}/${fn.path}/${fn.entrypoint}` : STAND_IN),
    },
  });
  const call = async (path: string, body: unknown, tolerate409 = false) => {
    const res = await fetch(`${stack.appwrite.endpoint}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-appwrite-project": DEV_PROJECT_ID, "x-appwrite-key": DEV_API_KEY },
      body: JSON.stringify(body),
    });
    if (res.status === 409 && tolerate409) return;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  for (const id of functionIds) {
    // Functions already in appwrite.json exist; entryOf runs the stand-in for them too.
    await call("/functions", { functionId: id, name: id, runtime: "node-22", execute: [], entrypoint: "dist/main.js", timeout: 5 }, true);
    // Stand-ins answer echo bodies, not the contract's shapes: skip the kit's response check.
    await call(`/functions/${id}/variables`, { key: "CHIZZE_ENV", value: "production" });
  }

  const bindings: Bindings = {
    APPWRITE_ENDPOINT: stack.env.APPWRITE_ENDPOINT ?? "",
    APPWRITE_PROJECT_ID: stack.env.APPWRITE_PROJECT_ID ?? "",
    APPWRITE_API_KEY: stack.env.APPWRITE_API_KEY ?? "",
    UPSTASH_REDIS_REST_URL: stack.env.UPSTASH_REDIS_REST_URL ?? "",
    UPSTASH_REDIS_REST_TOKEN: stack.env.UPSTASH_REDIS_REST_TOKEN ?? "",
    CHIZZE_IDENTITY_SECRET: stack.env.CHIZZE_IDENTITY_SECRET ?? "",
    CORS_ORIGINS: `${WEB_ORIGIN}, https://admin.chizze.test`,
    CHIZZE_ENV: "test",
    RELEASE: "test-release",
  };
  const logs: string[] = [];
  const pending: Promise<unknown>[] = [];
  // The policy middlewares (rate limits…) are off unless a test turns them on: the matrices send hundreds of requests.
  const newApp = (opts: AppOptions = {}) => createApp({ logWriter: (line) => logs.push(line), readinessCacheMs: 0, policies: false, ...appOptions, ...opts });
  const app = newApp();
  const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException: () => {}, props: {} };

  const users = {} as Harness["users"];
  const tokens = {} as Harness["tokens"];
  const phones: Record<Persona, string> = { customer: "+919876500001", restaurant: "+919876500002", partner: "+919876500003", admin: "+919876500004" };
  for (const persona of ["customer", "restaurant", "partner", "admin"] as const) {
    const s = createUserSession(stack.appwrite.deps, { phone: phones[persona], labels: persona === "customer" ? [] : [persona] });
    users[persona] = { userId: s.userId, sessionId: s.sessionId, session: s.session };
    tokens[persona] = s.jwt(900);
  }

  const store = () => {
    if (!stack.functions) throw new Error("functions are off");
    return stack.functions.store();
  };
  const executionsOf = (id: string) => store().listExecutions(id, 1, 0).total;

  return {
    stack,
    bindings,
    app,
    logs,
    pending,
    request: (path, init, a = app) => Promise.resolve(a.request(path, init, bindings, ctx)),
    tokens,
    users,
    executionCount: () => [...functionIds, "health"].reduce((n, id) => n + executionsOf(id), 0),
    executionsOf,
    newApp,
    settle: async () => {
      while (pending.length > 0) await Promise.allSettled(pending.splice(0));
    },
    close: () => stack.close(),
  };
}

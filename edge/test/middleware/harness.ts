// Shared test harness: a private redis-server + the devstack Upstash endpoint (real @upstash/redis and
// @upstash/ratelimit over HTTP on 127.0.0.1), small Hono<EdgeEnv> apps whose first middleware sets the variables the
// real app sets (requestId, route, identity, clientIp), and an ExecutionContext whose waitUntil collects promises.
import { Hono } from "hono";
import type { Context, Handler, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AnyRoute } from "@chizze/contracts/route";
import { startRedisServer, type RunningRedisServer } from "@chizze/devstack/redis-server";
import { startUpstash, type RunningUpstash } from "@chizze/devstack/upstash";
import { createRedis, type Redis } from "@chizze/platform/redis/client";
import type { Identity } from "@chizze/platform/identity";
import type { Bindings, EdgeEnv } from "../../src/env";

export interface Stack {
  server: RunningRedisServer;
  upstash: RunningUpstash;
  redis: Redis;
  env: Bindings;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const server = await startRedisServer();
  const upstash = await startUpstash({ redisUrl: server.url });
  const redis = createRedis({ url: upstash.url, token: upstash.token, timeoutMs: 2_000 });
  const env: Bindings = {
    APPWRITE_ENDPOINT: "http://127.0.0.1:1/v1",
    APPWRITE_PROJECT_ID: "test",
    APPWRITE_API_KEY: "test",
    UPSTASH_REDIS_REST_URL: upstash.url,
    UPSTASH_REDIS_REST_TOKEN: upstash.token,
    CHIZZE_IDENTITY_SECRET: "x".repeat(32),
  };
  return {
    server,
    upstash,
    redis,
    env,
    async stop() {
      await upstash.close();
      await server.stop();
    },
  };
}

/** A stub ExecutionContext: waitUntil collects; `settle()` waits for everything collected so far (bounded rounds). */
export function executionContext() {
  const pending: Promise<unknown>[] = [];
  return {
    ctx: {
      waitUntil(p: Promise<unknown>) {
        pending.push(p);
      },
      passThroughOnException() {},
      props: {},
    },
    collected: () => pending.length,
    async settle() {
      for (let round = 0; round < 10 && pending.length > 0; round++) await Promise.allSettled(pending.splice(0));
    },
  };
}

export const TEST_USER_HEADER = "x-test-user";
export const TEST_IP_HEADER = "x-test-ip";

/** What the app's requestId → route → auth → clientIp steps set, driven by test headers. */
export function setVars(route: AnyRoute | null): MiddlewareHandler<EdgeEnv> {
  return createMiddleware<EdgeEnv>(async (c, next) => {
    c.set("requestId", c.req.header("x-request-id") ?? crypto.randomUUID());
    c.set("route", route);
    const user = c.req.header(TEST_USER_HEADER);
    const identity: Identity | null = user ? { userId: user, roles: ["customer"] } : null;
    c.set("identity", identity);
    c.set("clientIp", c.req.header(TEST_IP_HEADER) ?? "127.0.0.1");
    await next();
  });
}

export type TestHandler = Handler<EdgeEnv>;

/** One app serving `routes`, each with the same middleware chain and its own downstream handler. */
export function appFor(routes: { route: AnyRoute; handler: TestHandler }[], middlewares: MiddlewareHandler<EdgeEnv>[]): Hono<EdgeEnv> {
  const app = new Hono<EdgeEnv>();
  // Registered per route, in order, as the real app mounts its chain (so c.req.param() knows the route's params).
  for (const { route, handler } of routes) {
    app.on(route.method, route.path, setVars(route));
    for (const mw of middlewares) app.on(route.method, route.path, mw);
    app.on(route.method, route.path, handler);
  }
  return app;
}

/** A downstream handler that counts its calls. */
export function counted(respond: (n: number, c: Context<EdgeEnv>) => Response | Promise<Response>) {
  let calls = 0;
  const handler: TestHandler = async (c) => respond(++calls, c);
  return { handler, calls: () => calls };
}

/** Fills a Hono path template (`:id`) with values. */
export function pathOf(route: AnyRoute, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_, k: string) => params[k] ?? `x${k}`);
}

export function uid(prefix = "t"): string {
  return `${prefix}${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
}

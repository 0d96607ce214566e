// The whole-stack test harness: a private devstack per test file (own Redis server, own in-memory Appwrite, own
// Upstash endpoint and Razorpay double, all on free 127.0.0.1 ports), reset between tests, stopped by PID after.
import { resolve } from "node:path";
import { Client } from "node-appwrite";
import { startStack, DEV_API_KEY, DEV_PROJECT_ID, type Stack, type StackOptions } from "@chizze/devstack/stack";
import { startRedisServer, type RunningRedisServer } from "@chizze/devstack/redis-server";
import { resetAppwriteData } from "@chizze/devstack/appwrite/reset";

export const ROOT = resolve(import.meta.dirname, "../..");

export interface TestStack extends Stack {
  redis: RunningRedisServer;
  /** node-appwrite client with the dev API key (bypasses permissions, like a function's key). */
  admin(): Client;
  /** Empty every row, user, message, file, execution and Redis key; keep schema and functions. */
  reset(): Promise<void>;
}

export async function startTestStack(opts: Partial<StackOptions> = {}): Promise<TestStack> {
  const redis = await startRedisServer();
  let stack: Stack;
  try {
    stack = await startStack({ root: ROOT, dataDir: null, redisUrl: redis.url, functions: { schedules: false, idleMs: 10_000 }, ...opts });
  } catch (err) {
    await redis.stop();
    throw err;
  }
  return {
    ...stack,
    redis,
    admin: () => new Client().setEndpoint(stack.appwrite.endpoint).setProject(DEV_PROJECT_ID).setKey(DEV_API_KEY),
    reset: async () => {
      await stack.functions?.runner().idle();
      resetAppwriteData(stack.appwrite.deps);
      stack.appwrite.faults.clear();
      stack.upstash.faults.clear();
      await fetch(`${stack.upstash.url}/`, { method: "POST", headers: { authorization: `Bearer ${stack.upstash.token}`, "content-type": "application/json" }, body: JSON.stringify(["flushall"]) });
    },
    close: async () => {
      await stack.close();
      await redis.stop();
    },
  };
}

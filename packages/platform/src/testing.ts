// Test support (not exported from the package entry): the devstack on free ports with a private redis-server, and
// the clients the platform tests drive through it.
import { startRedisServer, type RunningRedisServer } from "@chizze/devstack/redis-server";
import { startStack, type Stack } from "@chizze/devstack/stack";
import { loadPlatformConfig, type PlatformConfig } from "./config";

export interface TestStack {
  stack: Stack;
  redisServer: RunningRedisServer;
  config: PlatformConfig;
  close(): Promise<void>;
}

export async function startTestStack(): Promise<TestStack> {
  const redisServer = await startRedisServer();
  let stack: Stack;
  try {
    stack = await startStack({ root: new URL("../../../", import.meta.url).pathname, dataDir: null, redisUrl: redisServer.url, functions: false });
  } catch (err) {
    await redisServer.stop();
    throw err;
  }
  const config = loadPlatformConfig({ ...stack.env, CHIZZE_ENV: "test" });
  return {
    stack,
    redisServer,
    config,
    close: async () => {
      await stack.close();
      await redisServer.stop();
    },
  };
}

import { afterAll, describe, expect, it } from "vitest";
import { Redis as IORedis } from "ioredis";
import { pingOnce, RedisServerNotInstalledError, startRedisServer, type RunningRedisServer } from "./redis-server";

const started: RunningRedisServer[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("startRedisServer", () => {
  it("starts a private server on a free loopback port that answers commands, with nothing persisted", async () => {
    const srv = await startRedisServer();
    started.push(srv);
    expect(srv.url).toBe(`redis://127.0.0.1:${srv.port}`);
    expect(isAlive(srv.pid)).toBe(true);

    const client = new IORedis(srv.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      await client.set("k", "v");
      expect(await client.get("k")).toBe("v");
      // The flags we passed are what the server runs with.
      expect(await client.config("GET", "save")).toEqual(["save", ""]);
      expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "no"]);
      expect(await client.config("GET", "bind")).toEqual(["bind", "127.0.0.1"]);
    } finally {
      client.disconnect();
    }
  });

  it("two servers are isolated from each other", async () => {
    const [a, b] = await Promise.all([startRedisServer(), startRedisServer()]);
    started.push(a, b);
    expect(a.port).not.toBe(b.port);
    const ca = new IORedis(a.url, { maxRetriesPerRequest: 0 });
    const cb = new IORedis(b.url, { maxRetriesPerRequest: 0 });
    try {
      await ca.set("only-in-a", "1");
      expect(await cb.get("only-in-a")).toBeNull();
    } finally {
      ca.disconnect();
      cb.disconnect();
    }
  });

  it("stop() ends the process by PID and waits for it; a second stop() is a no-op", async () => {
    const srv = await startRedisServer();
    expect(await pingOnce(srv.port)).toBe(true);
    await srv.stop();
    expect(isAlive(srv.pid)).toBe(false);
    expect(await pingOnce(srv.port)).toBe(false);
    await srv.stop();
  });

  it("kill() simulates a crash: the port stops answering", async () => {
    const srv = await startRedisServer();
    await srv.kill();
    expect(isAlive(srv.pid)).toBe(false);
    expect(await pingOnce(srv.port)).toBe(false);
  });

  it("gives a clear error when the binary is not installed", async () => {
    const err: unknown = await startRedisServer({ bin: "redis-server-that-does-not-exist" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisServerNotInstalledError);
    expect((err as Error).message).toMatch(/apt-get install -y redis-server/);
  });

  it("reports the server's own complaint when it cannot start", async () => {
    const err: unknown = await startRedisServer({ args: ["--no-such-option", "x"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/exited early[\s\S]*no-such-option/i);
  });
});

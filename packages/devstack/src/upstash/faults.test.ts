// Fault knobs seen through the real clients. No timed assertions: the counters say a knob fired, and the
// clients' own behaviour (timeouts, retries, errors) shows what the caller experiences.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Redis } from "@upstash/redis";
import { Ratelimit } from "@upstash/ratelimit";
import { startRedisServer, type RunningRedisServer } from "../redis-server";
import { startUpstash, type RunningUpstash } from "./index";

let redisServer: RunningRedisServer;
let upstash: RunningUpstash;
/** No retries: one request per call, so each fault is seen once. */
let redis: Redis;

beforeAll(async () => {
  redisServer = await startRedisServer();
  upstash = await startUpstash({ redisUrl: redisServer.url });
  redis = new Redis({ url: upstash.url, token: upstash.token, enableTelemetry: false, retry: false });
});
afterEach(() => upstash.faults.clear());
afterAll(async () => {
  await upstash.close();
  await redisServer.stop();
});

const key = (name: string): string => `f:${name}:${randomUUID()}`;

describe("faults", () => {
  it("latency is applied: a ratelimit with a short timeout fails open with reason 'timeout'", async () => {
    const rl = new Ratelimit({ redis, limiter: Ratelimit.fixedWindow(1, "1 d"), ephemeralCache: false, analytics: false, timeout: 50, prefix: key("rl") });
    upstash.faults.set({ latencyMs: 5_000 });
    const before = upstash.faults.counters().delayed;
    const res = await rl.limit("u");
    expect(res).toMatchObject({ success: true, reason: "timeout" });
    // The client may give up before its request even reaches the server on a busy machine: wait for the arrival.
    await vi.waitFor(() => expect(upstash.faults.counters().delayed).toBe(before + 1), { timeout: 5_000, interval: 10 });

    // A small latency still answers correctly.
    upstash.faults.set({ latencyMs: 20 });
    const k = key("slow");
    expect(await redis.set(k, "v")).toBe("OK");
    expect(upstash.faults.counters().delayed).toBe(before + 2);
  });

  it("dropRate: the command runs but the reply is lost, so the client sees a network error", async () => {
    const k = key("drop");
    upstash.faults.set({ dropRate: 1 });
    await expect(redis.set(k, "written")).rejects.toThrow();
    upstash.faults.clear();
    expect(await redis.get(k)).toBe("written");
  });

  it("dropNext + the SDK's default retry: one INCR is applied twice (edge-stack R3 trap)", async () => {
    const retrying = new Redis({ url: upstash.url, token: upstash.token, enableTelemetry: false, retry: { retries: 1, backoff: () => 0 } });
    const k = key("twice");
    upstash.faults.set({ dropNext: 1 });
    expect(await retrying.incr(k)).toBe(2);
    expect(upstash.faults.counters().dropped).toBeGreaterThanOrEqual(1);
  });

  it("failRate yields an error (500/503) and does not run the command", async () => {
    const k = key("fail");
    upstash.faults.set({ failRate: 1, failStatus: 503 });
    await expect(redis.set(k, "v")).rejects.toThrow(/Injected fault: HTTP 503/);
    upstash.faults.set({ failRate: 1, seed: 7 });
    await expect(redis.set(k, "v")).rejects.toThrow(/Injected fault: HTTP 50[03]/);
    upstash.faults.clear();
    expect(await redis.get(k)).toBeNull();
  });

  it("a ratelimit call that hits an HTTP error rejects (it does not fail open)", async () => {
    const rl = new Ratelimit({ redis, limiter: Ratelimit.fixedWindow(1, "1 d"), ephemeralCache: false, analytics: false, prefix: key("rl") });
    upstash.faults.set({ failNext: 2 });
    await expect(rl.limit("u")).rejects.toThrow(/Injected fault/);
  });

  it("down refuses connections until cleared", async () => {
    upstash.faults.set({ down: true });
    await expect(redis.ping()).rejects.toThrow();
    expect(upstash.faults.counters().refused).toBeGreaterThan(0);
    upstash.faults.clear();
    expect(await redis.ping()).toBe("PONG");
  });

  it("rejects nonsense rates", () => {
    expect(() => upstash.faults.set({ failRate: 2 })).toThrow(RangeError);
  });
});

describe("Redis itself down", () => {
  it("startUpstash fails clearly when Redis is not reachable", async () => {
    const srv = await startRedisServer();
    await srv.stop();
    await expect(startUpstash({ redisUrl: srv.url })).rejects.toThrow(/cannot reach Redis/);
  });

  it("answers 500 while redis-server is gone; the client sees an error, not a hang", async () => {
    const srv = await startRedisServer();
    const up = await startUpstash({ redisUrl: srv.url });
    try {
      const client = new Redis({ url: up.url, token: up.token, enableTelemetry: false, retry: false });
      expect(await client.set("k", "v")).toBe("OK");
      await srv.kill();
      await expect(client.get("k")).rejects.toThrow(/Redis is unavailable/);
    } finally {
      await up.close();
      await srv.stop();
    }
  });
});

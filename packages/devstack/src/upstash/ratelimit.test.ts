// @upstash/ratelimit 2.2.0 unchanged against the endpoint + OSS Redis: its scripts start with the Upstash-only
// `#!lua flags=allow-key-locking` shebang and are called by hard-coded SHA (edge-stack.md B1, §1.6).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { Ratelimit } from "@upstash/ratelimit";
import { startRedisServer, type RunningRedisServer } from "../redis-server";
import { startUpstash, type RunningUpstash } from "./index";

let redisServer: RunningRedisServer;
let upstash: RunningUpstash;
let redis: Redis;

beforeAll(async () => {
  redisServer = await startRedisServer();
  upstash = await startUpstash({ redisUrl: redisServer.url });
  redis = new Redis({ url: upstash.url, token: upstash.token, enableTelemetry: false });
});

afterAll(async () => {
  await upstash.close();
  await redisServer.stop();
});

// A one-day window: a test never straddles a window boundary, so counts are exact.
const LIMITERS = {
  fixedWindow: () => Ratelimit.fixedWindow(3, "1 d"),
  slidingWindow: () => Ratelimit.slidingWindow(3, "1 d"),
  tokenBucket: () => Ratelimit.tokenBucket(1, "1 d", 3),
} as const;

function limiter(kind: keyof typeof LIMITERS, ephemeralCache: boolean): Ratelimit {
  return new Ratelimit({
    redis,
    limiter: LIMITERS[kind](),
    prefix: `rl:${randomUUID()}`,
    analytics: false,
    ...(ephemeralCache ? {} : { ephemeralCache: false as const }),
  });
}

async function successes(rl: Ratelimit, id: string, n: number): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push((await rl.limit(id)).success);
  return out;
}

describe.each(Object.keys(LIMITERS) as (keyof typeof LIMITERS)[])("%s", (kind) => {
  it("allows exactly N, then denies (ephemeralCache: false: every call reaches Redis)", async () => {
    const rl = limiter(kind, false);
    expect(await successes(rl, "user-1", 5)).toEqual([true, true, true, false, false]);
    // Another identifier has its own budget.
    expect(await successes(rl, "user-2", 1)).toEqual([true]);
  });

  it("allows exactly N, then denies (default ephemeral cache: the repeat deny is served from memory)", async () => {
    const rl = limiter(kind, true);
    expect(await successes(rl, "u", 4)).toEqual([true, true, true, false]);
    const sent = upstash.stats().commands;
    const again = await rl.limit("u");
    expect(again).toMatchObject({ success: false, reason: "cacheBlock" });
    expect(upstash.stats().commands).toEqual(sent);
  });

  it("getRemaining reports the budget and resetUsedTokens restores it", async () => {
    const rl = limiter(kind, false);
    expect((await rl.getRemaining("r")).remaining).toBe(3);
    await rl.limit("r");
    await rl.limit("r");
    const left = await rl.getRemaining("r");
    expect(left.remaining).toBe(1);
    expect(left.limit).toBe(3);
    await rl.limit("r");
    expect((await rl.limit("r")).success).toBe(false);
    await rl.resetUsedTokens("r");
    expect((await rl.getRemaining("r")).remaining).toBe(3);
    expect((await rl.limit("r")).success).toBe(true);
  });
});

describe("script SHAs", () => {
  it("the first EVALSHA gets NOSCRIPT and falls back to EVAL; later EVALSHAs are served from the map", async () => {
    // A new endpoint over a new Redis: no script has been seen yet.
    const srv = await startRedisServer();
    const up = await startUpstash({ redisUrl: srv.url });
    try {
      const client = new Redis({ url: up.url, token: up.token, enableTelemetry: false });
      const rl = new Ratelimit({ redis: client, limiter: Ratelimit.fixedWindow(10, "1 d"), ephemeralCache: false, analytics: false });
      await rl.limit("x");
      expect(up.stats().commands).toMatchObject({ EVALSHA: 1, EVAL: 1 });
      await rl.limit("x");
      await rl.limit("x");
      expect(up.stats().commands).toMatchObject({ EVALSHA: 3, EVAL: 1 });
      expect((await rl.getRemaining("x")).remaining).toBe(7);
    } finally {
      await up.close();
      await srv.stop();
    }
  });
});

// The endpoint driven by the real @upstash/redis client against a private redis-server.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { Redis as IORedis } from "ioredis";
import { startRedisServer, type RunningRedisServer } from "../redis-server";
import { startUpstash, type RunningUpstash } from "./index";
import { sha1Hex } from "./protocol";

let redisServer: RunningRedisServer;
let upstash: RunningUpstash;
let redis: Redis;
let direct: IORedis;

beforeAll(async () => {
  redisServer = await startRedisServer();
  upstash = await startUpstash({ redisUrl: redisServer.url, token: "t0k3n" });
  redis = new Redis({ url: upstash.url, token: upstash.token, enableTelemetry: false });
  direct = new IORedis(redisServer.url, { maxRetriesPerRequest: 0 });
});

afterAll(async () => {
  direct.disconnect();
  await upstash.close();
  await redisServer.stop();
});

/** A fresh key per test so tests never see each other's data. */
const key = (name: string): string => `t:${name}:${randomUUID()}`;

async function rest(path: string, body: unknown, init: { token?: string; base64?: boolean; method?: string } = {}): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? upstash.token}`, "content-type": "application/json" };
  if (init.base64) headers["upstash-encoding"] = "base64";
  const res = await fetch(upstash.url + path, {
    method: init.method ?? "POST",
    headers,
    body: init.method === "GET" ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe("@upstash/redis against the local endpoint", () => {
  it("set/get a string, a UTF-8 string and an object (auto-JSON); a missing key is null", async () => {
    const [a, b, c] = [key("a"), key("b"), key("c")];
    expect(await redis.set(a, "hello")).toBe("OK");
    expect(await redis.get(a)).toBe("hello");
    const utf8 = "नमस्ते 🍛 ₹499 — ça va";
    await redis.set(b, utf8);
    expect(await redis.get(b)).toBe(utf8);
    // Stored as UTF-8 bytes in Redis, not as base64 or escapes.
    expect(await direct.get(b)).toBe(utf8);
    await redis.set(c, { orderId: "ord_1", amountPaise: 49_900, items: ["dosa"] });
    expect(await redis.get(c)).toEqual({ orderId: "ord_1", amountPaise: 49_900, items: ["dosa"] });
    expect(await redis.get(key("missing"))).toBeNull();
  });

  it("incr, expire, ttl; set nx ex", async () => {
    const k = key("n");
    expect(await redis.incr(k)).toBe(1);
    expect(await redis.incr(k)).toBe(2);
    expect(await redis.expire(k, 100)).toBe(1);
    const ttl = await redis.ttl(k);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(100);
    const claim = key("claim");
    expect(await redis.set(claim, "owner-1", { nx: true, ex: 30 })).toBe("OK");
    expect(await redis.set(claim, "owner-2", { nx: true, ex: 30 })).toBeNull();
    expect(await redis.get(claim)).toBe("owner-1");
  });

  it("hset/hgetall", async () => {
    const k = key("h");
    expect(await redis.hset(k, { name: "Idli", pricePaise: 6000 })).toBe(2);
    expect(await redis.hgetall(k)).toEqual({ name: "Idli", pricePaise: 6000 });
  });

  it("explicit pipeline", async () => {
    const k = key("p");
    const p = redis.pipeline();
    p.set(k, "x");
    p.get(k);
    p.incr(key("p2"));
    expect(await p.exec()).toEqual(["OK", "x", 1]);
  });

  it("multi-exec runs as one transaction: a concurrent reader never sees half of it", async () => {
    const k = key("atomic");
    const STEPS = 50;
    const reads: Promise<number | null>[] = [];
    const txs: Promise<unknown>[] = [];
    for (let round = 0; round < 5; round++) {
      const tx = redis.multi();
      for (let i = 0; i < STEPS; i++) tx.incr(k);
      txs.push(tx.exec());
      for (let i = 0; i < 10; i++) reads.push(redis.get<number>(k));
    }
    await Promise.all(txs);
    const seen = await Promise.all(reads);
    for (const v of seen) expect((v ?? 0) % STEPS).toBe(0);
    expect(await redis.get(k)).toBe(5 * STEPS);
  });

  it("multi-exec: a queue-time error (EXECABORT) discards the whole transaction with a 400", async () => {
    const k = key("abort");
    const tx = redis.multi();
    tx.set(k, "must-not-be-written");
    tx.hset(key("h"), {}); // `HSET key` without fields: wrong arity, rejected when queued
    await expect(tx.exec()).rejects.toThrow(/EXECABORT/);
    expect(await direct.exists(k)).toBe(0);

    const raw = await rest("/multi-exec", [["set", k, "v"], ["hset", "h"]]);
    expect(raw.status).toBe(400);
    expect(raw.json).toEqual({ error: expect.stringMatching(/EXECABORT[\s\S]*wrong number of arguments/) as unknown });
  });

  it("multi-exec: a run-time error fails only its own command (Redis semantics), with a 200", async () => {
    const k = key("rt");
    await redis.set(k, "abc");
    const tx = redis.multi();
    tx.incr(k);
    tx.set(key("after"), "ok");
    const res = await tx.exec({ keepErrors: true });
    expect(res[0]?.error).toMatch(/not an integer/);
    expect(res[1]?.result).toBe("OK");
  });

  it("eval, including a script with the Upstash-only shebang flag; evalsha and script load use the original SHA", async () => {
    expect(await redis.eval("return ARGV[1]", [], ["hi"])).toBe("hi");
    const script = "#!lua flags=allow-key-locking\nreturn redis.call('incrby', KEYS[1], ARGV[1])";
    const k = key("lua");
    expect(await redis.eval(script, [k], [5])).toBe(5);
    expect(await redis.evalsha(sha1Hex(script), [k], [2])).toBe(7);
    const other = "#!lua flags=allow-key-locking\nreturn 42";
    expect(await redis.scriptLoad(other)).toBe(sha1Hex(other));
    expect(await redis.scriptExists(sha1Hex(other), "0".repeat(40))).toEqual([1, 0]);
    expect(await redis.evalsha(sha1Hex(other), [], [])).toBe(42);
    await expect(redis.evalsha("f".repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
  });

  it("Redis errors surface as rejections (auto-pipelined: 200 with per-item error; single: HTTP 400)", async () => {
    const k = key("abc");
    await redis.set(k, "abc");
    await expect(redis.incr(k)).rejects.toThrow(/not an integer/);
    const single = new Redis({ url: upstash.url, token: upstash.token, enableTelemetry: false, enableAutoPipelining: false });
    await expect(single.incr(k)).rejects.toThrow(/not an integer/);
    const raw = await rest("/", ["incr", k]);
    expect(raw).toEqual({ status: 400, json: { error: expect.stringMatching(/not an integer/) as unknown } });
  });

  it("concurrent commands in one tick are auto-pipelined into one request", async () => {
    const ks = [1, 2, 3, 4, 5].map((i) => key(`auto${i}`));
    const before = upstash.stats().requests["/pipeline"] ?? 0;
    const results = await Promise.all(ks.map((k, i) => redis.set(k, i)));
    expect(results).toEqual(["OK", "OK", "OK", "OK", "OK"]);
    expect((upstash.stats().requests["/pipeline"] ?? 0) - before).toBe(1);
    expect(await Promise.all(ks.map((k) => redis.get(k)))).toEqual([0, 1, 2, 3, 4]);
  });

  it("a wrong token is refused with 401", async () => {
    const wrong = new Redis({ url: upstash.url, token: "nope", enableTelemetry: false });
    await expect(wrong.get("x")).rejects.toThrow(/Unauthorized/);
    expect(await rest("/", ["ping"], { token: "nope" })).toEqual({ status: 401, json: { error: "Unauthorized" } });
  });
});

describe("wire format", () => {
  it("GET / welcomes; other methods 405; unknown paths 404; bad JSON 400", async () => {
    expect((await rest("/", undefined, { method: "GET" })).status).toBe(200);
    expect((await rest("/pipeline", undefined, { method: "GET" })).status).toBe(405);
    expect((await rest("/", ["ping"], { method: "PUT" })).status).toBe(405);
    expect((await rest("/set/a/b", ["ping"])).status).toBe(404);
    expect((await rest("/", "{not json")).status).toBe(400);
    expect((await rest("/pipeline", ["get", "k"])).status).toBe(400);
  });

  it("Upstash-Encoding: base64 encodes every string except OK, recursing into arrays; numbers and null pass through", async () => {
    const k = key("enc");
    expect(await rest("/", ["set", k, "OK!"], { base64: true })).toEqual({ status: 200, json: { result: "OK" } });
    expect((await rest("/", ["get", k], { base64: true })).json).toEqual({ result: Buffer.from("OK!").toString("base64") });
    const l = key("list");
    await rest("/", ["rpush", l, "a", "b"]);
    const p = await rest("/pipeline", [["lrange", l, 0, -1], ["llen", l], ["get", key("none")], ["ping"]], { base64: true });
    expect(p).toEqual({ status: 200, json: [{ result: ["YQ==", "Yg=="] }, { result: 2 }, { result: null }, { result: Buffer.from("PONG").toString("base64") }] });
    // Without the header, plain strings.
    expect((await rest("/", ["get", k])).json).toEqual({ result: "OK!" });
  });

  it("pipeline answers 200 with per-item errors", async () => {
    const k = key("pe");
    await direct.set(k, "abc");
    const p = await rest("/pipeline", [["incr", k], ["get", k]]);
    expect(p.status).toBe(200);
    expect(p.json).toEqual([{ error: expect.stringMatching(/not an integer/) as unknown }, { result: "abc" }]);
  });

  it("values are binary-safe: bytes written by another client come back exactly (base64)", async () => {
    const k = key("bin");
    const bytes = Buffer.from([0, 255, 128, 10, 13, 0xc3]);
    await direct.set(k, bytes);
    const res = await rest("/", ["get", k], { base64: true });
    expect(Buffer.from((res.json as { result: string }).result, "base64").equals(bytes)).toBe(true);
  });
});

// Config parsing, key builders and the metrics sink: pure, no stack.
import { describe, expect, it } from "vitest";
import { DEV_CODES_SECRET, loadPlatformConfig } from "./config";
import { citySlug, keys, rateLimitPrefix, TTL } from "./redis/keys";
import { bucketOf, jsonLogMetrics, METRICS, type MetricLine } from "./observability/metrics";

const env = {
  APPWRITE_ENDPOINT: "http://127.0.0.1:8090/v1",
  APPWRITE_PROJECT_ID: "chizze",
  UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
  UPSTASH_REDIS_REST_TOKEN: "tok",
  RAZORPAY_KEY_ID: "rzp_test_1",
  RAZORPAY_KEY_SECRET: "secret",
  RAZORPAY_WEBHOOK_SECRET: "whsec",
};

describe("loadPlatformConfig", () => {
  it("parses with defaults", () => {
    const c = loadPlatformConfig(env);
    expect(c.razorpay).toMatchObject({ apiUrl: "https://api.razorpay.com", webhookSecrets: ["whsec"] });
    expect(c.redis.timeoutMs).toBe(500);
    expect(c.strictRows).toBe(true);
    expect(loadPlatformConfig({ ...env, CHIZZE_ENV: "production", CHIZZE_CODES_SECRET: "p".repeat(32) }).strictRows).toBe(false);
  });

  it("needs its own codes secret in production, a development one elsewhere", () => {
    expect(loadPlatformConfig(env).codesSecret).toBe(DEV_CODES_SECRET);
    expect(() => loadPlatformConfig({ ...env, CHIZZE_ENV: "production" })).toThrow(/CHIZZE_CODES_SECRET/);
    expect(loadPlatformConfig({ ...env, CHIZZE_CODES_SECRET: "s".repeat(32) }).codesSecret).toBe("s".repeat(32));
    expect(() => loadPlatformConfig({ ...env, CHIZZE_CODES_SECRET: "short" })).toThrow(/CHIZZE_CODES_SECRET/);
  });

  it("accepts several webhook secrets for a rotation", () => {
    expect(loadPlatformConfig({ ...env, RAZORPAY_WEBHOOK_SECRETS: "new, old" }).razorpay.webhookSecrets).toEqual(["new", "old"]);
    expect(loadPlatformConfig({ ...env, RAZORPAY_WEBHOOK_SECRET: "a,b" }).razorpay.webhookSecrets).toEqual(["a", "b"]);
  });

  it("names every bad variable and never echoes a value", () => {
    const bad = { ...env, UPSTASH_REDIS_REST_URL: "not a url", RAZORPAY_KEY_SECRET: "" };
    expect(() => loadPlatformConfig(bad)).toThrow(/UPSTASH_REDIS_REST_URL, RAZORPAY_KEY_SECRET/);
    expect(() => loadPlatformConfig(bad)).not.toThrow(/not a url/);
    expect(() => loadPlatformConfig({ ...env, RAZORPAY_WEBHOOK_SECRET: undefined })).toThrow(/RAZORPAY_WEBHOOK_SECRET/);
  });
});

describe("redis keys", () => {
  it("builds §3.1 keys with their TTLs", () => {
    expect(keys.restaurant("rst_1")).toBe("rest:rst_1");
    expect(keys.menu("rst_1")).toBe("menu:rst_1");
    expect(keys.orderState("ord_1")).toBe("order:ord_1:state");
    expect(keys.analytics("rst_1", "2026-11-26")).toBe("analytics:rst_1:2026-11-26");
    expect(keys.geoPartners("Navi Mumbai")).toBe("geo:partners:navi-mumbai");
    expect(rateLimitPrefix("orders.place")).toBe("rl:orders.place");
    expect([TTL.restaurant, TTL.menu, TTL.search, TTL.session, TTL.orderState, TTL.coupon, TTL.analytics, TTL.idempotency]).toEqual([
      300, 300, 120, 900, 7200, 600, 3600, 86400,
    ]);
  });

  it("refuses parts that could escape their namespace", () => {
    expect(() => keys.restaurant("rst_1:menu")).toThrow();
    expect(() => keys.coupon("")).toThrow();
    expect(() => keys.analytics("rst_1", "26/11/2026")).toThrow();
    expect(() => citySlug("  ")).toThrow();
  });
});

describe("jsonLogMetrics", () => {
  it("writes one parseable line per observation", () => {
    const lines: string[] = [];
    const m = jsonLogMetrics((l) => lines.push(l), { now: () => 0, base: { service: "edge" } });
    m.counter(METRICS.httpRequestsTotal.name, { method: "GET", endpoint: "/menu", status_code: "200" });
    m.histogram(METRICS.httpRequestDuration.name, 0.042, { method: "GET", endpoint: "/menu" });
    const parsed = lines.map((l) => JSON.parse(l) as MetricLine);
    expect(parsed[0]).toEqual({ metric: "chizze_http_requests_total", type: "counter", value: 1, labels: { service: "edge", method: "GET", endpoint: "/menu", status_code: "200" }, ts: "1970-01-01T00:00:00.000Z" });
    expect(parsed[1]?.value).toBe(0.042);
    expect(bucketOf(METRICS.httpRequestDuration.buckets, 0.042)).toBe(0.05);
    expect(bucketOf(METRICS.httpRequestDuration.buckets, 9)).toBe(Number.POSITIVE_INFINITY);
  });
});

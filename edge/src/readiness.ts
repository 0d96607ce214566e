// /health/ready: Redis PING, Appwrite `/v1/health/version` and one execution of the `health` function, each with a
// short timeout, each reported. The result is cached per isolate for a few seconds and concurrent probes share one
// check, so a load balancer probing every second costs Appwrite one call per isolate per window (reliability
// note §1.7: readiness must not hammer the dependency it reports on).
import type { z } from "zod";
import type { DependencyCheck, ReadinessResponse } from "@chizze/contracts/api/health";

export type Check = z.output<typeof DependencyCheck>;
export type Readiness = z.output<typeof ReadinessResponse>;

export const READINESS_CACHE_MS = 5_000;
export const PROBE_TIMEOUT_MS = 1_500;
/** A dependency that answers but slower than this is reported `degraded` (still ready). */
export const DEGRADED_AFTER_MS = 1_000;

export interface Probes {
  redis: () => Promise<void>;
  appwrite: () => Promise<void>;
  functions: () => Promise<void>;
}

/** Messages that are safe to show: our own probe messages, never a dependency's text (could carry a secret). */
export class ProbeFailure extends Error {}

async function run(probe: () => Promise<void>, now: () => number): Promise<Check> {
  const started = now();
  try {
    await probe();
    const latencyMs = Math.max(0, Math.round(now() - started));
    return { status: latencyMs > DEGRADED_AFTER_MS ? "degraded" : "ok", latencyMs, detail: latencyMs > DEGRADED_AFTER_MS ? "slow" : null };
  } catch (err) {
    const detail = err instanceof ProbeFailure ? err.message : err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError") ? "timed out" : "unreachable";
    return { status: "down", latencyMs: null, detail: detail.slice(0, 200) };
  }
}

export class ReadinessCache {
  private cached: { at: number; result: Promise<Readiness> } | undefined;

  constructor(
    private readonly cacheMs = READINESS_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  check(probes: Probes): Promise<Readiness> {
    const t = this.now();
    if (this.cached && t - this.cached.at < this.cacheMs) return this.cached.result;
    const result = this.evaluate(probes);
    this.cached = { at: t, result };
    return result;
  }

  private async evaluate(probes: Probes): Promise<Readiness> {
    const clock = () => performance.now();
    const [redis, appwrite, functions] = await Promise.all([run(probes.redis, clock), run(probes.appwrite, clock), run(probes.functions, clock)]);
    const all = [redis, appwrite, functions];
    const status = all.some((c) => c.status === "down") ? "down" : all.some((c) => c.status === "degraded") ? "degraded" : "ok";
    return { status, checks: { redis, appwrite, functions }, time: new Date(this.now()).toISOString() };
  }
}

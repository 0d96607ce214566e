// Fault knobs for reliability tests (R3 lost reply, R10 Redis down, R11 Appwrite 5xx, R15 timeouts): each devstack
// server (Upstash endpoint, local Appwrite) decides per
// request, before and after running it, what to break. Randomness is seedable so a failing run can be replayed.

export interface FaultConfig {
  /** Delay every request by this many milliseconds before it runs. */
  latencyMs?: number;
  /** Probability (0..1) of answering 500/503 without running the request. */
  failRate?: number;
  /** Status for failRate; default: 500 and 503 alternate at random. */
  failStatus?: 500 | 503;
  /** Probability (0..1) of running the request and then destroying the socket: the "lost reply" case. */
  dropRate?: number;
  /** Fail exactly the next n requests (deterministic; counted down before failRate is rolled). */
  failNext?: number;
  /** Drop the reply of exactly the next n requests after running them (deterministic R3 "lost reply"). */
  dropNext?: number;
  /** Refuse: close every connection as soon as it opens (and the open ones now). */
  down?: boolean;
  /** Seed for the fault dice; same seed, same sequence of decisions. */
  seed?: number;
}

/** How many requests each fault touched, so tests can assert a knob took effect without timing anything. */
export interface FaultCounters {
  delayed: number;
  failed: number;
  dropped: number;
  refused: number;
}

export type FaultDecision =
  | { kind: "pass" }
  | { kind: "fail"; status: 500 | 503 }
  | { kind: "drop" };

export interface Faults {
  set(config: FaultConfig): void;
  clear(): void;
  current(): Readonly<FaultConfig>;
  counters(): Readonly<FaultCounters>;
}

/** The controller the server consults; tests only see the `Faults` face. */
export class FaultController implements Faults {
  private config: FaultConfig = {};
  private random: () => number = Math.random;
  private readonly count: FaultCounters = { delayed: 0, failed: 0, dropped: 0, refused: 0 };
  /** Called when `down` is switched on, to cut the connections that are already open. */
  onDown: () => void = () => {};

  set(config: FaultConfig): void {
    for (const key of ["failRate", "dropRate"] as const) {
      const v = config[key];
      if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`faults.${key} must be within 0..1, got ${v}`);
    }
    if (config.latencyMs !== undefined && !(config.latencyMs >= 0)) throw new RangeError(`faults.latencyMs must be ≥ 0`);
    this.config = { ...config };
    this.random = config.seed === undefined ? Math.random : mulberry32(config.seed);
    if (config.down) this.onDown();
  }

  clear(): void {
    this.config = {};
    this.random = Math.random;
  }

  current(): Readonly<FaultConfig> {
    return { ...this.config };
  }

  counters(): Readonly<FaultCounters> {
    return { ...this.count };
  }

  /** Connection-level: should this new socket be closed at once? */
  refuse(): boolean {
    if (!this.config.down) return false;
    this.count.refused++;
    return true;
  }

  /** Milliseconds to wait before running the request (0 = none). */
  latency(): number {
    const ms = this.config.latencyMs ?? 0;
    if (ms > 0) this.count.delayed++;
    return ms;
  }

  /** Decided once per request, before it runs. */
  decide(): FaultDecision {
    const { failRate = 0, dropRate = 0, failStatus } = this.config;
    if ((this.config.failNext ?? 0) > 0) {
      this.config.failNext = (this.config.failNext ?? 0) - 1;
      this.count.failed++;
      return { kind: "fail", status: failStatus ?? 503 };
    }
    if ((this.config.dropNext ?? 0) > 0) {
      this.config.dropNext = (this.config.dropNext ?? 0) - 1;
      this.count.dropped++;
      return { kind: "drop" };
    }
    if (failRate > 0 && this.random() < failRate) {
      this.count.failed++;
      return { kind: "fail", status: failStatus ?? (this.random() < 0.5 ? 500 : 503) };
    }
    if (dropRate > 0 && this.random() < dropRate) {
      this.count.dropped++;
      return { kind: "drop" };
    }
    return { kind: "pass" };
  }
}

/** Small, well-known seedable PRNG; good enough for fault dice. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One circuit breaker per dependency and isolate (style rule 7: module-scope state survives warm invocations),
// built on cockatiel 3's CircuitBreakerPolicy with a breaker rule of our own that implements
// production-architecture §5.1 as written:
// - closed: counts requests in a fixed 30 s interval (gobreaker `Interval`); opens once ≥ 10 requests were seen
//   and ≥ 50 % of them failed (cockatiel's SamplingBreaker opens only above the ratio and counts by rate);
// - open for 10 s, answering `Unavailable(circuit_open)` without calling the dependency;
// - half-open: cockatiel lets one probe through; when it succeeds the next 4 calls are still on probation, and any
//   failure among those 5 re-opens at once (gobreaker `MaxRequests: 5`). Unlike gobreaker, calls arriving while the
//   probe runs wait for it instead of being refused.
// Only infrastructure failures count (timeouts, network, 5xx, circuit open downstream); a 4xx is a healthy
// dependency saying no and counts as a success (reliability note §1.7). Workers-safe.
import type * as Cockatiel from "cockatiel";
import type { IBreaker, CircuitBreakerPolicy, CircuitState } from "cockatiel";
import { Unavailable, isInfraFailure, type Dependency } from "../errors";

export type BreakerState = "closed" | "open" | "half_open" | "isolated";

export interface BreakerOptions {
  /** Requests needed in the interval before the ratio is considered. §5.1: 10. */
  minimumRequests?: number;
  /** Failure ratio (0..1] that opens the circuit. §5.1: 0.5. */
  failureRatio?: number;
  /** Counting interval in ms. §5.1: 30 000. */
  intervalMs?: number;
  /** How long the circuit stays open before a probe. §5.1: 10 000. */
  openMs?: number;
  /** Calls on probation after the circuit half-opens (the probe included). §5.1: 5. */
  halfOpenRequests?: number;
  /** What counts as a failure. Default: PlatformError with `infra` (Unavailable, GatewayError timeout/unavailable). */
  isFailure?: (err: unknown) => boolean;
  /** Clock for the counting interval. The open timer is cockatiel's and reads Date.now(). */
  now?: () => number;
  onStateChange?: (state: BreakerState, dependency: Dependency) => void;
}

export const BREAKER_DEFAULTS = {
  minimumRequests: 10,
  failureRatio: 0.5,
  intervalMs: 30_000,
  openMs: 10_000,
  halfOpenRequests: 5,
} as const;

// cockatiel's CircuitState values (Closed 0, Open 1, HalfOpen 2, Isolated 3), as numbers so nothing of cockatiel
// is evaluated before first use (see below).
const CLOSED = 0 as CircuitState;
const HALF_OPEN = 2 as CircuitState;

/** §5.1's trip rule as a cockatiel IBreaker. */
class IntervalBreaker implements IBreaker {
  private windowStart = 0;
  private requests = 0;
  private failures = 0;
  /** Calls left on probation after a successful half-open probe. */
  private probation = 0;

  constructor(
    private readonly o: { minimumRequests: number; failureRatio: number; intervalMs: number; halfOpenRequests: number; now: () => number },
  ) {}

  get state(): unknown {
    return { windowStart: this.windowStart, requests: this.requests, failures: this.failures, probation: this.probation };
  }
  set state(value: unknown) {
    Object.assign(this, value);
  }

  counts(): { requests: number; failures: number; probation: number } {
    this.roll();
    return { requests: this.requests, failures: this.failures, probation: this.probation };
  }

  private roll(): void {
    const now = this.o.now();
    if (now - this.windowStart >= this.o.intervalMs) {
      this.windowStart = now;
      this.requests = 0;
      this.failures = 0;
    }
  }

  private reset(): void {
    this.windowStart = this.o.now();
    this.requests = 0;
    this.failures = 0;
  }

  success(state: CircuitState): void {
    if (state === HALF_OPEN) {
      // The probe passed; cockatiel closes now. Keep the remaining probation calls under watch.
      this.reset();
      this.probation = this.o.halfOpenRequests - 1;
      return;
    }
    if (this.probation > 0) this.probation--;
    this.roll();
    this.requests++;
  }

  failure(state: CircuitState): boolean {
    if (state !== CLOSED || this.probation > 0) {
      this.probation = 0;
      this.reset();
      return true;
    }
    this.roll();
    this.requests++;
    this.failures++;
    if (this.requests >= this.o.minimumRequests && this.failures / this.requests >= this.o.failureRatio) {
      this.reset();
      return true;
    }
    return false;
  }
}

/** Carries a non-failure error through cockatiel as a value so it counts as a success and is rethrown unchanged. */
class PassThrough {
  constructor(readonly error: unknown) {}
}

const STATE_NAMES: Record<CircuitState, BreakerState> = { 0: "closed", 1: "open", 2: "half_open", 3: "isolated" };

// cockatiel creates AbortControllers at module scope, which workerd forbids outside a request ("Disallowed operation
// called within global scope"), and Cloudflare refuses such a Worker at upload. So it is loaded on first use — always
// inside a request — and a breaker builds its policy then.
let cockatiel: Promise<typeof Cockatiel> | undefined;
const loadCockatiel = () => (cockatiel ??= import("cockatiel"));

export class Breaker {
  private policy: CircuitBreakerPolicy | undefined;
  private lib: typeof Cockatiel | undefined;
  private readonly rule: IntervalBreaker;
  private readonly isFailure: (err: unknown) => boolean;
  private readonly openMs: number;
  private readonly onChange: BreakerOptions["onStateChange"];

  constructor(
    readonly dependency: Dependency,
    opts: BreakerOptions = {},
  ) {
    this.isFailure = opts.isFailure ?? isInfraFailure;
    this.rule = new IntervalBreaker({
      minimumRequests: opts.minimumRequests ?? BREAKER_DEFAULTS.minimumRequests,
      failureRatio: opts.failureRatio ?? BREAKER_DEFAULTS.failureRatio,
      intervalMs: opts.intervalMs ?? BREAKER_DEFAULTS.intervalMs,
      halfOpenRequests: opts.halfOpenRequests ?? BREAKER_DEFAULTS.halfOpenRequests,
      now: opts.now ?? Date.now,
    });
    this.openMs = opts.openMs ?? BREAKER_DEFAULTS.openMs;
    this.onChange = opts.onStateChange;
  }

  private async ready(): Promise<{ policy: CircuitBreakerPolicy; lib: typeof Cockatiel }> {
    if (!this.policy || !this.lib) {
      const lib = await loadCockatiel();
      if (!this.policy) {
        // Every error reaching cockatiel is a counted failure: non-failures are smuggled out as PassThrough values.
        this.policy = lib.circuitBreaker(lib.handleWhen(() => true), { halfOpenAfter: this.openMs, breaker: this.rule });
        const onChange = this.onChange;
        if (onChange) this.policy.onStateChange((s) => onChange(STATE_NAMES[s], this.dependency));
      }
      this.lib = lib;
    }
    return { policy: this.policy, lib: this.lib };
  }

  /** "closed" until the first call has been made (nothing can have failed yet). */
  get state(): BreakerState {
    return this.policy ? STATE_NAMES[this.policy.state] : "closed";
  }

  /** For metrics and health endpoints. */
  snapshot(): { dependency: Dependency; state: BreakerState; requests: number; failures: number } {
    const c = this.rule.counts();
    return { dependency: this.dependency, state: this.state, requests: c.requests, failures: c.failures };
  }

  /**
   * Runs `fn` through the breaker. While open, rejects with Unavailable(circuit_open) without calling `fn`.
   * Errors of `fn` are rethrown unchanged.
   */
  async execute<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { policy, lib } = await this.ready();
    let outcome: T | PassThrough;
    try {
      outcome = await policy.execute(async ({ signal }) => {
        try {
          return await fn(signal);
        } catch (err) {
          if (this.isFailure(err)) throw err;
          return new PassThrough(err);
        }
      });
    } catch (err) {
      if (err instanceof lib.BrokenCircuitError || err instanceof lib.IsolatedCircuitError) {
        throw new Unavailable(this.dependency, "circuit_open", `${this.dependency} circuit is open`, { cause: err });
      }
      throw err;
    }
    if (outcome instanceof PassThrough) throw outcome.error;
    return outcome;
  }

  /** Holds the circuit open by hand (kill switch, maintenance) until the returned function is called. */
  async isolate(): Promise<() => void> {
    const { policy } = await this.ready();
    const handle = policy.isolate();
    return () => handle.dispose();
  }
}

// One breaker per dependency per isolate: every caller in this runtime shares the same view of a dependency's health.
const registry = new Map<Dependency, Breaker>();

/** The isolate's breaker for `dependency`, created with `opts` on first use (later options are ignored). */
export function breakerFor(dependency: Dependency, opts?: BreakerOptions): Breaker {
  let b = registry.get(dependency);
  if (!b) {
    b = new Breaker(dependency, opts);
    registry.set(dependency, b);
  }
  return b;
}

/** Every breaker of this isolate, for a metrics scrape or /health. */
export function breakerSnapshots(): ReturnType<Breaker["snapshot"]>[] {
  return [...registry.values()].map((b) => b.snapshot());
}

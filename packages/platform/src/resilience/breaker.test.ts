// The breaker with a plain async function as the dependency. Time is a fake clock (vi fake Date): the open period
// passes by setting the clock, nothing waits, nothing is timed.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Breaker, breakerFor, breakerSnapshots, type BreakerState } from "./breaker";
import { withTimeout } from "./timeout";
import { NotFound, Rejected, Unavailable } from "../errors";

/** A dependency whose next answers we script: "ok", "down" (5xx-like) or "no" (4xx-like). */
function dependency() {
  let mode: "ok" | "down" | "no" = "ok";
  let calls = 0;
  return {
    set: (m: typeof mode) => {
      mode = m;
    },
    calls: () => calls,
    call: async (): Promise<string> => {
      calls++;
      if (mode === "down") throw new Unavailable("appwrite", "server_error", "503", { status: 503 });
      if (mode === "no") throw new NotFound("appwrite", "row not found", "row_not_found");
      return "fine";
    },
  };
}

const attempt = (b: Breaker, fn: () => Promise<string>) => b.execute(fn).then(
  (v) => v,
  (e: unknown) => e,
);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Breaker (§5.1)", () => {
  it("opens within 10 calls when they fail, then short-circuits", async () => {
    const dep = dependency();
    const states: BreakerState[] = [];
    const b = new Breaker("appwrite", { onStateChange: (s) => states.push(s) });
    dep.set("down");
    let opened = 0;
    for (let i = 1; i <= 10 && b.state === "closed"; i++) {
      await attempt(b, dep.call);
      opened = i;
    }
    expect(b.state).toBe("open");
    expect(opened).toBe(10);
    const before = dep.calls();
    const err = await attempt(b, dep.call);
    expect(err).toBeInstanceOf(Unavailable);
    expect((err as Unavailable).reason).toBe("circuit_open");
    expect(dep.calls()).toBe(before);
    expect(states).toEqual(["open"]);
  });

  it("needs 10 requests and ≥ 50 % failures in the interval", async () => {
    const dep = dependency();
    const b = new Breaker("redis");
    // 5 successes + 5 failures = 50 %: opens on the tenth.
    for (let i = 0; i < 5; i++) await attempt(b, dep.call);
    dep.set("down");
    for (let i = 0; i < 4; i++) await attempt(b, dep.call);
    expect(b.state).toBe("closed");
    await attempt(b, dep.call);
    expect(b.state).toBe("open");

    // Failures spread over more than the 30 s interval never reach the threshold.
    const c = new Breaker("razorpay");
    for (let i = 0; i < 20; i++) {
      await attempt(c, dep.call);
      vi.setSystemTime(Date.now() + 4_000);
    }
    expect(c.state).toBe("closed");
  });

  it("counts 4xx answers as successes", async () => {
    const dep = dependency();
    const b = new Breaker("appwrite");
    dep.set("no");
    for (let i = 0; i < 30; i++) expect(await attempt(b, dep.call)).toBeInstanceOf(NotFound);
    expect(b.state).toBe("closed");
    expect(b.snapshot()).toMatchObject({ requests: 30, failures: 0 });
  });

  it("half-opens after the open period; a good probe and 4 more calls close it for good", async () => {
    const dep = dependency();
    const b = new Breaker("appwrite", { openMs: 10_000 });
    dep.set("down");
    for (let i = 0; i < 10; i++) await attempt(b, dep.call);
    expect(b.state).toBe("open");

    vi.setSystemTime(Date.now() + 9_999);
    expect(await attempt(b, dep.call)).toMatchObject({ reason: "circuit_open" });

    vi.setSystemTime(Date.now() + 1);
    dep.set("ok");
    expect(await attempt(b, dep.call)).toBe("fine");
    expect(b.state).toBe("closed");
    for (let i = 0; i < 4; i++) expect(await attempt(b, dep.call)).toBe("fine");
    // Probation is over: one failure no longer re-opens.
    dep.set("down");
    await attempt(b, dep.call);
    expect(b.state).toBe("closed");
  });

  it("re-opens at once when the probe or a probation call fails", async () => {
    const dep = dependency();
    const b = new Breaker("appwrite", { openMs: 1_000 });
    dep.set("down");
    for (let i = 0; i < 10; i++) await attempt(b, dep.call);

    vi.setSystemTime(Date.now() + 1_000);
    expect(await attempt(b, dep.call)).toBeInstanceOf(Unavailable);
    expect(b.state).toBe("open");

    vi.setSystemTime(Date.now() + 1_000);
    dep.set("ok");
    await attempt(b, dep.call); // probe passes
    await attempt(b, dep.call); // probation 2 of 5
    dep.set("down");
    await attempt(b, dep.call); // probation 3 of 5 fails
    expect(b.state).toBe("open");
  });

  it("can be held open by hand (kill switch)", async () => {
    const dep = dependency();
    const b = new Breaker("razorpay");
    const release = await b.isolate();
    expect(await attempt(b, dep.call)).toMatchObject({ reason: "circuit_open" });
    expect(dep.calls()).toBe(0);
    release();
    expect(await attempt(b, dep.call)).toBe("fine");
  });

  it("keeps one breaker per dependency per isolate", () => {
    expect(breakerFor("messaging")).toBe(breakerFor("messaging"));
    expect(breakerSnapshots().map((s) => s.dependency)).toContain("messaging");
  });

  it("rethrows non-failures unchanged", async () => {
    const b = new Breaker("appwrite");
    const no = new Rejected("appwrite", "bad", 400, "general_argument_invalid");
    expect(await b.execute(() => Promise.reject(no)).catch((e: unknown) => e)).toBe(no);
  });
});

describe("withTimeout", () => {
  it("rejects with Unavailable(timeout) and aborts the work", async () => {
    vi.useRealTimers();
    let aborted = false;
    const err = await withTimeout("appwrite", 10, (signal) =>
      new Promise<never>(() => {
        signal.addEventListener("abort", () => {
          aborted = true;
        });
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Unavailable);
    expect((err as Unavailable).reason).toBe("timeout");
    expect(aborted).toBe(true);
    expect(await withTimeout("redis", 1_000, async () => 42)).toBe(42);
  });
});

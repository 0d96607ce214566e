import { describe, expect, it } from "vitest";
import * as core from "./index";

// Vite's import.meta.glob, typed locally (only what this test uses) instead of pulling vite/client's ambient
// module declarations into the whole program.
declare global {
  interface ImportMeta {
    glob: (pattern: string, options: { query: "?raw"; import: "default"; eager: true }) => Record<string, string>;
  }
}

describe("@chizze/core entry", () => {
  it("exports every module's main functions and configs", () => {
    for (const name of [
      "percentOfBps", "allocate", "formatInr", "haversineM", "boundingBox", "pointInPolygon", "bearingDeg", "openStatus",
      "checkServiceability", "nearbyReason", "estimateEtaMin", "deliveryFeeFor", "priceCart", "evaluateCoupon", "transition",
      "applyPaymentEvent", "replayParked", "dispatchTransition", "decideCancellation", "rankCandidates", "dispatchStartAt",
      "deliveryEarnings", "settlementTxn", "orderIdFor", "sha256Hex", "evaluateFlag", "isBelowMinVersion",
    ]) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe("function");
    }
    for (const name of ["DEFAULT_PRICING_CONFIG", "DEFAULT_ETA_CONFIG", "DEFAULT_DELIVERY_FEE_CONFIG", "DEFAULT_DISPATCH_CONFIG", "DEFAULT_EARNINGS_CONFIG", "DEFAULT_LEDGER_CONFIG", "DEFAULT_CANCELLATION_CONFIG", "DEFAULT_HOURS_CONFIG"]) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe("object");
    }
  });
  it("imports no Node built-ins or SDKs (runs on Workers)", () => {
    // Read our own sources through Vite's raw import so the check needs no node:fs.
    const sources = import.meta.glob("./*.ts", { query: "?raw", import: "default", eager: true });
    expect(Object.keys(sources).length).toBeGreaterThan(15);
    for (const [file, text] of Object.entries(sources)) {
      if (file.endsWith(".test.ts")) continue;
      const imports = [...text.matchAll(/^import[^;]*from "([^"]+)";/gm)].map((m) => m[1] ?? "");
      for (const spec of imports) expect(spec.startsWith("./") || spec === "zod" || spec.startsWith("@chizze/schema"), `${file}: ${spec}`).toBe(true);
    }
  });
});

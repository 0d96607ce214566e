// The deployable artefact works: the health function goes manifest → appwrite.json → esbuild bundle → a call of
// the bundle's entry exactly as the runtime makes it.
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runEntrypoint } from "@chizze/devstack/functions/runtime-context";
import type { RuntimeContext } from "@chizze/contracts/open-runtimes";
import { bundleFunction } from "@chizze/devstack/functions/bundle";
import { listFunctions } from "./lib/functions";

describe("function bundles", () => {
  it("bundles health into one ESM file whose default export serves requests", async () => {
    const health = (await listFunctions()).find((f) => f.id === "health")!;
    const report = await bundleFunction(health);
    expect(report.bytes).toBeLessThan(5 * 1024 * 1024);
    const mod = (await import(`${pathToFileURL(health.outfile).href}?t=${Date.now()}`)) as { default: (c: RuntimeContext) => Promise<unknown> };
    const r = await runEntrypoint(mod.default, { method: "GET", path: "/api/v1/health/function", headers: { "x-request-id": "bundle-1" } });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: "ok", function: "health", requestId: "bundle-1" });
  }, 60_000);
});

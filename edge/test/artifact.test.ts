// The deploy artefact itself — what `wrangler deploy` uploads — must start in workerd and answer. Cloudflare refuses
// a Worker whose global scope does I/O or creates AbortControllers ("Disallowed operation called within global
// scope"); the workerd vitest pool cannot see that (it imports the Worker inside a test), so this builds the
// artefact offline and boots it in Miniflare with the wrangler.toml compatibility settings.
/* eslint-disable no-restricted-imports -- a Node-side test of the built Worker */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Miniflare } from "miniflare";

const edgeDir = new URL("..", import.meta.url).pathname;
const outdir = mkdtempSync(join(tmpdir(), "chizze-edge-artifact-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("edge deploy artefact", () => {
  it("builds offline, starts in workerd and answers /health", async () => {
    execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
      cwd: edgeDir,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const entry = readdirSync(outdir).find((f) => f.endsWith(".js"));
    expect(entry).toBeDefined();
    const toml = readFileSync(join(edgeDir, "wrangler.toml"), "utf8");
    const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? "2024-09-23";
    const compatibilityFlags = JSON.parse(/^compatibility_flags\s*=\s*(\[[^\]]*\])/m.exec(toml)?.[1] ?? "[]") as string[];
    const mf = new Miniflare({
      modules: true,
      scriptPath: join(outdir, entry!),
      // Module names relative to the bundle's folder (a path outside cwd would otherwise become "../…").
      modulesRoot: outdir,
      compatibilityDate,
      compatibilityFlags,
      bindings: {
        APPWRITE_ENDPOINT: "http://127.0.0.1:9/v1",
        APPWRITE_PROJECT_ID: "chizze",
        APPWRITE_API_KEY: "artifact-test",
        UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9",
        UPSTASH_REDIS_REST_TOKEN: "artifact-test",
        CHIZZE_IDENTITY_SECRET: "artifact-test-identity-secret-0123456789",
        CHIZZE_ENV: "test",
      },
    });
    try {
      const res = await mf.dispatchFetch("http://edge.local/api/v1/health");
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok" });
    } finally {
      await mf.dispose();
    }
  }, 120_000);
});

// The edge inside workerd (@cloudflare/vitest-pool-workers 0.15.1, vitest 4 form): proves the Worker bundle boots
// in the real runtime and answers. Run from the repo root: `npx vitest run --config edge/vitest.workers.config.ts`.
// Kept apart from the root config (Node environment), which excludes edge/test/worker/**.
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const here = new URL(".", import.meta.url).pathname;

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: `${here}wrangler.toml` },
      miniflare: {
        // Test values only; nothing here is reachable: the suite never leaves the Worker.
        bindings: {
          APPWRITE_ENDPOINT: "http://127.0.0.1:9/v1",
          APPWRITE_API_KEY: "test-key",
          UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9",
          UPSTASH_REDIS_REST_TOKEN: "test-token",
          CHIZZE_IDENTITY_SECRET: "workerd-test-identity-secret-0123456789",
          CHIZZE_ENV: "test",
          RELEASE: "workerd-test",
        },
      },
    }),
  ],
  test: {
    root: here,
    name: "workers",
    include: ["test/worker/**/*.test.ts"],
  },
});

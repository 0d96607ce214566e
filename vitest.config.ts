import { defineConfig } from "vitest/config";

// One test command (`npm test`) for every suite, in two projects:
// - node: unit tests next to the code (*.test.ts) and whole-stack suites under tests/ (each file starts its own
//   devstack on free ports, so files run in parallel);
// - workers: the edge inside workerd (edge/vitest.workers.config.ts, @cloudflare/vitest-pool-workers).
export default defineConfig({
  test: {
    reporters: ["default", "./scripts/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "node",
          include: ["schema/**/*.test.ts", "packages/**/*.test.ts", "functions/**/*.test.ts", "edge/test/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/node_modules/**", "edge/test/worker/**"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 120_000,
          pool: "forks",
          globalSetup: ["./tests/support/global-setup.ts"],
        },
      },
      "./edge/vitest.workers.config.ts",
    ],
  },
});

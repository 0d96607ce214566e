import { defineConfig } from "vitest/config";

// One test command (`npm test`) for every suite: unit tests next to the code (*.test.ts) and whole-stack
// suites under tests/. Whole-stack suites start their own devstack on free ports, so files can run in parallel.
export default defineConfig({
  test: {
    include: ["schema/**/*.test.ts", "packages/**/*.test.ts", "functions/**/*.test.ts", "edge/test/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/node_modules/**", "edge/test/worker/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["./tests/support/global-setup.ts"],
    reporters: ["default", "./scripts/summary-reporter.ts"],
  },
});

// The linter carries ../shared/design/style.md: no `any`, `import type`, no floating promises, and the
// dependency direction of docs/architecture.md as import bans (core imports no SDK, edge no node-appwrite…).
import tseslint from "typescript-eslint";

const sdkBans = (extra = []) => ({
  "no-restricted-imports": [
    "error",
    {
      paths: [...extra],
      patterns: [
        { group: ["node-appwrite", "node-appwrite/*"], message: "This layer must not import node-appwrite (see docs/architecture.md)." },
        { group: ["@upstash/*", "razorpay", "razorpay/*", "ioredis", "better-sqlite3"], message: "This layer must not import an SDK (see docs/architecture.md)." },
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", ".chizze/**", ".wrangler/**", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "separate-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "no-console": "error",
      eqeqeq: ["error", "smart"],
    },
  },
  // core: pure domain. zod only.
  {
    files: ["packages/core/**/*.ts"],
    rules: sdkBans([{ name: "hono", message: "core is pure: no transport." }]),
  },
  // contracts and schema: zod only.
  { files: ["packages/contracts/**/*.ts", "schema/**/*.ts"], rules: sdkBans() },
  // edge runs on Workers: never node-appwrite, never services (it invokes functions instead).
  {
    files: ["edge/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node-appwrite", "node-appwrite/*"], message: "edge must not import node-appwrite: it calls functions over HTTP." },
            { group: ["@chizze/services", "@chizze/services/*"], message: "edge invokes functions; it never calls services directly." },
            { group: ["node:*"], message: "edge runs on Workers: no Node built-ins." },
          ],
        },
      ],
    },
  },
  // Loggers, CLIs, benches and tests may print.
  { files: ["**/logger.ts", "scripts/**", "**/cli/**", "tests/**", "**/*.test.ts", "k6/**"], rules: { "no-console": "off" } },
);

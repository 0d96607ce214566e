// The modules the edge imports one by one must not pull in node-appwrite, the razorpay SDK or Node built-ins,
// directly or through anything they import (type-only imports are erased and do not count).
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");
const WORKERS_SAFE = [
  "identity",
  "config",
  "errors",
  "hashing",
  "redis/keys",
  "redis/client",
  "redis/cache",
  "redis/idempotency",
  "redis/geo",
  "razorpay/signatures",
  "razorpay/entities",
  "resilience/breaker",
  "resilience/timeout",
  "observability/metrics",
];
const FORBIDDEN = [/^node-appwrite/, /^razorpay/, /^node:/, /^@upstash\/redis$/, /^@upstash\/redis\/nodejs/];
const PACKAGES: Record<string, string> = {
  "@chizze/platform": "packages/platform/src",
  "@chizze/contracts": "packages/contracts/src",
  "@chizze/core": "packages/core/src",
  "@chizze/schema": "schema/src",
};

/** Runtime (non-type) import specifiers of a TS source. */
function runtimeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*"([^"]+)"/gms)) {
    if (m[2]) continue;
    const clause = m[3] ?? "";
    // `import { type A, type B } from` is erased too.
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1];
    if (names && names.split(",").every((n) => n.trim() === "" || n.trim().startsWith("type "))) continue;
    out.push(m[4] ?? "");
  }
  for (const m of source.matchAll(/^\s*import\s+"([^"]+)"/gm)) out.push(m[1] ?? "");
  return out;
}

function resolveFile(spec: string, from: string): string | null {
  let base: string | null = null;
  if (spec.startsWith(".")) base = resolve(dirname(from), spec);
  for (const [pkg, dir] of Object.entries(PACKAGES)) {
    if (spec === pkg) base = join(repoRoot, dir, "index");
    else if (spec.startsWith(`${pkg}/`)) base = join(repoRoot, dir, spec.slice(pkg.length + 1));
  }
  if (!base) return null;
  for (const f of [`${base}.ts`, join(base, "index.ts")]) if (existsSync(f)) return f;
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

function externalImports(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const external = new Map<string, string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of runtimeImports(readFileSync(file, "utf8"))) {
      const next = resolveFile(spec, file);
      if (next) stack.push(next);
      else external.set(spec, file);
    }
  }
  return external;
}

describe("Workers-safe modules", () => {
  it.each(WORKERS_SAFE)("%s imports no Node-only SDK", (mod) => {
    const external = externalImports(join(here, `${mod}.ts`));
    const bad = [...external].filter(([spec]) => FORBIDDEN.some((f) => f.test(spec)));
    expect(bad).toEqual([]);
  });

  it("the Node entry point does pull them in (the check can fail)", () => {
    const external = externalImports(join(here, "index.ts"));
    expect([...external.keys()]).toEqual(expect.arrayContaining(["node-appwrite", "razorpay"]));
  });
});

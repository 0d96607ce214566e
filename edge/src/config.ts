// The edge's configuration, parsed once per bindings object at the boundary (style rule 6) and passed down.
// Secrets arrive as Worker bindings (`wrangler secret put`) or, on Node, from process.env / the devstack.
import { z } from "zod";
import type { Bindings } from "./env";

const csv = z
  .string()
  .optional()
  .transform((s) => (s ?? "").split(",").map((x) => x.trim()).filter((x) => x !== ""));

export const edgeConfigSchema = z.object({
  APPWRITE_ENDPOINT: z.url().transform((u) => u.replace(/\/+$/, "")),
  APPWRITE_PROJECT_ID: z.string().min(1),
  APPWRITE_API_KEY: z.string().min(1),
  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  CHIZZE_IDENTITY_SECRET: z.string().min(32, "CHIZZE_IDENTITY_SECRET must be at least 32 characters"),
  CORS_ORIGINS: csv,
  CHIZZE_ENV: z.enum(["production", "staging", "development", "test"]).default("development"),
  RELEASE: z.string().min(1).default("dev"),
});

export type EdgeConfig = z.output<typeof edgeConfigSchema>;

// Bindings objects are stable per isolate on Workers (and per process on Node): parse each one once.
const parsed = new WeakMap<object, EdgeConfig>();

/** Parses the bindings; throws (→ 500, logged) when a required one is missing, naming it but never its value. */
export function edgeConfig(env: Bindings): EdgeConfig {
  let cfg = parsed.get(env);
  if (!cfg) {
    const r = edgeConfigSchema.safeParse(env);
    if (!r.success) throw new Error(`Edge configuration invalid: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    cfg = r.data;
    parsed.set(env, cfg);
  }
  return cfg;
}

// Platform settings, parsed once at the boundary (style rule 6): a function's or the edge's entry point calls
// loadPlatformConfig(env) with its own environment and passes the result down. Nothing in this package reads
// process.env. Workers-safe.
import { z } from "zod";

const csv = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter((x) => x !== ""))
  .pipe(z.array(z.string().min(1)).min(1));

const positiveInt = (def: number) => z.coerce.number().int().positive().default(def);

export const platformEnvSchema = z.object({
  CHIZZE_ENV: z.enum(["production", "staging", "development", "test"]).default("development"),

  APPWRITE_ENDPOINT: z.url(),
  APPWRITE_PROJECT_ID: z.string().min(1),
  /** Optional: Appwrite functions get a per-execution key in `x-appwrite-key` instead; the edge and scripts set one. */
  APPWRITE_API_KEY: z.string().min(1).optional(),
  APPWRITE_TIMEOUT_MS: positiveInt(10_000),

  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  /** Per-command budget; @upstash/ratelimit's 5 s default is far too long for a request path (style rule 9). */
  UPSTASH_TIMEOUT_MS: positiveInt(500),

  RAZORPAY_KEY_ID: z.string().min(1),
  RAZORPAY_KEY_SECRET: z.string().min(1),
  /**
   * One secret, or several separated by commas while a rotation is in progress: Razorpay keeps signing retries of
   * old events with the old secret (reliability note §1.2), so both must verify until those retries end (24 h).
   * RAZORPAY_WEBHOOK_SECRETS wins when both are set.
   */
  RAZORPAY_WEBHOOK_SECRET: csv.optional(),
  RAZORPAY_WEBHOOK_SECRETS: csv.optional(),
  RAZORPAY_API_URL: z.url().default("https://api.razorpay.com"),
  RAZORPAY_TIMEOUT_MS: positiveInt(8_000),
  /**
   * Derives each order's delivery OTP (HMAC of the order id), so the customer's app can be shown it on every read
   * while the order row, which the partner can read, holds only its hash. ≥ 32 random characters; required in
   * production, a fixed development value elsewhere.
   */
  CHIZZE_CODES_SECRET: z.string().min(32).optional(),
});

/** Used only outside production when CHIZZE_CODES_SECRET is unset. */
export const DEV_CODES_SECRET = "devstack-order-codes-secret-0123456789";

export type PlatformEnv = z.input<typeof platformEnvSchema>;

export interface PlatformConfig {
  env: "production" | "staging" | "development" | "test";
  appwrite: { endpoint: string; projectId: string; key: string | undefined; timeoutMs: number };
  redis: { url: string; token: string; timeoutMs: number };
  razorpay: { keyId: string; keySecret: string; webhookSecrets: string[]; apiUrl: string; timeoutMs: number };
  /** HMAC key for per-order codes (delivery OTP). */
  codesSecret: string;
  /** Fail loudly on schema drift of stored rows everywhere but production (see appwrite/tables.ts). */
  strictRows: boolean;
}

/** Parses the environment; throws one error naming every bad variable (never their values). */
export function loadPlatformConfig(env: Readonly<Record<string, string | undefined>>): PlatformConfig {
  const parsed = platformEnvSchema.safeParse(env);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(root)"))].join(", ");
    throw new Error(`Invalid platform configuration: ${names}`);
  }
  const e = parsed.data;
  const webhookSecrets = e.RAZORPAY_WEBHOOK_SECRETS ?? e.RAZORPAY_WEBHOOK_SECRET;
  if (!webhookSecrets) throw new Error("Invalid platform configuration: RAZORPAY_WEBHOOK_SECRET");
  if (!e.CHIZZE_CODES_SECRET && e.CHIZZE_ENV === "production") throw new Error("Invalid platform configuration: CHIZZE_CODES_SECRET");
  return {
    env: e.CHIZZE_ENV,
    appwrite: { endpoint: e.APPWRITE_ENDPOINT, projectId: e.APPWRITE_PROJECT_ID, key: e.APPWRITE_API_KEY, timeoutMs: e.APPWRITE_TIMEOUT_MS },
    redis: { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN, timeoutMs: e.UPSTASH_TIMEOUT_MS },
    razorpay: {
      keyId: e.RAZORPAY_KEY_ID,
      keySecret: e.RAZORPAY_KEY_SECRET,
      webhookSecrets,
      apiUrl: e.RAZORPAY_API_URL.replace(/\/+$/, ""),
      timeoutMs: e.RAZORPAY_TIMEOUT_MS,
    },
    codesSecret: e.CHIZZE_CODES_SECRET ?? DEV_CODES_SECRET,
    strictRows: e.CHIZZE_ENV !== "production",
  };
}

// Environment of a function, parsed once per cold start (style rule 6). Appwrite sets the APPWRITE_FUNCTION_*
// variables; the rest are the function's variables (names in its manifest, values set at deploy, never in git).
import { z } from "zod";

export const baseEnvSchema = z.object({
  APPWRITE_FUNCTION_API_ENDPOINT: z.string().url().default("http://127.0.0.1:8090/v1"),
  APPWRITE_FUNCTION_PROJECT_ID: z.string().min(1).default("chizze"),
  /** Fallback key when the runtime does not pass a per-execution `x-appwrite-key` (local scripts). */
  APPWRITE_API_KEY: z.string().optional(),
  /** Shared with the edge: verifies `x-chizze-identity`. Required by every function serving a signed-in route. */
  CHIZZE_IDENTITY_SECRET: z.string().min(32).optional(),
  CHIZZE_ENV: z.enum(["production", "staging", "development", "test"]).default("development"),
  SENTRY_DSN: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  RELEASE: z.string().optional(),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;

/** Parse `env` with `schema`; throws one readable error naming every bad variable (never their values). */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const names = [...new Set(result.error.issues.map((i) => i.path.join(".")))].join(", ");
    throw new Error(`Invalid function configuration: ${names}`);
  }
  return result.data;
}

// A function's deployment facts, next to its code (functions/<id>/manifest.ts). `npm run schema:build` turns every
// manifest into an appwrite.json entry; `npm run build` bundles src/main.ts to dist/main.js.
import { Cron } from "croner";

export interface FunctionManifest {
  /** Appwrite function id = folder name, kebab-case `<resource>-<verb>`. */
  id: string;
  name: string;
  trigger: "http" | "event" | "schedule";
  /** Appwrite event patterns (event triggers), e.g. `databases.chizze.tables.orders.rows.*.update`. */
  events?: string[];
  /** 5-field cron (schedule triggers), UTC. */
  schedule?: string;
  /** Seconds, 1..900. HTTP functions stay well under the 30 s synchronous cap. */
  timeout?: number;
  /** API scopes of the per-execution key. */
  scopes: string[];
  /** Names of the variables the function reads (values are set at deploy time, never committed). */
  variables: string[];
  /** Appwrite runtime specification. */
  specification?: string;
}

/** Variables every function that uses the platform adapters reads (packages/platform/src/config.ts). */
export const PLATFORM_VARIABLES = [
  "CHIZZE_ENV",
  "CHIZZE_IDENTITY_SECRET",
  "RELEASE",
  "SENTRY_DSN",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "RAZORPAY_KEY_ID",
  "RAZORPAY_KEY_SECRET",
  "RAZORPAY_WEBHOOK_SECRET",
  "CHIZZE_CODES_SECRET",
] as const;

/** Scopes of a function that reads and writes rows. */
export const ROW_SCOPES = ["rows.read", "rows.write"] as const;

const ID = /^[a-z][a-z0-9-]{0,35}$/;

export function defineManifest(m: FunctionManifest): FunctionManifest {
  if (!ID.test(m.id)) throw new Error(`Function id ${m.id} must be kebab-case, ≤36 chars`);
  if (m.trigger === "event" && !m.events?.length) throw new Error(`${m.id}: an event function needs events`);
  if (m.trigger === "schedule") {
    if (!m.schedule) throw new Error(`${m.id}: a scheduled function needs a schedule`);
    if (m.schedule.trim().split(/\s+/).length !== 5) throw new Error(`${m.id}: schedule must be a 5-field cron`);
    new Cron(m.schedule, { paused: true }); // throws on an invalid expression
  }
  if (m.trigger !== "schedule" && m.schedule) throw new Error(`${m.id}: only scheduled functions have a schedule`);
  const timeout = m.timeout ?? 15;
  if (timeout < 1 || timeout > 900) throw new Error(`${m.id}: timeout must be 1..900 s`);
  if (m.trigger === "http" && timeout > 30) throw new Error(`${m.id}: synchronous executions are capped at 30 s`);
  return { ...m, timeout };
}

// The edge's types, shared by the app and every middleware: Worker bindings (configuration and secrets, by name),
// per-request variables, and the isolate-lifetime dependencies built once per isolate (style rule 7).
import type { AnyRoute } from "@chizze/contracts/route";
import type { Identity } from "@chizze/platform/identity";

/** Worker bindings. Secrets are set with `wrangler secret put NAME`; locally they come from .dev.vars / the devstack. */
export interface Bindings {
  APPWRITE_ENDPOINT: string;
  APPWRITE_PROJECT_ID: string;
  /** Key with `execution.write` (and `users.read`) scopes: only the edge executes functions. */
  APPWRITE_API_KEY: string;
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
  /** Signs x-chizze-identity for functions (≥ 32 chars); shared with the functions. */
  CHIZZE_IDENTITY_SECRET: string;
  /** Comma-separated web app origins allowed by CORS. */
  CORS_ORIGINS?: string;
  CHIZZE_ENV?: string;
  SENTRY_DSN?: string;
  RELEASE?: string;
  /** Workers Analytics Engine dataset for the §8.1 metrics (absent locally: metrics go to the log). */
  METRICS?: { writeDataPoint(point: { blobs?: string[]; doubles?: number[]; indexes?: string[] }): void };
}

/** Set by the edge's middleware chain, in this order: requestId → route → identity. */
export interface Variables {
  requestId: string;
  /** The contracts route that matched (null for edge-only paths outside the route table). */
  route: AnyRoute | null;
  /** The verified caller (null on public routes or when no token was sent). */
  identity: Identity | null;
  /** Client IP (cf-connecting-ip on Workers, the socket address locally). */
  clientIp: string;
}

export interface EdgeEnv {
  Bindings: Bindings;
  Variables: Variables;
}

// What every module of the local Appwrite shares: the caller of a request, the SQLite store, the event bus.
import type Database from "better-sqlite3";
import type { FaultController } from "../faults";

/** Who is calling, resolved once per request by the auth module (auth/caller.ts). */
export type Caller =
  /** An API key (project key, function `x-appwrite-key`, or the CLI in admin mode): permissions are skipped, scopes checked. */
  | { kind: "key"; scopes: ReadonlySet<string> | "all"; roles: readonly string[] }
  /** A user through a session (cookie, X-Appwrite-Session, X-Fallback-Cookies) or a JWT. */
  | { kind: "user"; userId: string; sessionId: string; roles: readonly string[]; labels: readonly string[] }
  | { kind: "guest"; roles: readonly string[] };

/** One published occurrence (row create, user create, file upload…) with every event name Appwrite generates for it. */
export interface PlatformEvent {
  /** Event names as sent to Realtime (tablesdb.* first for TablesDB rows), all id/`*` combinations. */
  realtimeEvents: string[];
  /** Event names as matched against a function's `events[]` (legacy `databases.*.collections.*.documents.*` first). */
  functionEvents: string[];
  /** Realtime channels the event is published to. */
  channels: string[];
  /** Roles that may receive it over Realtime (empty → not published). */
  roles: string[];
  /** The resource JSON (Row, User, File…), as the API would return it. */
  payload: Record<string, unknown>;
  /** The user whose action caused it, if any (becomes x-appwrite-user-id for event-triggered functions). */
  userId?: string;
  timestamp: string;
}

export interface EventBus {
  publish(event: PlatformEvent): void;
  subscribe(listener: (event: PlatformEvent) => void): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<(event: PlatformEvent) => void>();
  return {
    publish(event) {
      for (const l of listeners) l(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface AppwriteConfig {
  projectId: string;
  /** API keys the project accepts, with their scopes (or "all"). */
  apiKeys: Record<string, ReadonlySet<string> | "all">;
  /** HS256 secret for JWTs and ephemeral function keys. */
  jwtSecret: string;
  /** Public base URL of this server, e.g. http://127.0.0.1:8090/v1 */
  endpoint: string;
}

export interface AppwriteDeps {
  db: Database.Database;
  bus: EventBus;
  config: AppwriteConfig;
  /** Injectable clock (ms since epoch) so tests can move time. */
  now: () => number;
  /** Fault knobs (latency, 5xx, lost replies, refusal) for reliability tests. */
  faults: FaultController;
}

/** Appwrite datetime format: UTC with millis and +00:00 (not Z). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

// What a business verb works with: typed repositories for every table, the raw TablesDB for transactions, Users,
// Redis (when configured), the clock and a logger. Built per execution from the function's context: Appwrite hands
// each execution its own key, so clients are cheap to build (platform caches them) and never shared across keys.
import type { Messaging, Storage, TablesDB, Users } from "node-appwrite";
import { T, type TableId } from "@chizze/schema";
import { appwriteClients } from "@chizze/platform/appwrite/client";
import { repo, type Repo } from "@chizze/platform/appwrite/tables";
import { redisClient, type Redis } from "@chizze/platform/redis/client";
import type { PlatformConfig } from "@chizze/platform/config";
import { noMetrics, type MetricsSink } from "@chizze/platform/observability/metrics";

export type Db = { [K in TableId]: Repo<(typeof T)[K]> };

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface Deps {
  db: Db;
  tablesDB: TablesDB;
  users: Users;
  /** Push/SMS to our own users (platform messaging/notifier wraps it). */
  messaging: Messaging;
  /** Files in the archives, invoices and exports buckets (schema/src/buckets.ts). */
  storage: Storage;
  /** Null when Redis is not configured; every Redis use must work (or fail as its policy says) without it. */
  redis: Redis | null;
  now: () => Date;
  log: Logger;
  /** §8.1 metrics (ops/metrics.json): JSON lines in the execution's log inside a function, nothing elsewhere. */
  metrics: MetricsSink;
  config: PlatformConfig;
}

export function createDb(tablesDB: TablesDB, strict: boolean, log?: Logger): Db {
  const db = {} as Record<TableId, unknown>;
  for (const id of Object.keys(T) as TableId[]) {
    db[id] = repo(tablesDB, T[id], { strict, onDrift: (d) => log?.warn("row drift", { table: d.tableId, row: d.rowId }) });
  }
  return db as Db;
}

export function createDeps(opts: { config: PlatformConfig; apiKey: string; log: Logger; metrics?: MetricsSink; now?: () => Date }): Deps {
  const { tablesDB, users, messaging, storage } = appwriteClients({ endpoint: opts.config.appwrite.endpoint, projectId: opts.config.appwrite.projectId, key: opts.apiKey, timeoutMs: opts.config.appwrite.timeoutMs });
  return {
    db: createDb(tablesDB, opts.config.strictRows, opts.log),
    tablesDB,
    users,
    messaging,
    storage,
    redis: redisClient({ url: opts.config.redis.url, token: opts.config.redis.token, timeoutMs: opts.config.redis.timeoutMs }),
    now: opts.now ?? (() => new Date()),
    log: opts.log,
    metrics: opts.metrics ?? noMetrics,
    config: opts.config,
  };
}

// Start the local Appwrite on 127.0.0.1. Used by `npm run dev`, the test harness and benchmarks.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import Database from "better-sqlite3";
import { serve } from "@hono/node-server";
import { createAppwriteApp, type AppwriteApp, type AppwriteModule } from "./server";
import { createEventBus, type AppwriteConfig, type AppwriteDeps } from "./context";
import { tablesDbModule } from "./tablesdb/index";
import { attachRealtime, type RealtimeServer } from "./realtime/server";
import { FaultController, type Faults } from "../faults";
import { authModule } from "./auth/module";
import { storageModule } from "./storage/module";
import { messagingModule } from "./messaging/module";
import { healthModule } from "./health/module";

// Modules, in registration order. Each lives in its own folder and exports one AppwriteModule.
const MODULES: AppwriteModule[] = [authModule, storageModule, messagingModule, healthModule, tablesDbModule];

export interface StartAppwriteOptions {
  /** SQLite file path, or ":memory:" (default). */
  file?: string;
  /** 0 = a free port. */
  port?: number;
  projectId?: string;
  apiKeys?: AppwriteConfig["apiKeys"];
  jwtSecret?: string;
  now?: () => number;
  /** Extra modules after the built-in ones (the functions module, which needs a project root and appwrite.json). */
  modules?: AppwriteModule[];
}

export interface RunningAppwrite {
  url: string;
  /** http://127.0.0.1:<port>/v1 */
  endpoint: string;
  port: number;
  deps: AppwriteDeps;
  app: AppwriteApp;
  server: Server;
  realtime: RealtimeServer;
  /** Latency, 5xx, lost replies and refusal, for reliability tests. */
  faults: Faults;
  close(): Promise<void>;
}

export async function startAppwrite(opts: StartAppwriteOptions = {}): Promise<RunningAppwrite> {
  const db = new Database(opts.file ?? ":memory:");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = OFF");
  const deps: AppwriteDeps = {
    db,
    bus: createEventBus(),
    now: opts.now ?? Date.now,
    faults: new FaultController(),
    config: {
      projectId: opts.projectId ?? "chizze",
      apiKeys: opts.apiKeys ?? { "standard_devkey": "all" },
      jwtSecret: opts.jwtSecret ?? "devstack-jwt-secret-not-for-production",
      endpoint: "",
    },
  };
  const app = createAppwriteApp(deps, [...MODULES, ...(opts.modules ?? [])]);
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: "127.0.0.1" }, () => resolve(s as Server));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  deps.config.endpoint = `${url}/v1`;
  const realtime = attachRealtime(server, deps);
  server.on("connection", (socket) => {
    if (deps.faults.refuse()) socket.destroy();
  });
  deps.faults.onDown = () => server.closeAllConnections();
  return {
    url,
    endpoint: `${url}/v1`,
    port,
    deps,
    app,
    server,
    realtime,
    faults: deps.faults,
    close: async () => {
      await realtime.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => {
          db.close();
          resolve();
        });
      });
    },
  };
}

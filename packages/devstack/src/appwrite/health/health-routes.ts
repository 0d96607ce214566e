// /v1/health: liveness and the version the CLI checks on `appwrite client --endpoint` (needs a truthy version).
import { APPWRITE_VERSION } from "../errors";
import type { AppwriteApp } from "../server";

export function registerHealthRoutes(app: AppwriteApp): void {
  app.get("/v1/health", (c) => c.json({ name: "http", ping: 0, status: "pass" }));
  app.get("/v1/health/version", (c) => c.json({ version: APPWRITE_VERSION }));
}

// The local Appwrite 1.9 subset: one Hono app over one SQLite file. Modules register their routes here.
import type { IncomingMessage } from "node:http";
import { Hono } from "hono";
import { AppwriteError } from "./errors";
import type { AppwriteDeps, Caller } from "./context";
import { callerMiddleware } from "./auth/caller";

export type AppwriteEnv = { Variables: { caller: Caller } };
export type AppwriteApp = Hono<AppwriteEnv>;

/** A module of the emulator: registers its routes on the app. */
export type AppwriteModule = (app: AppwriteApp, deps: AppwriteDeps) => void;

export function createAppwriteApp(deps: AppwriteDeps, modules: AppwriteModule[]): AppwriteApp {
  const app: AppwriteApp = new Hono<AppwriteEnv>();
  app.onError((err, c) => {
    const e = err instanceof AppwriteError ? err : new AppwriteError("general_server_error");
    if (!(err instanceof AppwriteError)) {
      // Unknown failures are bugs in the emulator: say so on stderr, answer as Appwrite would (500 Server Error).
      process.stderr.write(`[appwrite] ${err.stack ?? String(err)}\n`);
    }
    const body = e.toJSON();
    return c.json(body, body.code as 500);
  });
  app.notFound((c) => {
    const body = new AppwriteError("general_route_not_found").toJSON();
    return c.json(body, 404);
  });
  // Fault knobs first, so a "failed" request never reaches a module and a "dropped" one runs before its reply is lost.
  app.use("*", async (c, next) => {
    const ms = deps.faults.latency();
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    const decision = deps.faults.decide();
    if (decision.kind === "fail") {
      return c.json({ message: "Server Error", code: decision.status, type: "general_server_error", version: "1.9.6" }, decision.status);
    }
    await next();
    if (decision.kind === "drop") (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.destroy();
  });
  app.use("/v1/*", callerMiddleware(deps));
  for (const register of modules) register(app, deps);
  return app;
}

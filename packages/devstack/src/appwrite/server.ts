// The local Appwrite 1.9 subset: one Hono app over one SQLite file. Modules register their routes here.
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
  app.use("/v1/*", callerMiddleware(deps));
  for (const register of modules) register(app, deps);
  return app;
}

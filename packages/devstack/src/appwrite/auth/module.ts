// The auth module: Users (server), Account (client), the CLI's console login and the devstack auth knobs.
import type { AppwriteModule } from "../server";
import { registerAccountRoutes } from "./account-routes";
import { registerConsoleRoutes } from "./console-routes";
import { registerAuthDevRoutes } from "./dev-routes";
import { ensureAuthSchema } from "./schema";
import { registerUsersRoutes } from "./users-routes";

export const authModule: AppwriteModule = (app, deps) => {
  ensureAuthSchema(deps.db);
  // Console first: it claims /v1/account requests addressed to project `console` before the project Account routes.
  registerConsoleRoutes(app, deps);
  registerUsersRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerAuthDevRoutes(app, deps);
};

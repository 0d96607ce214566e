// The health module: /v1/health and the console/proxy calls the appwrite CLI needs.
import type { AppwriteModule } from "../server";
import { registerCliRoutes } from "./cli-routes";
import { registerHealthRoutes } from "./health-routes";

export const healthModule: AppwriteModule = (app, deps) => {
  registerHealthRoutes(app);
  registerCliRoutes(app, deps);
};

// The storage module: buckets and files, bytes in SQLite.
import type { AppwriteModule } from "../server";
import { registerBucketRoutes } from "./buckets-routes";
import { registerFileRoutes } from "./files-routes";

export const storageModule: AppwriteModule = (app, deps) => {
  registerBucketRoutes(app, deps);
  registerFileRoutes(app, deps);
};

// The messaging module: messages (push/SMS into the outbox), topics and subscribers, and the dev outbox endpoint.
import type { AppwriteModule } from "../server";
import { registerOutboxDevRoute } from "./dev-routes";
import { registerMessageRoutes } from "./messages-routes";
import { ensureOutboxSchema } from "./outbox";
import { registerTopicRoutes } from "./topics-routes";

export const messagingModule: AppwriteModule = (app, deps) => {
  ensureOutboxSchema(deps);
  registerMessageRoutes(app, deps);
  registerTopicRoutes(app, deps);
  registerOutboxDevRoute(app, deps);
};

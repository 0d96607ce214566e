// Publishes users.* events (§7.1): every id/`*` combination, realtime roles [user:ID] on channels account/account.ID.
import type { AppwriteDeps } from "../context";
import { generateEvents, platformEvent } from "./event-names";

export type UserEventName =
  | { action: "create" | "delete" }
  | { action: "update"; attribute: "email" | "name" | "phone" | "prefs" | "labels" | "status" | "password" | "verification" }
  | { action: "create" | "delete"; sessionId: string }
  | { action: "create" | "update" | "delete"; targetId: string };

export function publishUserEvent(deps: AppwriteDeps, userId: string, event: UserEventName, payload: Record<string, unknown>, actorUserId?: string): void {
  let names: string[];
  if ("sessionId" in event) names = generateEvents([["users", userId], ["sessions", event.sessionId]], event.action);
  else if ("targetId" in event) names = generateEvents([["users", userId], ["targets", event.targetId]], event.action);
  else names = generateEvents([["users", userId]], event.action, "attribute" in event ? event.attribute : undefined);
  deps.bus.publish(
    platformEvent(names, {
      channels: ["account", `account.${userId}`],
      roles: [`user:${userId}`],
      payload,
      nowMs: deps.now(),
      ...(actorUserId !== undefined ? { userId: actorUserId } : {}),
    }),
  );
}

// Resolves a message's users[], targets[] and topics[] to concrete targets of one provider type (deduplicated).
import type { AppwriteDeps } from "../context";
import { listTargetRows, type TargetRow } from "../auth/targets-store";
import { ensureAuthSchema } from "../auth/schema";

export function resolveRecipients(
  deps: AppwriteDeps,
  providerType: "push" | "sms",
  to: { users: readonly string[]; targets: readonly string[]; topics: readonly string[] },
): TargetRow[] {
  ensureAuthSchema(deps.db);
  const byId = new Map<string, TargetRow>();
  const add = (t: TargetRow | undefined) => {
    if (t && t.provider_type === providerType && t.expired === 0) byId.set(t.id, t);
  };
  for (const userId of to.users) for (const t of listTargetRows(deps, userId)) add(t);
  const getTarget = deps.db.prepare("SELECT * FROM _auth_targets WHERE id = ?");
  for (const id of to.targets) add(getTarget.get(id) as TargetRow | undefined);
  const subscribed = deps.db.prepare("SELECT t.* FROM _msg_subscribers s JOIN _auth_targets t ON t.id = s.target_id WHERE s.topic_id = ?");
  for (const topicId of to.topics) for (const t of subscribed.all(topicId) as TargetRow[]) add(t);
  return [...byId.values()];
}

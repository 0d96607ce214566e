import { Query } from "node-appwrite";
import type { Deps } from "../deps";

/** At most one default address per customer: clear the flag on every other one. */
export async function clearOtherDefaults(deps: Deps, userId: string, keepId: string): Promise<void> {
  const others = await deps.db.addresses.list([Query.equal("user_id", userId), Query.equal("is_default", true), Query.notEqual("$id", keepId)], { limit: 100 });
  for (const row of others.rows) await deps.db.addresses.update(row.$id, { is_default: false });
}

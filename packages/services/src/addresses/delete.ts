import { Query } from "node-appwrite";
import type { Deps } from "../deps";
import { notFound, type Caller } from "../caller";

/** Deletes one of the caller's addresses (orders keep their own copy); if it was the default, the newest other one becomes default. */
export async function deleteAddress(deps: Deps, caller: Caller, id: string): Promise<void> {
  const row = await deps.db.addresses.get(id);
  if (!row || row.user_id !== caller.userId) throw notFound("Address");
  await deps.db.addresses.delete(id);
  if (row.is_default) {
    const next = await deps.db.addresses.list([Query.equal("user_id", caller.userId), Query.orderDesc("$createdAt")], { limit: 1 });
    const first = next.rows[0];
    if (first) await deps.db.addresses.update(first.$id, { is_default: true });
  }
}

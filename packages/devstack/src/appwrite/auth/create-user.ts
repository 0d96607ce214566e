// Creating a user, whichever way (Users.create, Account.create, a first phone token): insert, keep the SMS target
// in step with the phone, and fire users.[id].create — Appwrite fires it for every creation path.
import type { AppwriteDeps } from "../context";
import { newId } from "../ids";
import { syncPhoneTarget } from "./targets-store";
import { publishUserEvent } from "./user-events";
import { insertUser, userModel, type NewUser, type UserRow } from "./users-store";

export function createUser(deps: AppwriteDeps, input: NewUser, actorUserId?: string): UserRow {
  const row = deps.db.transaction(() => {
    const user = insertUser(deps, input);
    if (user.phone) syncPhoneTarget(deps, user.id, user.phone, () => newId(deps.now()));
    return user;
  })();
  publishUserEvent(deps, row.id, { action: "create" }, userModel(deps, row), actorUserId ?? row.id);
  return row;
}

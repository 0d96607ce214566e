import { Query } from "node-appwrite";
import type { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import { MAX_SAVED_ADDRESSES, type CreateAddressRequest, type SavedAddress } from "@chizze/contracts/api/me";
import { deterministicId } from "@chizze/core";
import { rowPermissions } from "@chizze/schema";
import { Conflict } from "@chizze/platform/errors";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { clearOtherDefaults } from "./default";
import { toSavedAddress } from "./view";

/**
 * Saves an address for the caller. With an Idempotency-Key the row id is derived from (user, key), so an app that
 * retries after a lost reply gets the same address back instead of a duplicate. The first address is the default.
 */
export async function createAddress(
  deps: Deps,
  caller: Caller,
  input: z.infer<typeof CreateAddressRequest>,
  idempotencyKey?: string,
): Promise<z.infer<typeof SavedAddress>> {
  const id = idempotencyKey ? deterministicId("adr", [caller.userId, "me.addresses.create", idempotencyKey]) : deterministicId("adr", [caller.userId, deps.now().toISOString(), crypto.randomUUID()]);
  if (idempotencyKey) {
    const existing = await deps.db.addresses.get(id);
    if (existing && existing.user_id === caller.userId) return toSavedAddress(existing);
  }
  const mine = await deps.db.addresses.list([Query.equal("user_id", caller.userId)], { limit: MAX_SAVED_ADDRESSES + 1 });
  if (mine.rows.length >= MAX_SAVED_ADDRESSES) throw new ApiError("conflict", `At most ${MAX_SAVED_ADDRESSES} saved addresses; delete one first`);
  const isDefault = input.isDefault ?? mine.rows.length === 0;
  let row;
  try {
    row = await deps.db.addresses.create(
      id,
      {
        user_id: caller.userId,
        label: input.label,
        custom_label: input.customLabel ?? null,
        line1: input.line1,
        line2: input.line2 ?? null,
        landmark: input.landmark ?? null,
        locality: input.locality ?? null,
        city: input.city,
        state: input.state,
        pincode: input.pincode,
        lat: input.lat,
        lng: input.lng,
        contact_name: input.contactName ?? null,
        contact_phone: input.contactPhone ?? null,
        instructions: input.instructions ?? null,
        is_default: isDefault,
      },
      rowPermissions.owner(caller.userId),
    );
  } catch (err) {
    // A concurrent retry with the same key created it first: answer with that row.
    if (err instanceof Conflict && idempotencyKey) {
      const existing = await deps.db.addresses.get(id);
      if (existing && existing.user_id === caller.userId) return toSavedAddress(existing);
    }
    throw err;
  }
  if (isDefault) await clearOtherDefaults(deps, caller.userId, row.$id);
  return toSavedAddress(row);
}

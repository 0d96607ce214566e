import { Query } from "node-appwrite";
import type { z } from "zod";
import type { AddressesResponse } from "@chizze/contracts/api/me";
import { MAX_SAVED_ADDRESSES } from "@chizze/contracts/api/me";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { toSavedAddress } from "./view";

/** The caller's saved addresses, the default first. */
export async function listAddresses(deps: Deps, caller: Caller): Promise<z.infer<typeof AddressesResponse>> {
  const page = await deps.db.addresses.list([Query.equal("user_id", caller.userId), Query.orderDesc("is_default"), Query.orderDesc("$createdAt")], { limit: MAX_SAVED_ADDRESSES });
  return { items: page.rows.map(toSavedAddress) };
}

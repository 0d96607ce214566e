import type { z } from "zod";
import type { Profile } from "@chizze/contracts/api/me";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { loadOwnProfile } from "./load";
import { toProfile } from "./view";

/** The caller's own profile; there is no id to ask for anyone else's. */
export async function getProfile(deps: Deps, caller: Caller): Promise<z.infer<typeof Profile>> {
  return toProfile(await loadOwnProfile(deps, caller), caller.roles);
}

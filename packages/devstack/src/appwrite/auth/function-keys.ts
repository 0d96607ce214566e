// Ephemeral function keys: what a function receives as `x-appwrite-key` — `ephemeral_<JWT{projectId, scopes, exp}>`
// (older servers: `dynamic_…`), signed with the project's JWT secret. They act as a key with exactly those scopes.
import type { AppwriteDeps } from "../context";
import { signJwt, verifyJwt } from "./jwt";

/** Mints a key for a function execution; Appwrite makes it valid for the function timeout + 60 s. */
export function mintEphemeralKey(deps: AppwriteDeps, scopes: readonly string[], ttlSeconds: number): string {
  const exp = Math.floor(deps.now() / 1000) + ttlSeconds;
  return `ephemeral_${signJwt(deps.config.jwtSecret, { projectId: deps.config.projectId, scopes: [...scopes], exp })}`;
}

/** The scopes of a valid ephemeral/dynamic key for this project; undefined when invalid, expired or foreign. */
export function decodeEphemeralKey(deps: AppwriteDeps, key: string): ReadonlySet<string> | undefined {
  const m = /^(?:ephemeral|dynamic)_(.+)$/.exec(key);
  if (!m?.[1]) return undefined;
  const result = verifyJwt(deps.config.jwtSecret, m[1], deps.now());
  if (!result.ok) return undefined;
  const { projectId, scopes } = result.payload;
  if (projectId !== deps.config.projectId || !Array.isArray(scopes)) return undefined;
  return new Set(scopes.filter((s): s is string => typeof s === "string"));
}

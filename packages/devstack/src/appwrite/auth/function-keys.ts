// Ephemeral function keys: what a function receives as `x-appwrite-key` — `ephemeral_<JWT{projectId, scopes, exp}>`
// (older servers: `dynamic_…`), signed with the project's JWT secret. They act as a key with exactly those scopes.
import type { AppwriteDeps } from "../context";
import { signJwt, verifyJwt } from "./jwt";

/** Mints a key for a function execution; Appwrite makes it valid for the function timeout + 60 s. */
export function mintEphemeralKey(deps: AppwriteDeps, scopes: readonly string[], ttlSeconds: number): string {
  const exp = Math.floor(deps.now() / 1000) + ttlSeconds;
  return `ephemeral_${signJwt(deps.config.jwtSecret, { projectId: deps.config.projectId, scopes: [...scopes], exp })}`;
}

/**
 * Keys already verified, by key text: every Appwrite call a function makes carries its execution's key, and an HMAC
 * check per request was ~4 % of the devstack's main thread under load. Expiry is still checked on every use.
 */
const verified = new Map<string, { scopes: ReadonlySet<string>; expMs: number }>();
const VERIFIED_MAX = 1_024;

/** The scopes of a valid ephemeral/dynamic key for this project; undefined when invalid, expired or foreign. */
export function decodeEphemeralKey(deps: AppwriteDeps, key: string): ReadonlySet<string> | undefined {
  // The secret is part of the cache key: stacks in one process (tests) never vouch for each other's keys.
  const cacheKey = `${deps.config.projectId}\n${deps.config.jwtSecret}\n${key}`;
  const known = verified.get(cacheKey);
  if (known) {
    if (known.expMs > deps.now()) return known.scopes;
    verified.delete(cacheKey);
    return undefined;
  }
  const m = /^(?:ephemeral|dynamic)_(.+)$/.exec(key);
  if (!m?.[1]) return undefined;
  const result = verifyJwt(deps.config.jwtSecret, m[1], deps.now());
  if (!result.ok) return undefined;
  const { projectId, scopes, exp } = result.payload;
  if (projectId !== deps.config.projectId || !Array.isArray(scopes)) return undefined;
  const granted = new Set(scopes.filter((s): s is string => typeof s === "string"));
  if (typeof exp === "number") {
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
    verified.set(cacheKey, { scopes: granted, expMs: exp * 1000 });
  }
  return granted;
}

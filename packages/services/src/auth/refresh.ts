import type { z } from "zod";
import type { RefreshRequest, RefreshResponse } from "@chizze/contracts/api/auth";
import { ApiError } from "@chizze/contracts/errors";
import type { Deps } from "../deps";
import { jwtForSession } from "./session";

/**
 * A new 15-minute JWT for the holder of a session secret (the `session` role: no JWT needed, the app's last one may
 * have expired). The secret comes in the body or in X-Session-Secret; a body value wins (contracts). Appwrite checks
 * the secret: a deleted or expired session is 401 and the app logs in again.
 */
export async function refreshJwt(
  deps: Deps,
  input: { body: z.infer<typeof RefreshRequest> | undefined; headerSecret: string | undefined },
): Promise<z.infer<typeof RefreshResponse>> {
  const secret = input.body?.sessionSecret ?? input.headerSecret;
  if (!secret) throw new ApiError("unauthenticated", "Send the session secret in X-Session-Secret or the body");
  return jwtForSession(deps, secret);
}

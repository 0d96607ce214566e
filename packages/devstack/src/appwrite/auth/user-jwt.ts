// Account JWTs: HS256 {userId, sessionId, exp}. sessionId "" means not bound to a session (users.createJWT default,
// event-triggered function executions).
import type { AppwriteDeps } from "../context";
import { AppwriteError } from "../errors";
import { signJwt } from "./jwt";

export const JWT_DEFAULT_SECONDS = 900;
export const JWT_MAX_SECONDS = 3600;

export function signUserJwt(deps: AppwriteDeps, userId: string, sessionId: string, durationSeconds = JWT_DEFAULT_SECONDS): string {
  if (durationSeconds < 0 || durationSeconds > JWT_MAX_SECONDS) {
    throw new AppwriteError("general_argument_invalid", `Invalid \`duration\` param: Value must be a valid range between 0 and ${JWT_MAX_SECONDS}`);
  }
  return signJwt(deps.config.jwtSecret, { userId, sessionId, exp: Math.floor(deps.now() / 1000) + durationSeconds });
}

// Appwrite IDs: `unique()` makes the server generate one; custom IDs follow utopia's Key validator.
import { randomBytes } from "node:crypto";
import { AppwriteError } from "../errors";

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;

/** 20 hex chars like the SDKs' ID.unique(): hex seconds + 5 hex of ms + 7 random hex (sortable by creation time). */
export function newId(nowMs: number = Date.now()): string {
  const seconds = Math.floor(nowMs / 1000).toString(16);
  const ms = (nowMs % 1000).toString(16).padStart(5, "0");
  return seconds + ms + randomBytes(4).toString("hex").slice(0, 7);
}

/** Accepts `unique()` (server-generated) or a valid custom ID; anything else is 400 general_argument_invalid. */
export function resolveId(param: string, value: unknown, nowMs?: number): string {
  if (value === "unique()") return newId(nowMs);
  if (typeof value !== "string" || !KEY_RE.test(value)) {
    throw new AppwriteError(
      "general_argument_invalid",
      `Invalid \`${param}\` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char`,
    );
  }
  return value;
}

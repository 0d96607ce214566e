// Appwrite resource ids: generation like the SDKs' ID.unique() and the server's Key/UID validator (wire spec §11.1).
import { randomInt } from "node:crypto";
import { AppwriteError } from "./errors";

/** 20 hex chars: hex(seconds) + 5-hex milliseconds + 7 random hex digits, the same shape the SDKs generate. */
export function uniqueId(nowMs: number = Date.now()): string {
  const sec = Math.floor(nowMs / 1000).toString(16);
  const ms = (nowMs % 1000).toString(16).padStart(5, "0");
  let rand = "";
  for (let i = 0; i < 7; i++) rand += randomInt(16).toString(16);
  return sec + ms + rand;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;

/** True for a valid custom id or column/index key: [A-Za-z0-9._-], ≤36 chars, no leading special char. */
export function isValidKey(id: string): boolean {
  return KEY.test(id);
}

/** Resolves `unique()` to a generated id and validates custom ids (400 general_argument_invalid otherwise). */
export function resolveId(param: string, value: unknown, nowMs: number = Date.now()): string {
  if (typeof value !== "string" || value === "") throw new AppwriteError("general_argument_invalid", `Param "${param}" is not optional.`);
  if (value === "unique()") return uniqueId(nowMs);
  if (!isValidKey(value)) {
    throw new AppwriteError(
      "general_argument_invalid",
      `Invalid \`${param}\` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char`,
    );
  }
  return value;
}

/** Alias used where a new resource id is minted (sessions, executions, messages). */
export const newId = uniqueId;

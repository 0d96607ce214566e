// Secrets at rest: session/token secrets as sha256 (looked up on every request, so a fast hash), passwords as scrypt.
import { createHash, randomBytes, randomInt, scryptSync, timingSafeEqual } from "node:crypto";

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function randomSecret(bytes = 64): string {
  return randomBytes(bytes).toString("hex");
}

/** Alphanumeric secret of `length` chars (users.createToken). */
export function randomAlnum(length: number): string {
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let out = "";
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
}

/** A 6-digit one-time code (phone tokens). */
export function randomOtp(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

// N=16384 keeps hashing around 20-50 ms: safe enough for a local store, fast enough for tests.
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export function verifyPassword(password: string, stored: string | null): boolean {
  if (!stored) return false;
  const [kind, n, r, p, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const got = scryptSync(password, Buffer.from(salt, "base64"), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(got, expected);
}

/** Appwrite's session store value: base64(JSON {id: userId, secret}) — the cookie, X-Appwrite-Session and realtime auth value. */
export function encodeSession(userId: string, secret: string): string {
  return Buffer.from(JSON.stringify({ id: userId, secret })).toString("base64");
}

export function decodeSession(encoded: string): { id: string; secret: string } | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
    if (v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" && typeof (v as { secret?: unknown }).secret === "string") {
      return v as { id: string; secret: string };
    }
  } catch {
    // not a store value: treated as no session
  }
  return undefined;
}

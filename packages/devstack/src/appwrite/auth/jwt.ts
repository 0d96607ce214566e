// HS256 JWTs as Appwrite signs them (adhocore/php-jwt): header {"typ":"JWT","alg":"HS256"}, base64url without padding.
// Used for account/users JWTs and for ephemeral function keys.
import { createHmac, timingSafeEqual } from "node:crypto";

const HEADER = Buffer.from(JSON.stringify({ typ: "JWT", alg: "HS256" })).toString("base64url");

export function signJwt(secret: string, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const sig = createHmac("sha256", secret).update(`${HEADER}.${body}`).digest("base64url");
  return `${HEADER}.${body}.${sig}`;
}

export type JwtResult = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: "malformed" | "signature" | "expired" };

/** Verifies signature and `exp` (seconds) against `nowMs`. */
export function verifyJwt(secret: string, token: string, nowMs: number): JwtResult {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [h, b, s] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${h}.${b}`).digest();
  const given = Buffer.from(s, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature" };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(b, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!payload || typeof payload !== "object") return { ok: false, reason: "malformed" };
  const exp = (payload as { exp?: unknown }).exp;
  if (typeof exp === "number" && exp * 1000 <= nowMs) return { ok: false, reason: "expired" };
  return { ok: true, payload: payload as Record<string, unknown> };
}

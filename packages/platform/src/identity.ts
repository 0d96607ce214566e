// The caller's identity as the edge vouches for it.
//
// Functions serving HTTP routes are executable only with an API key (`execute: []` in appwrite.json), and only the
// edge holds that key. The edge verifies the app's Appwrite JWT (GET /account), reads the user's labels, and passes
// the result to the function in `x-chizze-identity`: a short-lived HS256 JWT signed with CHIZZE_IDENTITY_SECRET,
// bound to the function (`aud`) and the request (`rid`). A function trusts nothing else a request says about
// who is calling. jose is used because it runs unchanged on Workers (WebCrypto) and Node.
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";

export const IDENTITY_HEADER = "x-chizze-identity";

export type Role = "customer" | "restaurant" | "partner" | "admin";
export const ROLES: readonly Role[] = ["customer", "restaurant", "partner", "admin"];

export interface Identity {
  userId: string;
  /** Roles from the user's Appwrite labels; every signed-in user is at least a customer. */
  roles: Role[];
  /** The Appwrite session the app's JWT was bound to (for /auth/refresh and logout). */
  sessionId?: string;
  /** Phone (E.164) when known: OTP limits and masking. */
  phone?: string;
}

const ISSUER = "chizze-edge";
const MAX_AGE_SEC = 60;

function keyOf(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error("CHIZZE_IDENTITY_SECRET must be at least 32 characters");
  return new TextEncoder().encode(secret);
}

/** Roles carried by Appwrite labels. Unknown labels are ignored; `customer` is implied. */
export function rolesFromLabels(labels: readonly string[]): Role[] {
  const roles = new Set<Role>(["customer"]);
  for (const l of labels) if ((ROLES as readonly string[]).includes(l)) roles.add(l as Role);
  return [...roles];
}

export async function signIdentity(identity: Identity, opts: { secret: string; functionId: string; requestId: string }): Promise<string> {
  return new SignJWT({ roles: identity.roles, sid: identity.sessionId, phone: identity.phone, rid: opts.requestId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setSubject(identity.userId)
    .setAudience(opts.functionId)
    .setIssuedAt()
    .setExpirationTime(`${MAX_AGE_SEC}s`)
    .sign(keyOf(opts.secret));
}

export type IdentityResult = { ok: true; identity: Identity; requestId?: string } | { ok: false; reason: "invalid" | "expired" | "wrong_audience" };

export async function verifyIdentity(token: string, opts: { secret: string; functionId: string }): Promise<IdentityResult> {
  try {
    const { payload } = await jwtVerify(token, keyOf(opts.secret), { issuer: ISSUER, audience: opts.functionId, algorithms: ["HS256"], maxTokenAge: `${MAX_AGE_SEC}s` });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => typeof r === "string" && (ROLES as readonly string[]).includes(r)) : [];
    if (typeof payload.sub !== "string" || payload.sub === "") return { ok: false, reason: "invalid" };
    return {
      ok: true,
      identity: {
        userId: payload.sub,
        roles,
        ...(typeof payload.sid === "string" ? { sessionId: payload.sid } : {}),
        ...(typeof payload.phone === "string" ? { phone: payload.phone } : {}),
      },
      ...(typeof payload.rid === "string" ? { requestId: payload.rid } : {}),
    };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: "expired" };
    if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === "aud") return { ok: false, reason: "wrong_audience" };
    return { ok: false, reason: "invalid" };
  }
}

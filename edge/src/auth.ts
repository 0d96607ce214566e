// Who is calling: `Authorization: Bearer <Appwrite JWT>` verified with Appwrite (`GET /v1/account` with
// X-Appwrite-JWT), roles from the user's labels. Verified sessions are cached twice, keyed by a hash of the token:
// - in Redis under `sess:{sha256(jwt)}` for at most SESSION_CACHE_MAX_SEC and never past the JWT's own `exp`, so all
//   isolates share one Appwrite round trip per token per minute;
// - in a small per-isolate LRU for LRU_TTL_MS, so a burst from one app costs no Redis call either.
// The price is revocation latency: a JWT whose session was deleted (logout, ban) keeps working for up to
// SESSION_CACHE_MAX_SEC (docs/edge.md). Redis failures never fail a request: the edge asks Appwrite instead.
import type { AnyRoute } from "@chizze/contracts/route";
import { z } from "zod";
import { ApiError } from "@chizze/contracts/errors";
import { rolesFromLabels, type Identity } from "@chizze/platform/identity";
import { keys } from "@chizze/platform/redis/keys";
import { sha256Hex } from "@chizze/platform/hashing";
import type { Redis } from "@chizze/platform/redis/client";
import { fetchGet } from "./http";
import type { Logger } from "./logger";

export const SESSION_CACHE_MAX_SEC = 60;
export const LRU_TTL_MS = 15_000;
export const LRU_MAX_ENTRIES = 1_000;
export const ACCOUNT_TIMEOUT_MS = 3_000;

/** Only these roles need a verified JWT; public routes use one when it verifies and ignore it otherwise. */
export function needsToken(route: AnyRoute): boolean {
  return !route.roles.some((r) => r === "public" || r === "razorpay" || r === "session");
}

/** The token of an `Authorization: Bearer …` header; null when absent or another scheme. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return m?.[1] ?? null;
}

interface JwtClaims {
  exp: number | undefined;
  sessionId: string | undefined;
}

function base64UrlDecode(s: string): string | null {
  try {
    const b64 = s.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(s.length / 4) * 4, "=");
    const bin = atob(b64);
    return new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
}

/**
 * The JWT's claims, read without verifying: only used to refuse obviously dead tokens without a round trip and to
 * bound the cache lifetime. Appwrite does the verification.
 */
export function unverifiedClaims(token: string): JwtClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null;
  const json = base64UrlDecode(parts[1] ?? "");
  if (json === null) return null;
  try {
    const payload = JSON.parse(json) as unknown;
    if (typeof payload !== "object" || payload === null) return null;
    const p = payload as Record<string, unknown>;
    return {
      exp: typeof p.exp === "number" ? p.exp : undefined,
      sessionId: typeof p.sessionId === "string" && p.sessionId !== "" ? p.sessionId : undefined,
    };
  } catch {
    return null;
  }
}

const CachedIdentity = z.object({
  userId: z.string().min(1),
  roles: z.array(z.enum(["customer", "restaurant", "partner", "admin"])),
  sessionId: z.string().optional(),
  phone: z.string().optional(),
});

const AccountModel = z.object({
  $id: z.string().min(1),
  labels: z.array(z.string()).default([]),
  phone: z.string().default(""),
});

export interface AuthConfig {
  APPWRITE_ENDPOINT: string;
  APPWRITE_PROJECT_ID: string;
}

export interface VerifyOptions {
  /** Redis for the shared session cache; null skips it (the LRU and Appwrite still work). */
  redis: Redis | null;
  log: Logger;
  /** Runs the Redis write after the response (waitUntil on Workers). */
  defer: (work: Promise<unknown>) => void;
}

const unauthenticated = (detail: string) => new ApiError("unauthenticated", detail);

export class Authenticator {
  private readonly lru = new Map<string, { identity: Identity; expiresAt: number }>();
  /** How many times Appwrite was asked (tests read it to prove the caches work). */
  accountCalls = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The verified caller of a token, or an ApiError: 401 for a bad token, 503 when Appwrite cannot answer. */
  async verify(token: string, cfg: AuthConfig, opts: VerifyOptions): Promise<Identity> {
    const claims = unverifiedClaims(token);
    if (!claims) throw unauthenticated("Malformed token (user_jwt_invalid)");
    const nowMs = this.now();
    if (claims.exp !== undefined && claims.exp * 1000 <= nowMs) throw unauthenticated("Token expired (user_jwt_invalid)");

    const hash = await sha256Hex(token);
    const hit = this.lru.get(hash);
    if (hit && hit.expiresAt > nowMs) {
      this.lru.delete(hash);
      this.lru.set(hash, hit);
      return hit.identity;
    }
    if (hit) this.lru.delete(hash);

    const fromRedis = await this.readRedis(hash, opts);
    if (fromRedis) {
      this.remember(hash, fromRedis, claims, nowMs);
      return fromRedis;
    }

    const identity = await this.askAppwrite(token, claims, cfg);
    this.remember(hash, identity, claims, nowMs);
    const ttlSec = Math.min(SESSION_CACHE_MAX_SEC, claims.exp === undefined ? SESSION_CACHE_MAX_SEC : Math.floor(claims.exp - nowMs / 1000));
    if (opts.redis && ttlSec >= 1) {
      const redis = opts.redis;
      opts.defer(
        redis.set(keys.session(hash), JSON.stringify(identity), { ex: ttlSec }).catch((err: unknown) => {
          opts.log.warn("session cache write failed", { err: err instanceof Error ? err.name : "unknown" });
        }),
      );
    }
    return identity;
  }

  private async readRedis(hash: string, opts: VerifyOptions): Promise<Identity | null> {
    if (!opts.redis) return null;
    try {
      const raw = await opts.redis.get<unknown>(keys.session(hash));
      if (raw === null || raw === undefined) return null;
      const parsed = CachedIdentity.safeParse(typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw);
      return parsed.success ? stripUndefined(parsed.data) : null;
    } catch (err) {
      // UpstashError messages carry the command's arguments: log the name only.
      opts.log.warn("session cache read failed", { err: err instanceof Error ? err.name : "unknown" });
      return null;
    }
  }

  private remember(hash: string, identity: Identity, claims: JwtClaims, nowMs: number): void {
    const expiresAt = Math.min(nowMs + LRU_TTL_MS, claims.exp === undefined ? Number.POSITIVE_INFINITY : claims.exp * 1000);
    this.lru.set(hash, { identity, expiresAt });
    while (this.lru.size > LRU_MAX_ENTRIES) {
      const oldest = this.lru.keys().next().value;
      if (oldest === undefined) break;
      this.lru.delete(oldest);
    }
  }

  private async askAppwrite(token: string, claims: JwtClaims, cfg: AuthConfig): Promise<Identity> {
    this.accountCalls += 1;
    let res: Response;
    try {
      res = await fetchGet(`${cfg.APPWRITE_ENDPOINT}/account`, {
        headers: { "x-appwrite-project": cfg.APPWRITE_PROJECT_ID, "x-appwrite-jwt": token, accept: "application/json" },
        timeoutMs: ACCOUNT_TIMEOUT_MS,
      });
    } catch (err) {
      throw new ApiError("dependency_unavailable", "Sign-in service unavailable; retry shortly", { cause: err, headers: { "retry-after": "5" } });
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      throw new ApiError("dependency_unavailable", "Sign-in service unavailable; retry shortly", { headers: { "retry-after": "5" } });
    }
    if (!res.ok) {
      // 401 user_jwt_invalid (bad, expired or revoked token), 401 general_unauthorized_scope (guest), 404 (user gone).
      await res.body?.cancel();
      throw unauthenticated("Invalid or expired token (user_jwt_invalid)");
    }
    const account = AccountModel.safeParse(await res.json().catch(() => null));
    if (!account.success) throw new ApiError("bad_gateway", "Unexpected answer from the sign-in service");
    return {
      userId: account.data.$id,
      roles: rolesFromLabels(account.data.labels),
      ...(claims.sessionId ? { sessionId: claims.sessionId } : {}),
      ...(account.data.phone ? { phone: account.data.phone } : {}),
    };
  }
}

function stripUndefined(i: z.output<typeof CachedIdentity>): Identity {
  return {
    userId: i.userId,
    roles: i.roles,
    ...(i.sessionId ? { sessionId: i.sessionId } : {}),
    ...(i.phone ? { phone: i.phone } : {}),
  };
}

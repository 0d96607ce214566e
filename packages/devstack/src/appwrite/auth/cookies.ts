// Reading the session value a request carries and writing the cookies + X-Fallback-Cookies a session creation sets.
import type { Context } from "hono";

/** Parses a Cookie header; also tolerates the CLI sending a whole Set-Cookie string (`a=b; expires=…; path=/`). */
export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

/**
 * The session store value in Appwrite's order (request.php `user`): cookie `a_session_<p>` (or `_legacy`), then
 * X-Appwrite-Session, then the X-Fallback-Cookies JSON. The first one present wins, even if it is invalid.
 */
export function sessionValueOf(headers: Headers, projectId: string): string | undefined {
  const cookies = parseCookies(headers.get("cookie"));
  const cookie = cookies.get(`a_session_${projectId}`) || cookies.get(`a_session_${projectId}_legacy`);
  if (cookie) return cookie;
  const header = headers.get("x-appwrite-session");
  if (header) return header;
  const fallback = headers.get("x-fallback-cookies");
  if (!fallback) return undefined;
  try {
    const parsed: unknown = JSON.parse(fallback);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const v = (parsed as Record<string, unknown>)[`a_session_${projectId}`];
      if (typeof v === "string" && v !== "") return v;
    }
  } catch {
    // a malformed fallback header is no session
  }
  return undefined;
}

/** Sets `a_session_<p>` + `_legacy` and X-Fallback-Cookies (Node and browsers on another domain keep no cookies). */
export function setSessionCookies(c: Context, projectId: string, encoded: string, expireMs: number): void {
  const expires = new Date(expireMs).toUTCString();
  const name = `a_session_${projectId}`;
  c.header("Set-Cookie", `${name}_legacy=${encoded}; expires=${expires}; path=/; httponly`, { append: true });
  c.header("Set-Cookie", `${name}=${encoded}; expires=${expires}; path=/; httponly; samesite=none`, { append: true });
  c.header("X-Fallback-Cookies", JSON.stringify({ [name]: encoded }));
}

/** Logout: expire both cookies and clear the web SDK's fallback store (Appwrite sends `[]`). */
export function clearSessionCookies(c: Context, projectId: string): void {
  const past = new Date(0).toUTCString();
  const name = `a_session_${projectId}`;
  c.header("Set-Cookie", `${name}_legacy=; expires=${past}; path=/; httponly`, { append: true });
  c.header("Set-Cookie", `${name}=; expires=${past}; path=/; httponly; samesite=none`, { append: true });
  c.header("X-Fallback-Cookies", "[]");
}

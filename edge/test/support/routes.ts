// Concrete requests for contract routes: a URL with every `:param` filled, and the personas a route admits.
import type { AnyRoute } from "@chizze/contracts/route";
import type { Persona } from "./harness";

export function urlOf(route: AnyRoute, param = "abc123"): string {
  return route.path.replace(/:[A-Za-z][A-Za-z0-9]*/g, encodeURIComponent(param));
}

/** Every signed-in user holds `customer` (contracts: customer is implied); label roles add to it. */
export function personaRoles(p: Persona): string[] {
  return p === "customer" ? ["customer"] : ["customer", p];
}

export function admits(route: AnyRoute, p: Persona): boolean {
  if (route.roles.some((r) => r === "public" || r === "self")) return true;
  return personaRoles(p).some((r) => (route.roles as readonly string[]).includes(r));
}

export function needsJwt(route: AnyRoute): boolean {
  return !route.roles.some((r) => r === "public" || r === "razorpay" || r === "session");
}

export function init(route: AnyRoute, token: string | null, body?: string, headers: Record<string, string> = {}): RequestInit {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (route.request.body) h["content-type"] = "application/json";
  return { method: route.method, headers: h, ...(route.request.body ? { body: body ?? "{}" } : {}) };
}

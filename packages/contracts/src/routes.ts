// The route table: every public endpoint of /api/v1, grouped by resource. The edge mounts these in order,
// so static segments are listed before parameterised ones where they overlap (/restaurants/nearby before
// /restaurants/:id); Hono's router would prefer the static match anyway, this keeps the docs readable too.
import { adminRoutes } from "./api/admin";
import { appConfigRoutes } from "./api/app-config";
import { authRoutes } from "./api/auth";
import { cartRoutes } from "./api/cart";
import { catalogRoutes } from "./api/catalog";
import { deliveryRoutes } from "./api/delivery";
import { functionHealthRoute, healthRoutes } from "./api/health";
import { meRoutes } from "./api/me";
import { ordersRoutes } from "./api/orders";
import { paymentsRoutes } from "./api/payments";
import { restaurantRoutes } from "./api/restaurant";
import type { AnyRoute, Method } from "./route";

export const ROUTE_GROUPS = {
  health: healthRoutes,
  auth: authRoutes,
  app: appConfigRoutes,
  catalog: catalogRoutes,
  cart: cartRoutes,
  orders: ordersRoutes,
  payments: paymentsRoutes,
  me: meRoutes,
  restaurant: restaurantRoutes,
  delivery: deliveryRoutes,
  admin: adminRoutes,
} as const;

export const ROUTES = [
  ...healthRoutes,
  ...authRoutes,
  ...appConfigRoutes,
  ...catalogRoutes,
  ...cartRoutes,
  ...ordersRoutes,
  ...paymentsRoutes,
  ...meRoutes,
  ...restaurantRoutes,
  ...deliveryRoutes,
  ...adminRoutes,
] as const satisfies readonly AnyRoute[];

export type AppRoute = (typeof ROUTES)[number];
export type RouteId = AppRoute["id"];

/** Executed by the edge itself (readiness), never routed from apps. */
export const INTERNAL_ROUTES = [functionHealthRoute] as const satisfies readonly AnyRoute[];

const byId = new Map<string, AnyRoute>(ROUTES.map((r) => [r.id, r]));

export function routeById(id: string): AnyRoute | undefined {
  return byId.get(id);
}

/** The route for an exact method and Hono path template (not a concrete URL). */
export function routeByPath(method: Method, path: string): AnyRoute | undefined {
  return ROUTES.find((r) => r.method === method && r.path === path);
}

/** Ids of every Appwrite Function that serves an HTTP route (for appwrite.json and deploy checks). */
export function httpFunctionIds(): string[] {
  const ids = new Set<string>();
  for (const r of [...ROUTES, ...INTERNAL_ROUTES]) if (r.functionId !== null) ids.add(r.functionId);
  return [...ids].sort();
}

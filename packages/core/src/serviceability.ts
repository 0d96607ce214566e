// Can this restaurant deliver to this point now? Zone rule (documented in README): the customer's point must
// lie in an active zone, and the restaurant must belong to that same zone — its `zone_id` when set, otherwise
// the zone its own location falls in. Zones are how operations switches an area off (rain, no riders), and a
// restaurant never crosses into another zone's rider pool. Then the straight-line distance must be within the
// restaurant's own delivery radius, the owner must be online, and the hours must say open.
import type { Closures, WeeklyHours } from "@chizze/schema/documents";
import { haversineM, pointInPolygon } from "./geo";
import type { LatLng, Polygon } from "./geo";
import { isOpenAt } from "./hours";

export interface ZoneArea {
  id: string;
  isActive: boolean;
  /** Outer ring first, `[lng, lat]` pairs (zones.area). */
  area: Polygon;
}

export interface RestaurantReach {
  id: string;
  location: LatLng;
  zoneId: string | null;
  deliveryRadiusM: number;
  isOnline: boolean;
  /** Unapproved restaurants are filtered out by callers (404); here they count as offline, defensively. */
  isApproved: boolean;
  hours: WeeklyHours | null;
  closures: Closures | null;
}

export type ServiceabilityReason = "outside_service_area" | "out_of_radius" | "closed" | "offline";

export type Serviceability = { ok: true; distanceM: number; zoneId: string } | { ok: false; reason: ServiceabilityReason; distanceM: number };

/**
 * Active zones containing `point` (usually zero or one; zones may overlap at their borders).
 * @example zonesContaining({ lat: 12.97, lng: 77.6 }, zones).map((z) => z.id)
 */
export function zonesContaining(point: LatLng, zones: readonly ZoneArea[]): ZoneArea[] {
  return zones.filter((z) => z.isActive && pointInPolygon(point, z.area));
}

function restaurantZoneIds(r: RestaurantReach, candidates: readonly ZoneArea[]): string[] {
  if (r.zoneId !== null) return [r.zoneId];
  return candidates.filter((z) => pointInPolygon(r.location, z.area)).map((z) => z.id);
}

/**
 * Serviceability of one restaurant for one point at `now`. Checks run from the most to the least permanent
 * reason, so the app shows the most useful message: outside_service_area → offline → out_of_radius → closed.
 * @example checkServiceability(restaurant, { lat: 12.97, lng: 77.6 }, zones, new Date())
 * // { ok: true, distanceM: 1840, zoneId: "zone_blr_central" }
 */
export function checkServiceability(r: RestaurantReach, point: LatLng, zones: readonly ZoneArea[], now: Date): Serviceability {
  const distanceM = Math.round(haversineM(r.location, point));
  const pointZones = zonesContaining(point, zones);
  const shared = restaurantZoneIds(r, pointZones).find((id) => pointZones.some((z) => z.id === id));
  if (shared === undefined) return { ok: false, reason: "outside_service_area", distanceM };
  if (!r.isOnline || !r.isApproved) return { ok: false, reason: "offline", distanceM };
  if (distanceM > r.deliveryRadiusM) return { ok: false, reason: "out_of_radius", distanceM };
  if (!isOpenAt(r.hours, r.closures, now)) return { ok: false, reason: "closed", distanceM };
  return { ok: true, distanceM, zoneId: shared };
}

/** `reason` of GET /restaurants/nearby (contracts NearbyReason). */
export type NearbyReason = "outside_service_area" | "all_closed" | null;

/**
 * Why a nearby list is empty. null when something qualifies. "outside_service_area" when the point is in no
 * active zone or no restaurant of its zone reaches it (there is nothing to wait for); "all_closed" when at
 * least one restaurant would deliver here but is closed or offline right now (come back later).
 * @example nearbyReason(true, [{ ok: false, reason: "closed", distanceM: 900 }]) // "all_closed"
 */
export function nearbyReason(pointInActiveZone: boolean, results: readonly Serviceability[]): NearbyReason {
  if (!pointInActiveZone) return "outside_service_area";
  if (results.some((r) => r.ok)) return null;
  if (results.some((r) => !r.ok && (r.reason === "closed" || r.reason === "offline"))) return "all_closed";
  return "outside_service_area";
}

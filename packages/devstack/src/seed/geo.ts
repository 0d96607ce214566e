// Geometry for seeding on [lng, lat] pairs (how zone polygons are stored): containment and distance come from
// @chizze/core; offsets are planar, accurate at city scale (a few km).
import { haversineM, pointInPolygon as corePointInPolygon } from "@chizze/core";

export type LngLat = [number, number];
/** Closed rings of [lng, lat]; the first ring is the outer boundary. */
export type Polygon = LngLat[][];

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;
const latLng = (p: LngLat) => ({ lat: p[1], lng: p[0] });

/** Inside the outer ring and outside every hole (core's geometry, on [lng, lat] pairs). */
export function pointInPolygon(point: LngLat, polygon: Polygon): boolean {
  return corePointInPolygon(latLng(point), polygon);
}

export function distanceM(a: LngLat, b: LngLat): number {
  return haversineM(latLng(a), latLng(b));
}

/** The point `distance` metres from `origin` on compass `bearingDeg` (equirectangular; fine under ~10 km). */
export function offset(origin: LngLat, distance: number, bearingDeg: number): LngLat {
  const dNorth = distance * Math.cos(rad(bearingDeg));
  const dEast = distance * Math.sin(rad(bearingDeg));
  const lat = origin[1] + (dNorth / EARTH_RADIUS_M) * (180 / Math.PI);
  const lng = origin[0] + (dEast / (EARTH_RADIUS_M * Math.cos(rad(origin[1])))) * (180 / Math.PI);
  return [lng, lat];
}

/** Rounds to 6 decimals (~0.1 m): what a phone's GPS reports, and stable in JSON. */
export function round6(p: LngLat): LngLat {
  return [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
}

/**
 * A closed star-shaped ring around `centre`: vertex k at bearing k·360/n and `radiusM × shape[k]`. With every
 * shape factor in (0.8, 1] the disc of radius 0.75 × radiusM is inside the ring, and nothing is beyond radiusM.
 */
export function ringAround(centre: LngLat, radiusM: number, shape: readonly number[]): LngLat[] {
  const ring = shape.map((f, k) => round6(offset(centre, radiusM * f, (k * 360) / shape.length)));
  ring.push([...(ring[0] as LngLat)]);
  return ring;
}

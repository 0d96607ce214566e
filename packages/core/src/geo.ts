// Plain spherical geometry for a city-scale service: distances in metres, bounding boxes for indexed lat/lng
// range queries, and point-in-polygon for zones. A spherical Earth is off by ≤0.5 % against WGS 84, far below
// GPS noise and the road-factor guess applied on top (eta.ts), so no ellipsoid maths.

export interface LatLng {
  lat: number;
  lng: number;
}

/** A zone ring as stored by Appwrite polygon columns: `[lng, lat]` pairs, closed (first = last) or not. */
export type Ring = readonly (readonly [number, number])[];
/** Outer ring first, then holes. */
export type Polygon = readonly Ring[];

/** IUGG mean Earth radius (metres). */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/**
 * True for finite WGS 84 coordinates (lat −90..90, lng −180..180).
 * @example isValidLatLng({ lat: 12.97, lng: 77.59 }) // true
 */
export function isValidLatLng(p: LatLng): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && p.lat >= -90 && p.lat <= 90 && p.lng >= -180 && p.lng <= 180;
}

function assertLatLng(p: LatLng): void {
  if (!isValidLatLng(p)) throw new RangeError(`invalid coordinates ${p.lat},${p.lng}`);
}

/**
 * Great-circle (haversine) distance in metres.
 * @example haversineM({ lat: 12.9716, lng: 77.5946 }, { lat: 12.9352, lng: 77.6245 }) // ≈ 5 100
 */
export function haversineM(a: LatLng, b: LatLng): number {
  assertLatLng(a);
  assertLatLng(b);
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  // min(1, …) guards against rounding pushing asin's argument just above 1 for antipodal points.
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

/**
 * The lat/lng box that contains every point within `radiusM` of `center` — the cheap pre-filter for
 * `between(lat) AND between(lng)` index queries, to be followed by an exact haversine check. Near a pole, or
 * when the box would cross the antimeridian, longitude widens to the full −180..180 (never wrong, only wider;
 * India is nowhere near either).
 * @example boundingBox({ lat: 12.97, lng: 77.59 }, 5000) // { minLat ≈ 12.925, maxLat ≈ 13.015, … }
 */
export function boundingBox(center: LatLng, radiusM: number): BoundingBox {
  assertLatLng(center);
  if (!Number.isFinite(radiusM) || radiusM < 0) throw new RangeError(`radius must be ≥ 0, got ${radiusM}`);
  const dLat = radiusM / EARTH_RADIUS_M / RAD;
  const minLat = Math.max(-90, center.lat - dLat);
  const maxLat = Math.min(90, center.lat + dLat);
  if (minLat <= -90 || maxLat >= 90) return { minLat, maxLat, minLng: -180, maxLng: 180 };
  // Widest longitude span is at the latitude nearest the pole inside the box (exact: asin(sin r / cos φ)).
  const angular = radiusM / EARTH_RADIUS_M;
  const s = Math.sin(angular) / Math.cos(center.lat * RAD);
  if (s >= 1) return { minLat, maxLat, minLng: -180, maxLng: 180 };
  const dLng = Math.asin(s) / RAD;
  const minLng = center.lng - dLng;
  const maxLng = center.lng + dLng;
  if (minLng < -180 || maxLng > 180) return { minLat, maxLat, minLng: -180, maxLng: 180 };
  return { minLat, maxLat, minLng, maxLng };
}

/**
 * Initial bearing from `from` to `to`, degrees clockwise from true north in [0, 360).
 * @example bearingDeg({ lat: 0, lng: 0 }, { lat: 0, lng: 1 }) // 90
 */
export function bearingDeg(from: LatLng, to: LatLng): number {
  assertLatLng(from);
  assertLatLng(to);
  const phi1 = from.lat * RAD;
  const phi2 = to.lat * RAD;
  const dLambda = (to.lng - from.lng) * RAD;
  const y = Math.sin(dLambda) * Math.cos(phi2);
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
  const deg = Math.atan2(y, x) / RAD;
  return (deg + 360) % 360;
}

function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  // Tolerance ~1e-12 deg² ≈ sub-millimetre: boundary points count as inside deterministically.
  if (Math.abs(cross) > 1e-12) return false;
  return px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by);
}

/** -1 on the boundary, 1 inside, 0 outside (even–odd ray cast, treating the ring as planar lng/lat). */
function ringSide(p: LatLng, ring: Ring): -1 | 0 | 1 {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    const [ax, ay] = a;
    const [bx, by] = b;
    if (onSegment(p.lng, p.lat, ax, ay, bx, by)) return -1;
    if (ay > p.lat !== by > p.lat && p.lng < ((bx - ax) * (p.lat - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside ? 1 : 0;
}

/**
 * Is `p` inside the polygon (outer ring minus holes)? Points on any edge count as inside, so a customer on a
 * zone's border is served by it (zones may touch; serviceability still applies the restaurant radius). Rings
 * are treated as planar in lng/lat, which is exact enough for city zones a few km across.
 * @example pointInPolygon({ lat: 0.5, lng: 0.5 }, [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]) // true
 */
export function pointInPolygon(p: LatLng, polygon: Polygon): boolean {
  assertLatLng(p);
  const [outer, ...holes] = polygon;
  if (!outer || outer.length < 3) return false;
  const side = ringSide(p, outer);
  if (side === 0) return false;
  if (side === -1) return true;
  for (const hole of holes) {
    const h = ringSide(p, hole);
    if (h === 1) return false; // strictly inside a hole; a hole's edge still belongs to the zone
  }
  return true;
}

// Which restaurants can deliver to a point right now — the engine behind nearby and search. Zones come from the
// per-runtime cache. Candidates come from one indexed bounding-box query per zone (lat/lng ranges: the zone's box
// grown by the farthest deliverable distance, within the zone's city, approved, of that zone or of none, only the
// columns the cards need), kept per warm runtime for ROSTER_TTL_MS — so a request costs no database read at all
// most of the time, and a point's own box is then cut from the roster in memory. The verdict for each candidate
// comes from core (zone ∩ radius ∩ online ∩ open), with distance, ETA and fee from core as well; nothing here
// re-implements geometry or hours.
//
// Staleness: a restaurant that goes offline or changes hours is seen within ROSTER_TTL_MS (10 s) — well inside the
// edge's own 60 s + 60 s SWR cache of this answer; the quote re-checks serviceability from the row itself.
import { Query } from "node-appwrite";
import { z } from "zod";
import {
  DEFAULT_DELIVERY_FEE_CONFIG,
  DEFAULT_ETA_CONFIG,
  boundingBox,
  checkServiceability,
  deliveryFeeFor,
  estimateEtaMin,
  nearbyReason,
  roadDistanceM,
  zonesContaining,
  type BoundingBox,
  type LatLng,
  type NearbyReason,
  type Serviceability,
} from "@chizze/core";
import { T } from "@chizze/schema";
import type { Deps } from "../deps";
import { activeZones, type Zone } from "./reference";
import { listSelected } from "./pages";
import { closures, weeklyHours } from "./docs";

/** The columns a restaurant card and the serviceability check need (not descriptions, licences' dates, addresses). */
export const CANDIDATE_COLUMNS = [
  "name",
  "cuisines",
  "city",
  "zone_id",
  "lat",
  "lng",
  "delivery_radius_m",
  "is_online",
  "is_approved",
  "is_veg_only",
  "price_for_two_paise",
  "avg_prep_min",
  "rating",
  "rating_count",
  "hours",
  "closures",
  "fssai_license",
  "logo_url",
  "cover_url",
] as const;

// Hours/closures stay text here and are parsed (memoised) once in docs.ts instead of twice by the row schema.
export const Candidate = T.restaurants.row
  .pick({ $id: true, $updatedAt: true, name: true, cuisines: true, city: true, zone_id: true, lat: true, lng: true, delivery_radius_m: true, is_online: true, is_approved: true, is_veg_only: true, price_for_two_paise: true, avg_prep_min: true, rating: true, rating_count: true, fssai_license: true, logo_url: true, cover_url: true })
  .extend({ hours: z.string().nullable(), closures: z.string().nullable() });
export type Candidate = z.output<typeof Candidate>;

/** Schema default when a row has none. */
const DEFAULT_RADIUS_M = 5_000;
const DEFAULT_PREP_MIN = 20;
/**
 * The farthest straight-line distance anything can be delivered: the last fee band is on road metres (core), so
 * beyond `lastBand / roadFactor` there is no fee and no delivery. This is the bounding box's radius (≈5.9 km with
 * the defaults) — narrower than the schema's 30 km radius cap, and it keeps the candidate set to the point's area.
 */
export const MAX_REACH_M = Math.floor((DEFAULT_DELIVERY_FEE_CONFIG.bands.at(-1)?.upToM ?? 8_000) / DEFAULT_ETA_CONFIG.roadFactor);
/** A zone holds a few hundred restaurants; more candidates than this means the query is not narrowing. */
const MAX_CANDIDATES = 3_000;
/** Partners are assumed on scooters for list ETAs (the most common vehicle; the order's ETA uses the real one). */
const LIST_VEHICLE = "scooter" as const;

export interface Reachable {
  row: Candidate;
  distanceM: number;
  etaMinutes: number;
  deliveryFeePaise: number;
  zoneId: string;
}

export interface Reach {
  /** The point lies in at least one active zone. */
  inZone: boolean;
  /** Restaurants that can deliver to the point now, unsorted. */
  reachable: Reachable[];
  /** core's verdict for an empty list (null when something is reachable). */
  reason: NearbyReason;
  /** How many candidate rows the bounding-box query returned (for logs and the benchmark). */
  candidates: number;
}

/** Restaurants that may be listed at all: approved, with the FSSAI licence the menu must show by law. */
export function isListable(r: { is_approved: boolean | null; fssai_license: string | null }): boolean {
  return r.is_approved === true && r.fssai_license !== null;
}

export const ROSTER_TTL_MS = 10_000;

/** The lat/lng box of a zone's polygon grown by `byM` on every side (core's boundingBox at its corners). */
function zoneBox(zone: Zone, byM: number): BoundingBox {
  const ring = zone.area[0] ?? [];
  const lats = ring.map((p) => p[1]);
  const lngs = ring.map((p) => p[0]);
  const low = boundingBox({ lat: Math.min(...lats), lng: Math.min(...lngs) }, byM);
  const high = boundingBox({ lat: Math.max(...lats), lng: Math.max(...lngs) }, byM);
  return { minLat: low.minLat, minLng: low.minLng, maxLat: high.maxLat, maxLng: high.maxLng };
}

/**
 * Every restaurant that could ever deliver into `zone`: core's zone rule says a restaurant serves only its own zone
 * (or, without one, the zone it stands in), and nothing delivers beyond MAX_REACH_M, so they all lie in the zone's
 * box grown by MAX_REACH_M. One indexed bounding-box query.
 */
export async function zoneRoster(deps: Deps, zone: Zone): Promise<Candidate[]> {
  const box = zoneBox(zone, MAX_REACH_M);
  return listSelected(
    deps.tablesDB,
    T.restaurants,
    Candidate,
    [
      // city + lat range: idx_city_lat; the lng range is filtered from that narrowed set.
      Query.equal("city", zone.city),
      Query.between("lat", box.minLat, box.maxLat),
      Query.between("lng", box.minLng, box.maxLng),
      Query.equal("is_approved", true),
      Query.or([Query.equal("zone_id", zone.id), Query.isNull("zone_id")]),
    ],
    ["$id", ...CANDIDATE_COLUMNS],
    { max: MAX_CANDIDATES, strict: deps.config.strictRows, onDrift: (id) => deps.log.warn("row drift", { table: "restaurants", row: id }) },
  );
}

const rosters = new Map<string, { at: number; rows: Promise<Candidate[]> }>();

async function cachedRoster(deps: Deps, zone: Zone): Promise<Candidate[]> {
  const key = `${deps.config.appwrite.endpoint}|${deps.config.appwrite.projectId}|${zone.id}`;
  const hit = rosters.get(key);
  if (hit && Date.now() - hit.at < ROSTER_TTL_MS) return hit.rows;
  // Concurrent requests share one read; a failed read is not kept.
  const rows = zoneRoster(deps, zone);
  rosters.set(key, { at: Date.now(), rows });
  rows.catch(() => rosters.delete(key));
  return rows;
}

/** For tests, benchmarks and functions that change restaurants in the same runtime. */
export function clearRosterCache(): void {
  rosters.clear();
}

/** Serviceability of one candidate at `point`, with distance, ETA and fee when it can deliver. */
export function assess(row: Candidate, point: LatLng, pointZones: readonly Zone[], now: Date): { verdict: Serviceability; reachable: Reachable | null } {
  const verdict = checkServiceability(
    {
      id: row.$id,
      location: { lat: row.lat, lng: row.lng },
      zoneId: row.zone_id,
      deliveryRadiusM: row.delivery_radius_m ?? DEFAULT_RADIUS_M,
      isOnline: row.is_online === true,
      isApproved: isListable(row),
      hours: weeklyHours(row.hours),
      closures: closures(row.closures),
    },
    point,
    pointZones,
    now,
  );
  if (!verdict.ok) return { verdict, reachable: null };
  const fee = deliveryFeeFor(roadDistanceM(verdict.distanceM));
  // Inside the restaurant's radius but past the last fee band: nobody can be charged for it, so it cannot deliver.
  if (!fee.ok) return { verdict: { ok: false, reason: "out_of_radius", distanceM: verdict.distanceM }, reachable: null };
  const etaMinutes = estimateEtaMin({ prepRemainingMin: row.avg_prep_min ?? DEFAULT_PREP_MIN, riderToRestaurantM: null, restaurantToCustomerM: verdict.distanceM, vehicle: LIST_VEHICLE });
  return { verdict, reachable: { row, distanceM: verdict.distanceM, etaMinutes, deliveryFeePaise: fee.feePaise, zoneId: verdict.zoneId } };
}

/** Everything that can deliver to `point` at `now`, and why nothing can when the list is empty. */
export async function reachAt(deps: Deps, point: LatLng, now: Date): Promise<Reach> {
  const pointZones = zonesContaining(point, await activeZones(deps)) as Zone[];
  if (pointZones.length === 0) return { inZone: false, reachable: [], reason: "outside_service_area", candidates: 0 };
  const box = boundingBox(point, MAX_REACH_M);
  const seen = new Set<string>();
  const verdicts: Serviceability[] = [];
  const reachable: Reachable[] = [];
  let candidates = 0;
  for (const roster of await Promise.all(pointZones.map((z) => cachedRoster(deps, z)))) {
    for (const row of roster) {
      // The point's own bounding box, cut from the zone's roster; zones may overlap at their borders.
      if (row.lat < box.minLat || row.lat > box.maxLat || row.lng < box.minLng || row.lng > box.maxLng || seen.has(row.$id)) continue;
      seen.add(row.$id);
      candidates++;
      const a = assess(row, point, pointZones, now);
      verdicts.push(a.verdict);
      if (a.reachable) reachable.push(a.reachable);
    }
  }
  return { inZone: true, reachable, reason: nearbyReason(true, verdicts), candidates };
}

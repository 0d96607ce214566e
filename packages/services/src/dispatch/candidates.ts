// Whom to offer an order to: the decision half of makeOffer, with no writes (benchmarked on its own,
// tests/bench/dispatch.bench.ts). The Redis GEO index says who is near (a hint); the partners' rows say who can take
// the order (the truth, I11); core rankCandidates filters and orders them.
import { Query } from "node-appwrite";
import { boundingBox, haversineM, radiusForRound, rankCandidates, type DispatchConfig, type PartnerCandidate, type RankedCandidate } from "@chizze/core";
import { nearbyPartners } from "@chizze/platform/redis/geo";
import { redisCall } from "@chizze/platform/redis/client";
import type { Deps } from "../deps";
import type { PartnerRow } from "../delivery/partner";

/** Nearest fresh partners read per search: distance dominates the score, so the best one is among them. */
export const CANDIDATE_LIMIT = 30;

export interface CandidateSearch {
  /** The restaurant's city (the GEO index is per city) and position. */
  city: string;
  at: { lat: number; lng: number };
  /** The round being offered (1-based): picks the search radius. */
  round: number;
  /** Partners this order was already offered to. */
  alreadyOffered: ReadonlySet<string>;
  now: Date;
}

export interface Decision {
  /** Eligible partners, best first. */
  ranked: RankedCandidate[];
  /** Rows of the partners considered, by id. */
  partners: Map<string, PartnerRow>;
  /** Radius the ranking used (the round's, or the widest when the round's found nobody). */
  radiusM: number;
  /** "geo" normally; "rows" when Redis could not be asked (bounding-box query on delivery_partners). */
  source: "geo" | "rows";
  /** Partners found near the restaurant before filtering (last search). */
  found: number;
}

interface Hit {
  partnerId: string;
  distanceM: number;
}

/**
 * Ranks the partners near the restaurant for `search.round`. When nobody eligible is within the round's radius, the
 * widest radius is tried in the same call (an empty round would otherwise cost a sweeper minute). Partners holding a
 * live offer for another order are left out like those already offered this one: an offer is in their hands.
 */
export async function decideCandidates(deps: Deps, search: CandidateSearch, config: DispatchConfig): Promise<Decision> {
  const roundRadius = radiusForRound(search.round, config);
  const widest = Math.max(...config.radiusByRoundM);
  let decision: Decision | null = null;
  for (const radiusM of widest > roundRadius ? [roundRadius, widest] : [roundRadius]) {
    const { hits, rows: fromRows, source } = await nearby(deps, search, radiusM, config);
    const rows = fromRows ?? (await partnerRows(deps, hits.map((h) => h.partnerId)));
    const busy = await partnersWithLiveOffers(deps, [...rows.keys()], search.now);
    const candidates: PartnerCandidate[] = [];
    for (const h of hits) {
      const p = rows.get(h.partnerId);
      if (p) candidates.push(candidateOf(p, h.distanceM));
    }
    const excluded = new Set([...search.alreadyOffered, ...busy]);
    // rankCandidates takes its radius from the round: ask for the round whose radius this search used.
    const radiusRound = radiusM === roundRadius ? search.round : config.radiusByRoundM.indexOf(widest) + 1;
    const { ranked } = rankCandidates(candidates, { round: radiusRound, alreadyOffered: excluded, now: search.now }, config);
    decision = { ranked, partners: rows, radiusM, source, found: hits.length };
    if (ranked.length > 0) break;
  }
  return decision as Decision;
}

function candidateOf(p: PartnerRow, distanceM: number): PartnerCandidate {
  return {
    partnerId: p.$id,
    distanceToRestaurantM: distanceM,
    rating: p.rating ?? 0,
    ratingCount: p.rating_count ?? 0,
    acceptanceRateBps: p.acceptance_rate_bps ?? 10_000,
    // No column records when a partner's last delivery ended or how many they made today: both terms are neutral
    // (the same for everyone) until one does.
    idleMinutes: 0,
    deliveriesToday: 0,
    vehicle: p.vehicle,
    lastSeenAt: new Date(p.last_seen_at ?? 0),
    isOnline: p.is_online === true,
    // Blocked partners and those whose KYC is not verified may not work (status.ts refuses them going online).
    isActive: p.is_active !== false && p.kyc_status === "verified",
    isOnDelivery: p.is_on_delivery === true || Boolean(p.active_order_id),
  };
}

/** Fresh partners within `radiusM`, nearest first: the GEO index, or the rows when Redis cannot answer. */
async function nearby(deps: Deps, search: CandidateSearch, radiusM: number, config: DispatchConfig): Promise<{ hits: Hit[]; rows: Map<string, PartnerRow> | null; source: "geo" | "rows" }> {
  const freshWithinMs = config.locationFreshSec * 1000;
  if (deps.redis) {
    const redis = deps.redis;
    const r = await redisCall("geo search", () => nearbyPartners(redis, search.city, search.at.lat, search.at.lng, radiusM, { limit: CANDIDATE_LIMIT, freshWithinMs, nowMs: search.now.getTime() }));
    if (r.ok) return { hits: r.value.map((n) => ({ partnerId: n.partnerId, distanceM: n.distanceM })), rows: null, source: "geo" };
    deps.log.warn("geo search failed; matching from the partner rows", { city: search.city, reason: r.error.reason });
  }
  // Redis down or not configured (R10): the rows are the truth anyway, only slower to search.
  const box = boundingBox(search.at, radiusM);
  const page = await deps.db.delivery_partners.list(
    [
      Query.equal("city", search.city),
      Query.equal("is_online", true),
      Query.equal("is_on_delivery", false),
      Query.between("last_lat", box.minLat, box.maxLat),
      Query.between("last_lng", box.minLng, box.maxLng),
      Query.greaterThanEqual("last_seen_at", new Date(search.now.getTime() - freshWithinMs).toISOString()),
    ],
    { limit: 100 },
  );
  const hits: Hit[] = [];
  const rows = new Map<string, PartnerRow>();
  for (const p of page.rows) {
    if (p.last_lat === null || p.last_lng === null) continue;
    const distanceM = haversineM(search.at, { lat: p.last_lat, lng: p.last_lng });
    if (distanceM > radiusM) continue;
    hits.push({ partnerId: p.$id, distanceM });
    rows.set(p.$id, p);
  }
  hits.sort((a, b) => a.distanceM - b.distanceM);
  return { hits: hits.slice(0, CANDIDATE_LIMIT), rows, source: "rows" };
}

async function partnerRows(deps: Deps, ids: string[]): Promise<Map<string, PartnerRow>> {
  const out = new Map<string, PartnerRow>();
  if (ids.length === 0) return out;
  for (const p of (await deps.db.delivery_partners.list([Query.equal("$id", ids)], { limit: 100 })).rows) out.set(p.$id, p);
  return out;
}

/** Of `ids`, the partners holding an unexpired offer (idx_partner_status). */
async function partnersWithLiveOffers(deps: Deps, ids: string[], now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const page = await deps.db.dispatch_offers.list([Query.equal("partner_id", ids), Query.equal("status", "offered"), Query.greaterThan("expires_at", now.toISOString())], { limit: 100 });
  return new Set(page.rows.map((o) => o.partner_id));
}

// Dispatch (issue 6): a dispatch decision over 10,000 online partners in one city, p95 < 50 ms. The decision is
// makeOffer's read half (services/dispatch/candidates.ts): GEOSEARCH on the city's index (+ the freshness scores),
// the candidates' delivery_partners rows, their live offers, and core rankCandidates — measured in-process against
// the devstack (Appwrite over HTTP, Redis behind the Upstash REST endpoint), from restaurants spread over the city.
// Reported separately: the whole makeOffer (order + restaurant + offers reads, the decision, the offer transaction
// with its partner re-check, the push), on fresh ready orders. The devstack serves Appwrite from this same process,
// so its work shares the event loop with the measured calls; no functions run (no DB events fire).
import { TablesDB } from "node-appwrite";
import { haversineM } from "@chizze/core";
import { DATABASE_ID, T, rowPermissions, type RowData } from "@chizze/schema";
import { loadPlatformConfig } from "@chizze/platform/config";
import { createRedis } from "@chizze/platform/redis/client";
import { rebuildFrom } from "@chizze/platform/redis/geo";
import { mulberry32 } from "@chizze/devstack/faults";
import { DEV_API_KEY } from "@chizze/devstack/stack";
import { createDb, createDeps, type Logger } from "@chizze/services";
import { DEFAULT_DISPATCH_SETTINGS } from "@chizze/services/dispatch/config";
import { decideCandidates } from "@chizze/services/dispatch/candidates";
import { makeOffer } from "@chizze/services/dispatch/offer";
import { orderReaders } from "@chizze/services/orders/transition";
import { startTestStack } from "../support/stack";
import { percentile, round, timeEach, type Bench, type BenchResult } from "./lib";

const PARTNERS = 10_000;
const DECISIONS = 500;
const RESTAURANTS = 50;
const OFFERS = 300;
const TARGET_P95_MS = 50;
const CITY = "Bengaluru";
/** City centre and the radius partners and restaurants are spread over (Bengaluru's core is ~12 km across). */
const CENTRE = { lat: 12.9716, lng: 77.5946 };
const CITY_RADIUS_M = 12_000;

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A uniformly random point within `radiusM` of the centre. */
function pointIn(rand: () => number, radiusM: number): { lat: number; lng: number } {
  const r = radiusM * Math.sqrt(rand());
  const a = rand() * 2 * Math.PI;
  const lat = CENTRE.lat + (r * Math.cos(a)) / 111_195;
  const lng = CENTRE.lng + (r * Math.sin(a)) / (111_195 * Math.cos((CENTRE.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
}

const pad = (n: number, w = 5) => String(n).padStart(w, "0");

const dispatch: Bench = {
  name: "dispatch.decision",
  covers: "issue 6: dispatch decision over 10,000 online partners p95 < 50 ms",
  run: async () => {
    const stack = await startTestStack({ functions: false });
    try {
      const rand = mulberry32(6);
      const tables = new TablesDB(stack.admin());
      const db = createDb(tables, true);
      const nowIso = new Date().toISOString();

      // 10,000 online, free, verified partners with fresh positions, and the city's GEO index built from them.
      const seedStart = performance.now();
      const partners: (RowData<"delivery_partners"> & { $id: string })[] = [];
      for (let i = 1; i <= PARTNERS; i++) {
        const p = pointIn(rand, CITY_RADIUS_M);
        partners.push({
          $id: `prt_b${pad(i)}`,
          user_id: `usr_prt_b${pad(i)}`,
          name: `Rider ${i}`,
          phone: `+9196${pad(i, 8)}`,
          vehicle: rand() < 0.1 ? "bicycle" : rand() < 0.55 ? "scooter" : "motorcycle",
          city: CITY,
          is_active: true,
          is_online: true,
          is_on_delivery: false,
          last_lat: p.lat,
          last_lng: p.lng,
          last_seen_at: nowIso,
          rating: 4 + Math.round(rand() * 10) / 10,
          rating_count: Math.floor(rand() * 500),
          acceptance_rate_bps: 7_000 + Math.floor(rand() * 3_000),
          offers_received: 100,
          offers_accepted: 85,
          deliveries_completed: 80,
          cod_cash_held_paise: 0,
          kyc_status: "verified",
        });
      }
      for (let i = 0; i < partners.length; i += 100) {
        const rows = partners.slice(i, i + 100).map(({ $id, ...p }) => ({ ...T.delivery_partners.data.parse(p), $id, $permissions: rowPermissions.owner(p.user_id) }));
        await tables.createRows({ databaseId: DATABASE_ID, tableId: T.delivery_partners.id, rows });
      }
      const redis = createRedis({ url: stack.upstash.url, token: stack.upstash.token, timeoutMs: 5_000 });
      const geo = await rebuildFrom(redis, partners.map((p) => ({ $id: p.$id, city: CITY, is_active: true, is_online: true, is_on_delivery: false, last_lat: p.last_lat ?? null, last_lng: p.last_lng ?? null, last_seen_at: nowIso })));
      if (geo.indexed !== PARTNERS) throw new Error(`indexed ${geo.indexed} of ${PARTNERS}`);

      // Restaurants spread over the inner city (where orders come from), each with ready orders waiting for a rider.
      const restaurants: { id: string; lat: number; lng: number }[] = [];
      for (let r = 1; r <= RESTAURANTS; r++) {
        const at = pointIn(rand, CITY_RADIUS_M * 0.6);
        const id = `rst_b${pad(r)}`;
        await db.restaurants.create(id, { owner_id: `usr_own_b${pad(r)}`, name: `Kitchen ${r}`, slug: `kitchen-${r}`, address: `${r} Main Road`, city: CITY, lat: at.lat, lng: at.lng, is_online: true, is_approved: true });
        restaurants.push({ id, ...at });
      }
      const orderIds: string[] = [];
      for (let o = 1; o <= OFFERS; o++) {
        const rst = restaurants[o % RESTAURANTS]!;
        const door = { lat: rst.lat + 0.01, lng: rst.lng + 0.01 };
        const id = `ord_b${pad(o)}`;
        const customerId = `usr_cus_b${pad(o)}`;
        const line = { itemId: "itm_b1", variantId: null, name: "Masala Dosa", variantName: null, isVeg: true, quantity: 2, unitPaise: 12_000, addons: [], notes: null, totalPaise: 24_000 };
        const address = { addressId: null, label: "home", line1: "Flat 1", line2: null, landmark: null, locality: "Indiranagar", city: CITY, state: "Karnataka", pincode: "560038", lat: door.lat, lng: door.lng, contactName: null, contactPhone: null };
        const row = {
          order_number: `CHZ-261126-${pad(o, 4)}`,
          customer_id: customerId,
          restaurant_id: rst.id,
          restaurant_owner_id: `usr_own_b${pad(o % RESTAURANTS)}`,
          restaurant_name: `Kitchen ${o % RESTAURANTS}`,
          delivery_partner_id: null,
          quote_id: `qte_b${pad(o)}`,
          idempotency_key_hash: pad(o, 64),
          status: "ready" as const,
          dispatch_state: "none" as const,
          payment_method: "cod" as const,
          payment_status: "cod_pending" as const,
          version: 3,
          items: JSON.stringify([line]),
          item_total_paise: 24_000,
          packaging_paise: 1_000,
          delivery_fee_paise: 3_500,
          surge_paise: 0,
          platform_fee_paise: 500,
          gst_food_paise: 1_200,
          gst_fees_paise: 900,
          discount_paise: 0,
          tip_paise: 0,
          total_paise: 31_100,
          delivery_address: JSON.stringify(address),
          delivery_lat: door.lat,
          delivery_lng: door.lng,
          distance_m: Math.round(haversineM(rst, door)),
          city: CITY,
          placed_at: nowIso,
          accepted_at: nowIso,
          prep_minutes: 10,
          ready_at: nowIso,
          pickup_code: "1234",
        };
        await db.orders.create(id, row, orderReaders({ customer_id: customerId, restaurant_owner_id: row.restaurant_owner_id }));
        orderIds.push(id);
      }
      const seedS = (performance.now() - seedStart) / 1000;

      const config = loadPlatformConfig({ ...stack.env, CHIZZE_ENV: "development" });
      const deps = createDeps({ config, apiKey: DEV_API_KEY, log: quiet });
      const settings = DEFAULT_DISPATCH_SETTINGS;

      // The decision alone: from each restaurant in turn, round 1 (2 km), nothing offered yet.
      let candidates = 0;
      const decision = await timeEach(DECISIONS, async (i) => {
        const rst = restaurants[(i + DECISIONS) % RESTAURANTS]!;
        const d = await decideCandidates(deps, { city: CITY, at: rst, round: 1, alreadyOffered: new Set(), now: new Date() }, settings.config);
        if (d.ranked.length === 0) throw new Error("no candidate for a restaurant in the city");
        if (i >= 0) candidates += d.ranked.length;
      });

      // The whole makeOffer on fresh ready orders (each offer takes a partner out of the next decisions' pool).
      let offered = 0;
      const full = await timeEach(
        OFFERS,
        async (i) => {
          const r = await makeOffer(deps, orderIds[i]!, settings);
          if (r.outcome === "offered") offered++;
        },
        0,
      );

      const note = `${PARTNERS} partners in one city (${CITY_RADIUS_M / 1000} km radius), ${RESTAURANTS} restaurants`;
      const results: BenchResult[] = [
        { name: "dispatch.decision.p50_ms", value: round(percentile(decision, 50)), unit: "ms", note: `${DECISIONS} sequential decisions; ${note}` },
        { name: "dispatch.decision.p95_ms", value: round(percentile(decision, 95)), unit: "ms", target: { op: "<", value: TARGET_P95_MS }, note: `GEOSEARCH + freshness + partner rows + live offers + rankCandidates; avg ${round(candidates / DECISIONS, 1)} eligible` },
        { name: "dispatch.decision.p99_ms", value: round(percentile(decision, 99)), unit: "ms" },
        { name: "dispatch.make_offer.p50_ms", value: round(percentile(full, 50)), unit: "ms", note: `${OFFERS} makeOffer calls on ready orders, ${offered} offers made (reads, decision, offer transaction, push)` },
        { name: "dispatch.make_offer.p95_ms", value: round(percentile(full, 95)), unit: "ms" },
        { name: "dispatch.seed_10000.s", value: round(seedS, 1), unit: "s", note: "partner rows + GEO index + restaurants + orders" },
      ];
      if (offered !== OFFERS) throw new Error(`only ${offered} of ${OFFERS} orders got an offer`);
      return results;
    } finally {
      await stack.close();
    }
  },
};

export default dispatch;

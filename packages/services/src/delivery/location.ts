import type { z } from "zod";
import { deterministicId, etaAfterPickupMin, haversineM } from "@chizze/core";
import { ApiError } from "@chizze/contracts/errors";
import type { LocationAck, LocationUpdate } from "@chizze/contracts/api/delivery";
import { T, rowPermissions } from "@chizze/schema";
import { Conflict } from "@chizze/platform/errors";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import type { Deps } from "../deps";
import type { Caller } from "../caller";
import { judgeFix, lastFixOf } from "./fix";
import { syncPartnerIndex } from "./geo-index";
import { findPartner, heldOrderOf, requireActive, type OrderRow, type PartnerRow } from "./partner";

/** Seconds until the next fix: every 5 s while a customer follows the rider, 15 s while idle online (battery). */
export const ACTIVE_INTERVAL_SEC = 5;
export const IDLE_INTERVAL_SEC = 15;
/**
 * An ETA moving by less than this is not written: the order row is read by three apps over Realtime, and an ETA
 * that changes by seconds every 5 s is noise to them and write load to us.
 */
export const ETA_MIN_CHANGE_MS = 60_000;

type Update = z.infer<typeof LocationUpdate>;

/**
 * PUT /delivery/location: one device fix. Judged first (fix.ts): from the future → 422, an impossible jump → 422,
 * not newer than the last accepted fix → acknowledged without effect (a retry or a late delivery: the newer position
 * already stands, and an error would only make the app retry). An accepted fix updates the partner row
 * (last_lat/last_lng/last_seen_at = the fix's time) and the GEO index (fix time as the freshness stamp); while the
 * partner holds an order (assigned through drop-off) it is appended to delivery_locations, readable by that order's
 * customer only, whom Realtime pushes it to; after pickup it also moves the order's eta_at.
 *
 * Redis failing does not fail the call: the Appwrite writes stand, the index catches up with the next fix or a
 * rebuild (geo-index.ts). Offline partners without an order are not tracked (409: go online first).
 */
export async function reportLocation(deps: Deps, caller: Caller, input: Update): Promise<z.infer<typeof LocationAck>> {
  const partner = await findPartner(deps, caller);
  const order = await heldOrderOf(deps, partner);
  // A partner blocked mid-delivery keeps reporting until drop-off: the customer is waiting for the food.
  if (!order) requireActive(partner);
  if (!order && partner.is_online !== true) throw new ApiError("conflict", "You are offline; go online to share your location");
  const ack = { nextIntervalSec: order ? ACTIVE_INTERVAL_SEC : IDLE_INTERVAL_SEC };

  const now = deps.now();
  const atMs = Date.parse(input.at);
  const verdict = judgeFix(lastFixOf(partner), { lat: input.lat, lng: input.lng, atMs, accuracyM: input.accuracy }, now.getTime());
  if (verdict === "stale") {
    deps.log.info("stale fix ignored", { partnerId: partner.$id, at: input.at, lastSeenAt: partner.last_seen_at });
    return ack;
  }

  const atIso = new Date(atMs).toISOString();
  const position = { last_lat: input.lat, last_lng: input.lng, last_seen_at: atIso };
  // The tracking row goes before last_seen_at moves: if the call fails in between, the app's retry is not "stale"
  // yet, and the row's deterministic id makes the second create a no-op.
  if (order) await Promise.all([appendTrackPoint(deps, order, partner.$id, input, atIso), order.status === "picked_up" ? refreshEta(deps, order, partner, input, now) : undefined]);
  // A partner on a delivery left the GEO index when they accepted (accept.ts); their fixes do not touch Redis. If
  // that removal failed, freshness filtering drops them within locationFreshSec and accept re-checks the row anyway.
  const indexed = order && partner.is_on_delivery === true ? undefined : syncPartnerIndex(deps, { ...partner, ...position }, order !== null);
  await Promise.all([deps.db.delivery_partners.update(partner.$id, position), indexed]);
  return ack;
}

/** delivery_locations row for the order's customer; the id is the fix's, so a retried fix cannot add a second row. */
async function appendTrackPoint(deps: Deps, order: OrderRow, partnerId: string, input: Update, atIso: string): Promise<void> {
  const id = deterministicId("loc", [order.$id, partnerId, atIso]);
  try {
    await deps.db.delivery_locations.create(
      id,
      {
        order_id: order.$id,
        partner_id: partnerId,
        lat: input.lat,
        lng: input.lng,
        heading: input.heading ?? null,
        speed_mps: input.speed ?? null,
        accuracy_m: input.accuracy ?? null,
        recorded_at: atIso,
      },
      rowPermissions.deliveryLocation(order.customer_id),
    );
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
  }
}

/**
 * After pickup the ETA runs from the rider's position to the door (core etaAfterPickupMin). The write is eta_at only
 * and does not bump the order's `version`: it is not a state transition and appends no order event. It is made in a
 * transaction that re-reads the order, so it never lands on an order that was delivered meanwhile (and a transition
 * racing it just retries). Best effort: a failure is logged, the fix still counts.
 */
async function refreshEta(deps: Deps, order: OrderRow, partner: PartnerRow, input: Update, now: Date): Promise<void> {
  const toDoorM = haversineM({ lat: input.lat, lng: input.lng }, { lat: order.delivery_lat, lng: order.delivery_lng });
  const etaMs = now.getTime() + etaAfterPickupMin(toDoorM, partner.vehicle) * 60_000;
  const storedMs = order.eta_at ? Date.parse(order.eta_at) : null;
  if (storedMs !== null && Math.abs(storedMs - etaMs) < ETA_MIN_CHANGE_MS) return;
  try {
    await withTransaction(deps.tablesDB, async (tx) => {
      const row = await tx.get(T.orders, order.$id);
      if (!row || row.status !== "picked_up" || row.delivery_partner_id !== partner.$id) return;
      tx.update(T.orders, order.$id, { eta_at: new Date(etaMs).toISOString() });
    });
  } catch (err) {
    deps.log.warn("eta not updated", { orderId: order.$id, error: String(err) });
  }
}

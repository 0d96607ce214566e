// Is a reported position worth keeping? Device fixes arrive late, twice, out of order, from a clock that drifts,
// and now and then from a GPS that jumped: these rules decide before anything is written.
import { haversineM } from "@chizze/core";
import { ApiError } from "@chizze/contracts/errors";
import type { PartnerRow } from "./partner";

/** How far ahead of the server clock a device's fix time may be (NTP-synced phones are within a few seconds). */
export const MAX_FUTURE_SKEW_MS = 30_000;
/** Fastest believable movement between two accepted fixes: 70 m/s = 252 km/h (the contract's `speed` cap too). */
export const MAX_SPEED_MPS = 70;
/** GPS noise allowed on top of the new fix's own accuracy radius before the implied speed is judged. */
export const JUMP_SLACK_M = 50;

export interface Fix {
  lat: number;
  lng: number;
  atMs: number;
  accuracyM?: number | undefined;
}

export interface LastFix {
  atMs: number;
  position: { lat: number; lng: number } | null;
}

/** The last accepted fix recorded on the partner row (last_seen_at is the fix's device time). */
export function lastFixOf(p: Pick<PartnerRow, "last_lat" | "last_lng" | "last_seen_at">): LastFix | null {
  if (!p.last_seen_at) return null;
  const atMs = Date.parse(p.last_seen_at);
  if (!Number.isFinite(atMs)) return null;
  return { atMs, position: p.last_lat !== null && p.last_lng !== null ? { lat: p.last_lat, lng: p.last_lng } : null };
}

/**
 * "accept" or "stale" (not newer than the last accepted fix: a retry or a late delivery; the caller acknowledges it
 * without effect so the app does not retry it). A fix from the future (beyond the skew) or one implying a speed above
 * MAX_SPEED_MPS from the last accepted fix is 422: the app should fix its clock or drop the glitch. A wrong last fix
 * heals itself: once enough time has passed, any real position implies a believable speed again.
 */
export function judgeFix(last: LastFix | null, fix: Fix, nowMs: number): "accept" | "stale" {
  if (fix.atMs > nowMs + MAX_FUTURE_SKEW_MS) throw new ApiError("unprocessable", "The fix time is in the future; check the device clock");
  if (!last) return "accept";
  if (fix.atMs <= last.atMs) return "stale";
  if (last.position) {
    const movedM = haversineM(last.position, fix);
    const beyondNoiseM = Math.max(0, movedM - JUMP_SLACK_M - (fix.accuracyM ?? 0));
    const seconds = Math.max(1, (fix.atMs - last.atMs) / 1000);
    if (beyondNoiseM / seconds > MAX_SPEED_MPS) {
      throw new ApiError("unprocessable", `Implausible jump: ${Math.round(movedM)} m in ${Math.round(seconds)} s since the last accepted fix`);
    }
  }
  return "accept";
}

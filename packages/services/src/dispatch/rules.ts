// The dispatch rules every dispatch verb shares: which orders can be matched, when matching is due, what a decided
// offer does to the partner's figures. Row-level facts only; the writes are the verbs'.
import { DEFAULT_ETA_CONFIG, dispatchStartAt, type DispatchConfig } from "@chizze/core";
import type { DispatchState, OrderStatus } from "@chizze/schema/enums";
import type { PatchOf, T } from "@chizze/schema";
import type { OrderRow, PartnerRow } from "../delivery/partner";

/** Order statuses in which a partner can be matched and assigned (the kitchen has the order, nobody picked it up). */
export const MATCHABLE_STATUSES: readonly OrderStatus[] = ["accepted", "preparing", "ready"];
/** Order statuses after which matching stops and an assigned partner is released (cancelled before pickup). */
export const STOPPED_STATUSES: readonly OrderStatus[] = ["cancelled", "rejected", "expired"];
/**
 * Dispatch states a stopped order leaves through core's `cancel` edge (→ none) once its offers and partner are
 * released: what the sweeper looks for. An admin may also cancel after pickup (picked_up/at_dropoff have no cancel
 * edge): the row event releases that partner, the state stays as it was.
 */
export const RELEASABLE_STATES: readonly DispatchState[] = ["searching", "offered", "assigned", "at_pickup", "escalated"];
const HOLDING_STATES: readonly DispatchState[] = [...RELEASABLE_STATES, "picked_up", "at_dropoff"];

const includes = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** Could a partner be matched to this order now (status and no partner yet)? */
export function isMatchable(row: { status: string; delivery_partner_id?: string | null }): boolean {
  return includes(MATCHABLE_STATUSES, row.status) && !row.delivery_partner_id;
}

export function isStopped(status: string): boolean {
  return includes(STOPPED_STATUSES, status);
}

/** Might an order in this dispatch state still hold offers or a partner? */
export function mayHoldPartner(state: string): boolean {
  return includes(HOLDING_STATES, state);
}

/**
 * When matching should start (core dispatchStartAt): the rider should reach the counter as the food is ready. Ready
 * time = accepted_at + prep_minutes, or ready_at when the kitchen pressed "ready" earlier than promised. The first
 * mile is core's assumed one on a motorcycle (the ETA the customer was shown assumes the same).
 */
export function dispatchDueAt(row: Pick<OrderRow, "accepted_at" | "prep_minutes" | "ready_at" | "placed_at">, config: DispatchConfig): Date {
  const acceptedAt = new Date(row.accepted_at ?? row.placed_at);
  const plannedMs = acceptedAt.getTime() + (row.prep_minutes ?? 0) * 60_000;
  const readyMs = row.ready_at ? Math.min(plannedMs, Date.parse(row.ready_at)) : plannedMs;
  return dispatchStartAt({ acceptedAt, readyAt: new Date(readyMs), typicalFirstMileM: DEFAULT_ETA_CONFIG.assumedFirstMileM, vehicle: "motorcycle" }, config);
}

/**
 * Empty rounds (nobody in range) make no offer row, so they cannot be counted as rounds: an order escalates when
 * it has been searching for as long as maxRounds full offers would have taken (8 × 35 s by default) since it was due.
 */
export function searchBudgetSpent(row: Pick<OrderRow, "accepted_at" | "prep_minutes" | "ready_at" | "placed_at">, config: DispatchConfig, now: Date): boolean {
  return now.getTime() - dispatchDueAt(row, config).getTime() >= config.maxRounds * config.offerTimeoutSec * 1000;
}

/**
 * A decided offer (accepted, rejected or expired; not one we cancelled) counts towards the partner's acceptance rate:
 * offers_received counts decided offers, so a pending offer never drags the rate down. Lifetime ratio, in bps.
 */
export function acceptancePatch(p: Pick<PartnerRow, "offers_received" | "offers_accepted">, accepted: boolean): PatchOf<typeof T.delivery_partners> {
  const received = (p.offers_received ?? 0) + 1;
  const taken = Math.min(received, (p.offers_accepted ?? 0) + (accepted ? 1 : 0));
  return { offers_received: received, offers_accepted: taken, acceptance_rate_bps: Math.round((taken * 10_000) / received) };
}

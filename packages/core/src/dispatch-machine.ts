// Dispatch progress of one order (orders.dispatch_state), separate from the order status as AppJusto and
// DoorDash do: the kitchen and the rider move independently. Rounds count offers made; after `maxRounds`
// failed offers the order escalates to ops (manual assignment, or system_cancel with no_delivery_partner).
import type { DispatchState } from "@chizze/schema/enums";

export const DISPATCH_EVENTS = [
  "start",
  "offer_sent",
  "offer_rejected",
  "offer_expired",
  "offer_accepted",
  "no_candidates",
  "arrived_pickup",
  "picked_up",
  "arrived_dropoff",
  "delivered",
  "partner_unassigned",
  "retry",
  "cancel",
] as const;
export type DispatchEvent = (typeof DISPATCH_EVENTS)[number];

export interface DispatchEdge {
  from: readonly DispatchState[];
  event: DispatchEvent;
  to: DispatchState;
}

/** Each (from, event) pair appears once (tested). `offer_rejected`/`offer_expired` from offered may escalate instead (see dispatchTransition). */
export const DISPATCH_TRANSITIONS: readonly DispatchEdge[] = [
  { from: ["none"], event: "start", to: "searching" },
  { from: ["searching"], event: "offer_sent", to: "offered" },
  { from: ["offered"], event: "offer_rejected", to: "searching" },
  { from: ["offered"], event: "offer_expired", to: "searching" },
  { from: ["offered"], event: "offer_accepted", to: "assigned" },
  // Nobody in range this round: keep searching (radius grows) until the rounds run out.
  { from: ["searching"], event: "no_candidates", to: "searching" },
  { from: ["assigned"], event: "arrived_pickup", to: "at_pickup" },
  // A pickup confirmed by code also proves arrival.
  { from: ["assigned", "at_pickup"], event: "picked_up", to: "picked_up" },
  { from: ["picked_up"], event: "arrived_dropoff", to: "at_dropoff" },
  { from: ["picked_up", "at_dropoff"], event: "delivered", to: "delivered" },
  // The partner dropped the job before pickup (breakdown, app crash): find another.
  { from: ["assigned", "at_pickup"], event: "partner_unassigned", to: "searching" },
  { from: ["escalated"], event: "retry", to: "searching" },
  // Order cancelled before pickup: matching stops.
  { from: ["searching", "offered", "assigned", "at_pickup", "escalated"], event: "cancel", to: "none" },
];

export interface DispatchContext {
  /** Offers made so far for this order, including the one this event concerns. */
  round: number;
  maxRounds: number;
}

export type DispatchTransition = { ok: true; to: DispatchState } | { ok: false; code: "illegal_transition"; reason: string };

/**
 * Next dispatch state. A rejected/expired offer, or an empty round, escalates once `round ≥ maxRounds`.
 * @example dispatchTransition("offered", "offer_expired", { round: 8, maxRounds: 8 }) // { ok: true, to: "escalated" }
 */
export function dispatchTransition(from: DispatchState, event: DispatchEvent, ctx: DispatchContext): DispatchTransition {
  const edge = DISPATCH_TRANSITIONS.find((e) => e.event === event && e.from.includes(from));
  if (!edge) return { ok: false, code: "illegal_transition", reason: `${event} is not allowed from ${from}` };
  const failedRound = event === "offer_rejected" || event === "offer_expired" || event === "no_candidates";
  if (failedRound && ctx.round >= ctx.maxRounds) return { ok: true, to: "escalated" };
  return { ok: true, to: edge.to };
}

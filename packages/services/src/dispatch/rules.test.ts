import { describe, expect, it } from "vitest";
import { DEFAULT_DISPATCH_CONFIG } from "@chizze/core";
import { acceptancePatch, dispatchDueAt, isMatchable, mayHoldPartner, searchBudgetSpent } from "./rules";
import { dispatchEnv, dispatchSettings } from "./config";

const ACCEPTED = "2026-11-26T12:00:00.000Z";
const at = (min: number) => new Date(Date.parse(ACCEPTED) + min * 60_000);
const row = (o: { prep?: number | null; readyAt?: string | null } = {}) => ({ accepted_at: ACCEPTED, placed_at: "2026-11-26T11:58:00.000Z", prep_minutes: o.prep ?? null, ready_at: o.readyAt ?? null });

describe("dispatchDueAt", () => {
  it("starts so the rider arrives as the food is ready: ready − (1.5 km by motorcycle + hand-over + buffer, rounded up)", () => {
    // 1.5 km × 1.35 at 20 km/h = 6.075 min + 3 + 3 → 13 min before the food is ready.
    expect(dispatchDueAt(row({ prep: 30 }), DEFAULT_DISPATCH_CONFIG)).toEqual(at(17));
  });

  it("never before acceptance; at once for short preparations and for a kitchen that is ready early", () => {
    expect(dispatchDueAt(row({ prep: 5 }), DEFAULT_DISPATCH_CONFIG)).toEqual(at(0));
    expect(dispatchDueAt(row({ prep: 30, readyAt: at(10).toISOString() }), DEFAULT_DISPATCH_CONFIG)).toEqual(at(0));
    // Ready later than promised does not push matching back.
    expect(dispatchDueAt(row({ prep: 30, readyAt: at(50).toISOString() }), DEFAULT_DISPATCH_CONFIG)).toEqual(at(17));
  });

  it("spends the search budget after maxRounds × the offer timeout from the due time", () => {
    const r = row({ prep: 5 });
    expect(searchBudgetSpent(r, DEFAULT_DISPATCH_CONFIG, new Date(at(0).getTime() + 8 * 35_000 - 1))).toBe(false);
    expect(searchBudgetSpent(r, DEFAULT_DISPATCH_CONFIG, new Date(at(0).getTime() + 8 * 35_000))).toBe(true);
  });
});

describe("rules", () => {
  it("acceptance counts decided offers only", () => {
    expect(acceptancePatch({ offers_received: 9, offers_accepted: 9 }, false)).toEqual({ offers_received: 10, offers_accepted: 9, acceptance_rate_bps: 9_000 });
    expect(acceptancePatch({ offers_received: null, offers_accepted: null }, true)).toEqual({ offers_received: 1, offers_accepted: 1, acceptance_rate_bps: 10_000 });
  });

  it("matchable: the kitchen has it and nobody is assigned; stopped orders may still hold a partner after pickup", () => {
    expect(isMatchable({ status: "ready", delivery_partner_id: null })).toBe(true);
    expect(isMatchable({ status: "ready", delivery_partner_id: "prt_1" })).toBe(false);
    expect(isMatchable({ status: "placed" })).toBe(false);
    expect(mayHoldPartner("picked_up")).toBe(true);
    expect(mayHoldPartner("none")).toBe(false);
  });

  it("the offer timeout comes from the environment, clamped to 30–45 s", () => {
    expect(dispatchSettings(dispatchEnv.parse({})).config.offerTimeoutSec).toBe(35);
    expect(dispatchSettings(dispatchEnv.parse({ DISPATCH_OFFER_TIMEOUT_SEC: "90" })).config.offerTimeoutSec).toBe(45);
    expect(dispatchSettings(dispatchEnv.parse({ DISPATCH_OFFER_TIMEOUT_SEC: "10" })).config.offerTimeoutSec).toBe(30);
    expect(dispatchSettings(dispatchEnv.parse({ DISPATCH_ESCALATION_USER_IDS: "usr_ops1, usr_ops2" })).escalateTo).toEqual(["usr_ops1", "usr_ops2"]);
    expect(dispatchEnv.safeParse({ DISPATCH_OFFER_TIMEOUT_SEC: "soon" }).success).toBe(false);
  });
});

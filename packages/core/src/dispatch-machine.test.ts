import { DISPATCH_STATES } from "@chizze/schema/enums";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DISPATCH_EVENTS, DISPATCH_TRANSITIONS, dispatchTransition } from "./dispatch-machine";

describe("dispatchTransition", () => {
  it("has one edge per (from, event) and only schema states", () => {
    const seen = new Set<string>();
    for (const e of DISPATCH_TRANSITIONS) {
      expect(DISPATCH_STATES).toContain(e.to);
      for (const f of e.from) {
        expect(seen.has(`${f}/${e.event}`)).toBe(false);
        seen.add(`${f}/${e.event}`);
      }
    }
  });
  it("walks offer → reject → offer → accept → pickup → drop", () => {
    const ctx = { round: 1, maxRounds: 3 };
    expect(dispatchTransition("none", "start", ctx)).toEqual({ ok: true, to: "searching" });
    expect(dispatchTransition("searching", "offer_sent", ctx)).toEqual({ ok: true, to: "offered" });
    expect(dispatchTransition("offered", "offer_rejected", ctx)).toEqual({ ok: true, to: "searching" });
    expect(dispatchTransition("offered", "offer_accepted", { ...ctx, round: 2 })).toEqual({ ok: true, to: "assigned" });
    expect(dispatchTransition("assigned", "arrived_pickup", ctx)).toEqual({ ok: true, to: "at_pickup" });
    expect(dispatchTransition("at_pickup", "picked_up", ctx)).toEqual({ ok: true, to: "picked_up" });
    expect(dispatchTransition("picked_up", "arrived_dropoff", ctx)).toEqual({ ok: true, to: "at_dropoff" });
    expect(dispatchTransition("at_dropoff", "delivered", ctx)).toEqual({ ok: true, to: "delivered" });
  });
  it("escalates after the last round and can be retried", () => {
    expect(dispatchTransition("offered", "offer_expired", { round: 3, maxRounds: 3 })).toEqual({ ok: true, to: "escalated" });
    expect(dispatchTransition("searching", "no_candidates", { round: 3, maxRounds: 3 })).toEqual({ ok: true, to: "escalated" });
    expect(dispatchTransition("escalated", "retry", { round: 3, maxRounds: 3 })).toEqual({ ok: true, to: "searching" });
  });
  it("refuses everything else, and nothing leaves delivered", () => {
    expect(dispatchTransition("searching", "offer_accepted", { round: 1, maxRounds: 3 })).toMatchObject({ ok: false });
    fc.assert(
      fc.property(fc.constantFrom(...DISPATCH_EVENTS), (ev) => {
        expect(dispatchTransition("delivered", ev, { round: 1, maxRounds: 3 }).ok).toBe(false);
        expect(dispatchTransition("picked_up", ev, { round: 1, maxRounds: 3 }).ok ? ["arrived_dropoff", "delivered"].includes(ev) : true).toBe(true);
      }),
    );
  });
});

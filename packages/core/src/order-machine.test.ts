import { ACTOR_TYPES, ORDER_STATUSES, PAYMENT_STATUSES } from "@chizze/schema/enums";
import type { OrderStatus, PaymentMethod, PaymentStatus } from "@chizze/schema/enums";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CAPTURED_STATUSES, ORDER_EVENTS, ORDER_TRANSITIONS, TERMINAL_STATUSES, allowedFrom, initialOrderState, orderRank, transition } from "./order-machine";
import type { OrderFacts } from "./order-machine";

const online = (status: OrderStatus, paymentStatus: PaymentStatus = "captured"): OrderFacts => ({ status, paymentMethod: "online", paymentStatus });
const cod = (status: OrderStatus): OrderFacts => ({ status, paymentMethod: "cod", paymentStatus: "cod_pending" });

describe("the table", () => {
  it("has at most one edge per (from, event)", () => {
    const seen = new Set<string>();
    for (const e of ORDER_TRANSITIONS) for (const f of e.from) {
      const k = `${f}/${e.event}`;
      expect(seen.has(k), k).toBe(false);
      seen.add(k);
    }
  });
  it("uses only schema statuses", () => {
    for (const e of ORDER_TRANSITIONS) {
      for (const f of e.from) expect(ORDER_STATUSES).toContain(f);
      if (e.to) expect(ORDER_STATUSES).toContain(e.to);
    }
  });
  it("lets terminal states go nowhere but archived (or stay put)", () => {
    for (const e of ORDER_TRANSITIONS) for (const f of e.from) {
      if (TERMINAL_STATUSES.includes(f)) expect(e.to === null || e.to === "archived").toBe(true);
    }
    for (const ev of ORDER_EVENTS) for (const a of ACTOR_TYPES) expect(transition(online("archived"), ev, a).ok).toBe(false);
  });
});

describe("transition", () => {
  it("walks the happy path of an online order", () => {
    let s = online("awaiting_payment", "pending");
    const auth = transition({ ...s, paymentStatus: "authorized" }, "payment_authorized", "razorpay");
    expect(auth).toMatchObject({ ok: true, to: "awaiting_payment", changed: false, effects: [{ type: "capturePayment" }] });
    const steps: [string, string, OrderStatus][] = [
      ["payment_captured", "razorpay", "placed"],
      ["restaurant_accept", "restaurant", "accepted"],
      ["mark_preparing", "restaurant", "preparing"],
      ["mark_ready", "restaurant", "ready"],
      ["partner_pickup", "partner", "picked_up"],
      ["partner_deliver", "partner", "delivered"],
      ["archive", "system", "archived"],
    ];
    s = { ...s, paymentStatus: "captured" };
    for (const [event, actor, to] of steps) {
      const r = transition(s, event as never, actor as never);
      expect(r, `${s.status} --${event}-->`).toMatchObject({ ok: true, to });
      if (r.ok) s = { ...s, status: r.to };
    }
  });

  it("names effects and drops those that do not apply", () => {
    const placed = transition(online("awaiting_payment"), "payment_captured", "razorpay");
    expect(placed.ok && placed.effects.map((e) => e.type)).toEqual(["redeemCoupon", "startAcceptTimer", "notify"]);
    const noCoupon = transition({ ...online("awaiting_payment"), hasCoupon: false }, "payment_captured", "razorpay");
    expect(noCoupon.ok && noCoupon.effects.map((e) => e.type)).toEqual(["startAcceptTimer", "notify"]);
    const reject = transition(online("placed"), "restaurant_reject", "restaurant");
    expect(reject).toMatchObject({ ok: true, to: "rejected", cancelReason: "restaurant_rejected" });
    expect(reject.ok && reject.effects).toContainEqual({ type: "voidOrRefund", reason: "restaurant_rejected" });
    const codReject = transition(cod("placed"), "restaurant_reject", "restaurant");
    expect(codReject.ok && codReject.effects.map((e) => e.type)).toEqual(["releaseStock", "releaseCoupon", "notify"]);
    const codDeliver = transition(cod("picked_up"), "partner_deliver", "partner");
    expect(codDeliver.ok && codDeliver.effects.map((e) => e.type)).toContain("collectCash");
    const onlineDeliver = transition(online("picked_up"), "partner_deliver", "partner");
    expect(onlineDeliver.ok && onlineDeliver.effects.map((e) => e.type)).not.toContain("collectCash");
    const lateCancel = transition(online("preparing"), "customer_cancel", "customer");
    expect(lateCancel.ok && lateCancel.effects.map((e) => e.type)).not.toContain("releaseStock");
  });

  it("refuses wrong actors, unknown edges and payment events on COD orders", () => {
    expect(transition(online("placed"), "restaurant_accept", "customer")).toMatchObject({ ok: false, code: "illegal_transition" });
    expect(transition(online("delivered"), "customer_cancel", "customer")).toMatchObject({ ok: false, code: "illegal_transition" });
    expect(transition(online("picked_up"), "customer_cancel", "customer")).toMatchObject({ ok: false });
    expect(transition(online("picked_up"), "admin_cancel", "admin")).toMatchObject({ ok: true, to: "cancelled" });
    expect(transition(online("ready"), "customer_cancel", "customer")).toMatchObject({ ok: false });
    expect(transition(cod("placed"), "payment_captured", "razorpay")).toMatchObject({ ok: false });
  });

  it("never fulfils an unpaid online order (I4)", () => {
    const unpaid = transition(online("placed", "authorized"), "restaurant_accept", "restaurant");
    expect(unpaid.ok).toBe(false);
    expect(!unpaid.ok && unpaid.reason).toContain("I4");
    expect(transition(online("awaiting_payment", "authorized"), "payment_captured", "razorpay")).toMatchObject({ ok: false });
    expect(transition(cod("placed"), "restaurant_accept", "restaurant")).toMatchObject({ ok: true, to: "accepted" });
  });

  it("sends late money back on dead orders and ignores duplicate captures (I12)", () => {
    for (const status of ["payment_failed", "expired", "cancelled", "rejected"] as const) {
      const r = transition(online(status), "payment_captured", "razorpay");
      expect(r).toMatchObject({ ok: true, to: status, changed: false, effects: [{ type: "voidOrRefund", reason: "late_authorization" }] });
    }
    expect(transition(online("accepted"), "payment_captured", "razorpay")).toMatchObject({ ok: true, changed: false, effects: [] });
  });

  it("starts online orders awaiting payment and COD orders placed", () => {
    expect(initialOrderState("online")).toEqual({ status: "awaiting_payment", paymentStatus: "pending", dispatchState: "none" });
    expect(initialOrderState("cod")).toEqual({ status: "placed", paymentStatus: "cod_pending", dispatchState: "none" });
    expect(allowedFrom("customer_cancel", "customer")).toEqual(["awaiting_payment", "placed", "accepted", "preparing"]);
  });

  it("random runs: rank never decreases, fulfilment only with captured payment, terminal absorbs (R7)", () => {
    const step = fc.record({ event: fc.constantFrom(...ORDER_EVENTS), actor: fc.constantFrom(...ACTOR_TYPES), payment: fc.constantFrom(...PAYMENT_STATUSES) });
    fc.assert(
      fc.property(fc.constantFrom<PaymentMethod>("online", "cod"), fc.array(step, { maxLength: 40 }), (method, steps) => {
        let status = initialOrderState(method).status;
        for (const s of steps) {
          const r = transition({ status, paymentMethod: method, paymentStatus: s.payment }, s.event, s.actor);
          if (!r.ok) continue;
          expect(orderRank(r.to)).toBeGreaterThanOrEqual(orderRank(status));
          if (TERMINAL_STATUSES.includes(status)) expect(r.to === status || r.to === "archived").toBe(true);
          if (method === "online" && ["placed", "accepted", "preparing", "ready", "picked_up", "delivered"].includes(r.to) && r.changed) {
            expect(CAPTURED_STATUSES).toContain(s.payment);
          }
          status = r.to;
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

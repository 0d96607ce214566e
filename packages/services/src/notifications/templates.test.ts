import { describe, expect, it } from "vitest";
import { ORDER_TRANSITIONS } from "@chizze/core";
import { LANGUAGES } from "@chizze/schema/enums";
import { planOrderEvent } from "./plan";
import { TEMPLATE_KEYS, TEMPLATES, render, timeEn, timeHi, type MoneyBack, type TemplateVars } from "./templates";

const base: TemplateVars = {
  orderNumber: "CHZ-261120-48213907",
  restaurantName: "Meghana Foods",
  totalPaise: 123_450,
  paymentMethod: "online",
  itemCount: 3,
  etaAt: "2026-11-20T14:15:00.000Z", // 19:45 IST
  minutesLeft: 2,
  moneyBack: { kind: "refund", amountPaise: 123_450 },
  cancelledBy: "restaurant",
  cancelReason: "item_unavailable",
  afterPickup: false,
};

const MONEY: MoneyBack[] = [{ kind: "refund", amountPaise: 50_000 }, { kind: "hold_released" }, { kind: "not_charged" }, { kind: "if_debited" }];
const DEVANAGARI = /[\u0900-\u097F]/;

describe("templates", () => {
  it("every key has English and Hindi, fits its columns and leaves nothing unfilled, whatever the variables", () => {
    for (const key of TEMPLATE_KEYS) {
      for (const language of LANGUAGES) {
        for (const moneyBack of MONEY) {
          for (const variant of [base, { ...base, etaAt: null, minutesLeft: null, cancelledBy: "admin" as const, afterPickup: true, paymentMethod: "cod" as const, moneyBack }]) {
            const out = render(key, language, variant);
            expect(out.title.length, key).toBeGreaterThan(0);
            expect(out.title.length, key).toBeLessThanOrEqual(128);
            expect(out.message.length, key).toBeLessThanOrEqual(500);
            expect(`${out.title} ${out.message}`, key).not.toMatch(/undefined|null|NaN|\[object|\$\{/);
            expect(DEVANAGARI.test(`${out.title}${out.message}`), `${key} ${language}`).toBe(language === "hi");
          }
        }
      }
    }
    expect(Object.keys(TEMPLATES).sort()).toEqual([...TEMPLATE_KEYS].sort());
  });

  it("prints amounts in rupees with Indian grouping and times in IST", () => {
    expect(render("customer.order_rejected", "en", base).message).toBe(
      "Order CHZ-261120-48213907 was declined by the restaurant. ₹1,234.50 will be refunded to your original payment method, usually within 5–7 working days.",
    );
    expect(render("customer.order_accepted", "en", base)).toEqual({ title: "Meghana Foods accepted your order", message: "Order CHZ-261120-48213907 is being prepared. Arriving by 7:45 pm." });
    expect(render("customer.order_accepted", "hi", base)).toEqual({
      title: "Meghana Foods ने आपका ऑर्डर स्वीकार कर लिया",
      message: "ऑर्डर CHZ-261120-48213907 तैयार किया जा रहा है। शाम 7:45 बजे तक पहुँचेगा।",
    });
    expect(render("restaurant.order_placed", "en", { ...base, paymentMethod: "cod" }).message).toBe("3 items · ₹1,234.50 · cash on delivery. Accept within 2 min.");
    expect(timeEn("2026-11-20T18:30:00.000Z")).toBe("12:00 am");
    expect(timeEn("2026-11-20T06:30:00.000Z")).toBe("12:00 pm");
    expect(timeHi("2026-11-20T18:30:00.000Z")).toBe("रात 12:00 बजे");
    expect(timeHi("2026-11-20T03:00:00.000Z")).toBe("सुबह 8:30 बजे");
  });

  it("says who cancelled and what happens to the money", () => {
    expect(render("customer.order_cancelled", "en", { ...base, cancelledBy: "system", cancelReason: "no_delivery_partner", moneyBack: { kind: "not_charged" } }).message).toBe(
      "We could not find a delivery partner, so your order was cancelled. You have not been charged.",
    );
    expect(render("restaurant.order_cancelled", "hi", { ...base, cancelledBy: "customer" }).title).toBe("ग्राहक ने ऑर्डर CHZ-261120-48213907 रद्द कर दिया");
    expect(render("partner.order_cancelled", "en", { ...base, afterPickup: true }).message).toMatch(/after pickup/);
  });

  it("clips a very long restaurant name to the column without breaking a character", () => {
    const out = render("customer.order_accepted", "en", { ...base, restaurantName: "🍛".repeat(100) });
    expect(out.title.length).toBeLessThanOrEqual(128);
    expect(out.title.endsWith("…")).toBe(true);
    expect(out.title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe("planOrderEvent", () => {
  it("has a template for every notify effect of the order machine", () => {
    for (const edge of ORDER_TRANSITIONS) {
      for (const from of edge.from) {
        const plan = planOrderEvent({ event: edge.event, fromStatus: from, toStatus: edge.to ?? from });
        expect(plan.missing, `${edge.event} from ${from}`).toEqual([]);
        const notifies = edge.to !== null && edge.to !== from ? edge.effects.flatMap((e) => (e.type === "notify" ? e.to.map((r) => `${r}.${e.kind}`) : [])) : [];
        expect(plan.notices.filter((n) => n.role !== "ops").map((n) => n.template)).toEqual(notifies);
      }
    }
  });

  it("announces a COD order at placement and an online one at capture, to the restaurant and the customer", () => {
    const both = [
      { role: "restaurant", template: "restaurant.order_placed" },
      { role: "customer", template: "customer.order_placed" },
    ];
    expect(planOrderEvent({ event: "place", fromStatus: null, toStatus: "placed" }).notices).toEqual(both);
    expect(planOrderEvent({ event: "place", fromStatus: null, toStatus: "awaiting_payment" }).notices).toEqual([]);
    expect(planOrderEvent({ event: "payment_captured", fromStatus: "awaiting_payment", toStatus: "placed" }).notices).toEqual(expect.arrayContaining(both));
  });

  it("tells nobody about a recorded no-op, and ops about the platform giving up", () => {
    expect(planOrderEvent({ event: "payment_captured", fromStatus: "accepted", toStatus: "accepted" }).notices).toEqual([]);
    expect(planOrderEvent({ event: "accept_timeout", fromStatus: "placed", toStatus: "rejected" }).notices.map((n) => n.template)).toEqual([
      "customer.order_timed_out",
      "restaurant.order_timed_out",
      "ops.order_timed_out",
    ]);
    expect(planOrderEvent({ event: "customer_cancel", fromStatus: "accepted", toStatus: "cancelled" }).notices.map((n) => n.template)).toEqual(["restaurant.order_cancelled", "partner.order_cancelled"]);
    expect(planOrderEvent({ event: "archive", fromStatus: "delivered", toStatus: "archived" }).notices).toEqual([]);
  });
});

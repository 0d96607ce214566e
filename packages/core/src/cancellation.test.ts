import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideCancellation, paidComponents } from "./cancellation";
import type { CancelEvent, CancellationInput } from "./cancellation";
import type { Amounts } from "./pricing";

const amounts: Amounts = {
  itemsPaise: 66_000,
  fees: { packagingPaise: 2_000, deliveryPaise: 3_500, surgePaise: 0, platformPaise: 1_000 },
  taxes: { gstFoodPaise: 3_400, gstFeesPaise: 810 },
  discountPaise: 0,
  tipPaise: 2_000,
  totalPaise: 78_710,
};
const input = (over: Partial<CancellationInput> = {}): CancellationInput => ({
  status: "placed",
  event: "customer_cancel",
  actor: "customer",
  paymentMethod: "online",
  paymentStatus: "captured",
  amounts,
  amountRefundedPaise: 0,
  ...over,
});

describe("decideCancellation", () => {
  it("refunds everything before the restaurant accepts", () => {
    const d = decideCancellation(input());
    expect(d).toMatchObject({ ok: true, to: "cancelled", refundReason: "customer_cancelled", cancelReason: "customer_request" });
    expect(d.ok && d.refund).toEqual({ ...paidComponents(amounts), totalPaise: 78_710 });
    expect(d.ok && d.effects.map((e) => e.type)).toContain("releaseStock");
  });

  it("keeps the platform fee and its GST when the customer cancels after accept", () => {
    const d = decideCancellation(input({ status: "accepted" }));
    expect(d.ok && d.retained).toEqual({ itemsPaise: 0, packagingPaise: 0, deliveryPaise: 0, platformPaise: 1_000, taxesPaise: 180, tipPaise: 0, totalPaise: 1_180 });
    expect(d.ok && d.refund.totalPaise).toBe(77_530);
  });

  it("refunds only delivery, tip and their GST once cooking started", () => {
    const d = decideCancellation(input({ status: "preparing" }));
    expect(d.ok && d.refund).toEqual({ itemsPaise: 0, packagingPaise: 0, deliveryPaise: 3_500, platformPaise: 0, taxesPaise: 630, tipPaise: 2_000, totalPaise: 6_130 });
    expect(d.ok && d.effects.map((e) => e.type)).not.toContain("releaseStock");
  });

  it("refuses customer cancellation once the food is ready; admins may", () => {
    expect(decideCancellation(input({ status: "ready" }))).toMatchObject({ ok: false, code: "illegal_transition" });
    expect(decideCancellation(input({ status: "picked_up" }))).toMatchObject({ ok: false });
    const admin = decideCancellation(input({ status: "picked_up", event: "admin_cancel", actor: "admin" }));
    expect(admin).toMatchObject({ ok: true, refundReason: "order_not_delivered", refund: { totalPaise: 78_710 } });
    const kept = decideCancellation(input({ status: "picked_up", event: "admin_cancel", actor: "admin" }), {
      customerRetains: {},
      adminRetains: ["items", "packaging"],
      packagingTaxedAs: "food",
    });
    expect(kept.ok && kept.refund.totalPaise).toBe(78_710 - 66_000 - 2_000 - 3_400);
  });

  it("refunds everything on restaurant reject, accept timeout and restaurant cancel", () => {
    for (const [status, event, actor, reason] of [
      ["placed", "restaurant_reject", "restaurant", "restaurant_rejected"],
      ["placed", "accept_timeout", "system", "accept_timeout"],
      ["preparing", "restaurant_cancel", "restaurant", "restaurant_rejected"],
      ["ready", "system_cancel", "system", "order_not_delivered"],
    ] as const) {
      const d = decideCancellation(input({ status, event, actor }));
      expect(d, `${status}/${event}`).toMatchObject({ ok: true, refundReason: reason, refund: { totalPaise: 78_710 } });
    }
  });

  it("refunds nothing for COD or uncaptured payments, but still releases", () => {
    const d = decideCancellation(input({ paymentMethod: "cod", paymentStatus: "cod_pending" }));
    expect(d).toMatchObject({ ok: true, refund: { totalPaise: 0 } });
    expect(d.ok && d.effects.map((e) => e.type)).toEqual(["releaseStock", "releaseCoupon", "notify"]);
    const unpaid = decideCancellation(input({ status: "awaiting_payment", paymentStatus: "authorized" }));
    expect(unpaid).toMatchObject({ ok: true, refund: { totalPaise: 0 } });
    expect(unpaid.ok && unpaid.effects).toContainEqual({ type: "voidOrRefund", reason: "customer_cancelled" });
  });

  it("never gives back more than is left after earlier refunds", () => {
    const d = decideCancellation(input({ amountRefundedPaise: 70_000 }));
    expect(d.ok && d.refund.totalPaise).toBe(8_710);
    expect(decideCancellation(input({ amountRefundedPaise: 90_000 }))).toMatchObject({ ok: true, refund: { totalPaise: 0 } });
  });

  it("components sum exactly and stay within what was paid (property)", () => {
    const arbAmounts = fc
      .record({
        items: fc.integer({ min: 0, max: 500_000 }),
        pkg: fc.integer({ min: 0, max: 5_000 }),
        del: fc.integer({ min: 0, max: 6_000 }),
        surge: fc.integer({ min: 0, max: 6_000 }),
        plat: fc.integer({ min: 0, max: 2_000 }),
        gf: fc.integer({ min: 0, max: 30_000 }),
        gfe: fc.integer({ min: 0, max: 3_000 }),
        tip: fc.integer({ min: 0, max: 100_000 }),
        discShare: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map((x): Amounts => {
        const discountPaise = Math.floor(x.items * x.discShare);
        const totalPaise = x.items + x.pkg + x.del + x.surge + x.plat + x.gf + x.gfe + x.tip - discountPaise;
        return { itemsPaise: x.items, fees: { packagingPaise: x.pkg, deliveryPaise: x.del, surgePaise: x.surge, platformPaise: x.plat }, taxes: { gstFoodPaise: x.gf, gstFeesPaise: x.gfe }, discountPaise, tipPaise: x.tip, totalPaise };
      });
    const stageEvent = fc.constantFrom<[CancellationInput["status"], CancelEvent, CancellationInput["actor"]]>(
      ["placed", "customer_cancel", "customer"],
      ["accepted", "customer_cancel", "customer"],
      ["preparing", "customer_cancel", "customer"],
      ["placed", "restaurant_reject", "restaurant"],
      ["ready", "restaurant_cancel", "restaurant"],
      ["picked_up", "admin_cancel", "admin"],
    );
    fc.assert(
      fc.property(arbAmounts, stageEvent, fc.integer({ min: 0, max: 700_000 }), fc.constantFrom("food" as const, "fees" as const), (a, [status, event, actor], refunded, pkgAs) => {
        const d = decideCancellation(input({ amounts: a, status, event, actor, amountRefundedPaise: refunded }), { customerRetains: { accepted: ["platform"], preparing: ["items", "packaging", "platform"] }, adminRetains: [], packagingTaxedAs: pkgAs });
        expect(d.ok).toBe(true);
        if (!d.ok) return;
        const paid = paidComponents(a);
        expect(paid.totalPaise).toBe(a.totalPaise);
        for (const b of [d.refund, d.retained]) {
          expect(b.itemsPaise + b.packagingPaise + b.deliveryPaise + b.platformPaise + b.taxesPaise + b.tipPaise).toBe(b.totalPaise);
        }
        for (const k of ["itemsPaise", "packagingPaise", "deliveryPaise", "platformPaise", "taxesPaise", "tipPaise"] as const) {
          expect(d.refund[k]).toBeGreaterThanOrEqual(0);
          expect(d.refund[k] + d.retained[k]).toBeLessThanOrEqual(paid[k]);
        }
        expect(d.refund.totalPaise).toBeLessThanOrEqual(Math.max(0, a.totalPaise - refunded));
        if (refunded === 0) expect(d.refund.totalPaise + d.retained.totalPaise).toBe(a.totalPaise);
      }),
      { numRuns: 1_000 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideCancellation } from "./cancellation";
import type { CancelEvent } from "./cancellation";
import {
  balances,
  codCollectedTxn,
  codNettingTxn,
  customerTotal,
  imbalance,
  paymentCapturedTxn,
  payoutTxn,
  refundTxn,
  settlementAmountsOf,
  settlementAmountsOfRetained,
  settlementTxn,
  toLedgerRows,
} from "./ledger";
import type { LedgerTxn } from "./ledger";
import type { Amounts } from "./pricing";

const amounts: Amounts = {
  itemsPaise: 66_000,
  fees: { packagingPaise: 2_000, deliveryPaise: 3_500, surgePaise: 0, platformPaise: 1_000 },
  taxes: { gstFoodPaise: 3_400, gstFeesPaise: 810 },
  discountPaise: 0,
  tipPaise: 2_000,
  totalPaise: 78_710,
};
const ACCOUNT = /^(?:customer|platform_commission|platform_fees|platform_discounts|gst_liability|tds_payable|razorpay_clearing|tips|(?:restaurant|partner|cod_cash):[A-Za-z0-9][A-Za-z0-9._-]{0,35})$/;

function wellFormed(t: LedgerTxn): void {
  expect(imbalance(t)).toBe(0);
  const keys = t.postings.map((p) => `${p.account}/${p.kind}`);
  expect(new Set(keys).size).toBe(keys.length); // the unique index [txn_id, account, kind]
  for (const p of t.postings) {
    expect(p.account).toMatch(ACCOUNT);
    expect(Number.isSafeInteger(p.amountPaise) && p.amountPaise > 0).toBe(true);
  }
}

describe("online order", () => {
  it("capture then settle: balanced, and every party gets its line", () => {
    const capture = paymentCapturedTxn({ orderId: "ord_1", paymentId: "pay_1", totalPaise: amounts.totalPaise });
    const settle = settlementTxn({ kind: "settle", orderId: "ord_1", restaurantId: "rst_1", partnerId: "dp_1", amounts: settlementAmountsOf(amounts), couponFundedBy: null, commissionBps: 2_000, partnerFeePaise: 4_400 });
    wellFormed(capture);
    wellFormed(settle);
    expect(capture.txnId).toBe("capture:pay_1");
    const b = balances([capture, settle]);
    expect(b.get("customer") ?? 0).toBe(0);
    expect(b.get("razorpay_clearing")).toBe(78_710);
    // Commission 20 % of 660 = 132.00; its GST 23.76; TDS 0.1 % of 680 = 0.68.
    expect(b.get("restaurant:rst_1")).toBe(-(66_000 + 2_000 - 13_200 - 2_376 - 68));
    expect(b.get("platform_commission")).toBe(-13_200);
    expect(b.get("gst_liability")).toBe(-(3_400 + 810 + 2_376));
    expect(b.get("tds_payable")).toBe(-68);
    expect(b.get("partner:dp_1")).toBe(-(4_400 + 2_000));
    expect(b.get("platform_fees")).toBe(-(1_000 + 3_500) + 4_400);
    const rows = toLedgerRows(settle, new Date("2026-11-26T12:00:00Z"));
    expect(rows.every((r) => r.txn_id === "settle:ord_1" && /^led_[0-9a-f]{32}$/.test(r.id))).toBe(true);
  });

  it("charges a discount to whoever funds it", () => {
    const disc: Amounts = { ...amounts, discountPaise: 10_000, totalPaise: 68_710 };
    const platform = balances([settlementTxn({ kind: "settle", orderId: "o", restaurantId: "r", partnerId: "p", amounts: settlementAmountsOf(disc), couponFundedBy: "platform", commissionBps: 2_000, partnerFeePaise: 0 })]);
    const restaurant = balances([settlementTxn({ kind: "settle", orderId: "o", restaurantId: "r", partnerId: "p", amounts: settlementAmountsOf(disc), couponFundedBy: "restaurant", commissionBps: 2_000, partnerFeePaise: 0 })]);
    expect(platform.get("platform_discounts")).toBe(10_000);
    expect(restaurant.get("platform_discounts")).toBeUndefined();
    // TDS is on the discounted value in both cases (what the restaurant sold for).
    expect((restaurant.get("restaurant:r") ?? 0) - (platform.get("restaurant:r") ?? 0)).toBe(10_000);
  });

  it("turns a negative restaurant share into a debit", () => {
    const deep: Amounts = { ...amounts, itemsPaise: 10_000, discountPaise: 9_500, totalPaise: 0 };
    deep.totalPaise = customerTotal(settlementAmountsOf(deep));
    const t = settlementTxn({ kind: "settle", orderId: "o", restaurantId: "r", partnerId: "p", amounts: settlementAmountsOf(deep), couponFundedBy: "restaurant", commissionBps: 3_000, partnerFeePaise: 100 });
    wellFormed(t);
    expect(t.postings.find((p) => p.account === "restaurant:r")).toMatchObject({ direction: "debit" });
  });
});

describe("COD, refunds, payouts", () => {
  it("COD: the partner holds the cash until it is netted against earnings", () => {
    const cod = codCollectedTxn({ orderId: "ord_2", partnerId: "dp_1", totalPaise: amounts.totalPaise });
    const settle = settlementTxn({ kind: "settle", orderId: "ord_2", restaurantId: "rst_1", partnerId: "dp_1", amounts: settlementAmountsOf(amounts), couponFundedBy: null, commissionBps: 2_000, partnerFeePaise: 4_400 });
    const net = codNettingTxn({ reference: "2026-11-26:dp_1", partnerId: "dp_1", amountPaise: 6_400 });
    for (const t of [cod, settle, net]) wellFormed(t);
    const b = balances([cod, settle, net]);
    expect(b.get("customer") ?? 0).toBe(0);
    expect(b.get("cod_cash:dp_1")).toBe(78_710 - 6_400);
    expect(b.get("partner:dp_1") ?? 0).toBe(0);
  });
  it("refunds before settlement come out of the customer's balance, after it from the funder", () => {
    const before = refundTxn({ refundId: "rfd_1", orderId: "o", amountPaise: 500, settled: false });
    const platform = refundTxn({ refundId: "rfd_2", orderId: "o", amountPaise: 500, settled: true });
    const rest = refundTxn({ refundId: "rfd_3", orderId: "o", amountPaise: 500, settled: true, fundedBy: { restaurantId: "rst_1" } });
    expect(before.postings.map((p) => p.account)).toEqual(["customer", "razorpay_clearing"]);
    expect(platform.postings[0]?.account).toBe("platform_discounts");
    expect(rest.postings[0]?.account).toBe("restaurant:rst_1");
    const pay = payoutTxn({ payoutId: "pyo_1", payee: { type: "restaurant", id: "rst_1" }, amountPaise: 100 });
    for (const t of [before, platform, rest, pay]) wellFormed(t);
  });
  it("refuses to write an unbalanced transaction", () => {
    expect(() => toLedgerRows({ txnId: "adjust:x", orderId: null, postings: [{ account: "customer", direction: "debit", amountPaise: 1, kind: "adjustment" }] }, new Date())).toThrow(RangeError);
  });
});

describe("properties", () => {
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
      disc: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((x): Amounts => {
      const discountPaise = Math.floor(x.items * x.disc);
      return {
        itemsPaise: x.items,
        fees: { packagingPaise: x.pkg, deliveryPaise: x.del, surgePaise: x.surge, platformPaise: x.plat },
        taxes: { gstFoodPaise: x.gf, gstFeesPaise: x.gfe },
        discountPaise,
        tipPaise: x.tip,
        totalPaise: x.items + x.pkg + x.del + x.surge + x.plat + x.gf + x.gfe + x.tip - discountPaise,
      };
    });

  it("every posting set balances and the customer nets to zero — delivered or cancelled (property)", () => {
    fc.assert(
      fc.property(
        arbAmounts,
        fc.constantFrom("platform" as const, "restaurant" as const, null),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.option(fc.constantFrom<[string, CancelEvent, "customer" | "restaurant" | "admin" | "system"]>(["placed", "customer_cancel", "customer"], ["accepted", "customer_cancel", "customer"], ["preparing", "customer_cancel", "customer"], ["ready", "restaurant_cancel", "restaurant"], ["picked_up", "admin_cancel", "admin"]), { nil: null }),
        fc.boolean(),
        (a, funder, commissionBps, partnerFee, cancel, cod) => {
          const txns: LedgerTxn[] = [cod ? codCollectedTxn({ orderId: "o", partnerId: "dp_1", totalPaise: a.totalPaise }) : paymentCapturedTxn({ orderId: "o", paymentId: "pay_1", totalPaise: a.totalPaise })];
          if (cancel && !cod) {
            const [status, event, actor] = cancel;
            const d = decideCancellation({ status: status as never, event, actor, paymentMethod: "online", paymentStatus: "captured", amounts: a, amountRefundedPaise: 0 });
            if (!d.ok) throw new Error(d.reason);
            txns.push(refundTxn({ refundId: "rfd_1", orderId: "o", amountPaise: d.refund.totalPaise, settled: false }));
            txns.push(settlementTxn({ kind: "retain", orderId: "o", restaurantId: "r", partnerId: null, amounts: settlementAmountsOfRetained(d.retained), couponFundedBy: null, commissionBps, partnerFeePaise: 0 }));
          } else {
            txns.push(settlementTxn({ kind: "settle", orderId: "o", restaurantId: "r", partnerId: "dp_1", amounts: settlementAmountsOf(a), couponFundedBy: funder, commissionBps, partnerFeePaise: partnerFee }));
          }
          for (const t of txns) wellFormed(t);
          const b = balances(txns);
          expect(b.get("customer") ?? 0).toBe(0);
          // Reconciles with the order: the money in (clearing or partner cash) is what the customer paid, less refunds.
          const inflow = (b.get("razorpay_clearing") ?? 0) + (b.get("cod_cash:dp_1") ?? 0);
          const refunded = txns.filter((t) => t.txnId.startsWith("refund:")).reduce((s, t) => s + (t.postings[0]?.amountPaise ?? 0), 0);
          expect(inflow).toBe(a.totalPaise - refunded);
          // Nothing is created or lost: all balances sum to zero.
          expect([...b.values()].reduce((s, v) => s + v, 0)).toBe(0);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

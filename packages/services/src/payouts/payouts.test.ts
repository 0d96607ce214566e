// Pure parts of the payout run: periods and keys, and the amounts a payout pays from the entries it covers.
import { describe, expect, it } from "vitest";
import { settlementTxn, refundTxn, toLedgerRows, balances, percentOfBps, type LedgerTxn } from "@chizze/core";
import { commissionGstOf, settlementTxnsOf, summarise, type Deductions } from "./amounts";
import { payeeOfAccount, payoutIdFor, payoutKey, payoutPeriodFor, periodDateOf } from "./period";
import { payoutReversalTxn } from "./ledger";

describe("payout periods", () => {
  it("pays the previous IST day, whatever the UTC date of the run", () => {
    // 02:30 IST on 27 Nov is 21:00 UTC on 26 Nov: the day paid is 26 Nov (IST).
    expect(payoutPeriodFor(new Date("2026-11-26T21:00:00Z"))).toEqual({ date: "2026-11-26", startIso: "2026-11-25T18:30:00.000Z", endIso: "2026-11-26T18:30:00.000Z" });
    // 10:00 IST on 27 Nov: still 26 Nov.
    expect(payoutPeriodFor(new Date("2026-11-27T04:30:00Z")).date).toBe("2026-11-26");
    expect(periodDateOf("2026-11-26T18:30:00.000+00:00")).toBe("2026-11-26");
  });

  it("keys a payout by payee and period, numbering re-payments, and derives a stable id", () => {
    const payee = { type: "restaurant" as const, id: "rst_1" };
    expect(payoutKey(payee, "2026-11-26", 1)).toBe("restaurant:rst_1:2026-11-26");
    expect(payoutKey(payee, "2026-11-26", 2)).toBe("restaurant:rst_1:2026-11-26#2");
    expect(() => payoutKey(payee, "2026-11-26", 0)).toThrow(RangeError);
    expect(payoutIdFor("restaurant:rst_1:2026-11-26")).toMatch(/^pyo_[0-9a-f]{32}$/);
    expect(payoutIdFor("restaurant:rst_1:2026-11-26")).toBe(payoutIdFor("restaurant:rst_1:2026-11-26"));
    expect(payoutIdFor("restaurant:rst_1:2026-11-26#2")).not.toBe(payoutIdFor("restaurant:rst_1:2026-11-26"));
    expect(payeeOfAccount("partner:prt_00001")).toEqual({ type: "partner", id: "prt_00001" });
    expect(payeeOfAccount("tds_payable")).toBeNull();
  });
});

const at = "2026-11-26T10:00:00.000Z";
const settle = (orderId: string, itemsPaise: number, tipPaise = 0): LedgerTxn =>
  settlementTxn({
    kind: "settle",
    orderId,
    restaurantId: "rst_1",
    partnerId: "prt_1",
    amounts: { itemsPaise, discountPaise: 0, packagingPaise: 500, deliveryPaise: 3_000, platformPaise: 1_000, taxesPaise: percentOfBps(itemsPaise, 500), tipPaise },
    couponFundedBy: null,
    commissionBps: 2_000,
    partnerFeePaise: 3_500,
  });

function entriesOf(account: string, ...txns: LedgerTxn[]) {
  return txns.flatMap((t) => toLedgerRows(t, new Date(at))).filter((r) => r.account === account);
}

function deductionsFrom(...txns: LedgerTxn[]): Map<string, Deductions> {
  const out = new Map<string, Deductions>();
  for (const t of txns) {
    const p = (account: string) => t.postings.find((x) => x.account === account)?.amountPaise ?? 0;
    out.set(t.txnId, { commissionPaise: p("platform_commission"), tdsPaise: p("tds_payable") });
  }
  return out;
}

describe("payout amounts", () => {
  it("restaurant: net = the ledger balance; gross − commission − its GST − TDS + adjustments = net, per order and in total", () => {
    const a = settle("ord_a", 40_000);
    const b = settle("ord_b", 12_345);
    const claw = refundTxn({ refundId: "rfd_1", orderId: "ord_a", amountPaise: 2_000, settled: true, fundedBy: { restaurantId: "rst_1" } });
    const entries = entriesOf("restaurant:rst_1", a, b, claw);
    expect(settlementTxnsOf("restaurant", entries).sort()).toEqual(["settle:ord_a", "settle:ord_b"]);
    const s = summarise("restaurant", entries, deductionsFrom(a, b));
    const owed = -(balances([a, b, claw]).get("restaurant:rst_1") ?? 0);
    expect(s.netPaise).toBe(owed);
    expect(s.grossPaise).toBe(40_000 + 500 + 12_345 + 500);
    expect(s.commissionPaise).toBe(8_000 + percentOfBps(12_345, 2_000));
    expect(s.commissionGstPaise).toBe(percentOfBps(8_000, 1_800) + percentOfBps(percentOfBps(12_345, 2_000), 1_800));
    expect(s.tdsPaise).toBe(percentOfBps(40_500, 10) + percentOfBps(12_845, 10));
    expect(s.adjustmentPaise).toBe(-2_000);
    expect(s.grossPaise - s.commissionPaise - s.commissionGstPaise - s.tdsPaise + s.adjustmentPaise).toBe(s.netPaise);
    expect(s.entryCount).toBe(3);
    expect(s.orders.map((o) => [o.orderId, o.adjustmentPaise])).toEqual([
      ["ord_a", -2_000],
      ["ord_b", 0],
    ]);
    for (const o of s.orders) expect(o.grossPaise - o.commissionPaise - o.commissionGstPaise - o.tdsPaise + o.adjustmentPaise).toBe(o.netPaise);
    // The row keeps commission without GST; the GST comes back exactly from the other columns.
    expect(commissionGstOf({ gross_paise: s.grossPaise, commission_paise: s.commissionPaise, tds_paise: s.tdsPaise, adjustment_paise: s.adjustmentPaise, net_paise: s.netPaise })).toBe(s.commissionGstPaise);
  });

  it("partner: fees and tips are gross, no commission or TDS; payout postings are not part of what is paid", () => {
    const a = settle("ord_a", 20_000, 1_500);
    const paid = payoutReversalTxn({ payoutId: "pyo_x", account: "partner:prt_1", amountPaise: 5_000 });
    const entries = [...entriesOf("partner:prt_1", a), ...entriesOf("partner:prt_1", paid)];
    const s = summarise("partner", entries, new Map());
    expect(s).toMatchObject({ grossPaise: 5_000, commissionPaise: 0, commissionGstPaise: 0, tdsPaise: 0, adjustmentPaise: 0, netPaise: 5_000, entryCount: 2 });
  });

  it("a reversal posting undoes a payout posting: the two net to zero", () => {
    const reversal = payoutReversalTxn({ payoutId: "pyo_x", account: "restaurant:rst_1", amountPaise: 9_999 });
    expect(reversal.txnId.length).toBeLessThanOrEqual(64);
    expect(toLedgerRows(reversal, new Date(at))).toHaveLength(2); // balanced, else toLedgerRows throws
  });
});

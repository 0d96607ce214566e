// Double-entry postings for every money movement, as rows for ledger_entries. Debit = money's destination
// side in our books (what an account holds or is owed grows), credit = its source. Every transaction balances
// (Σdebit = Σcredit, property-tested) and (txn, account, kind) is unique per transaction, matching the
// table's unique index so a retried posting is a 409, never a second entry.
//
// Life of an online order:  capture  D razorpay_clearing / C customer           (the customer's money is held)
//                           settle   D customer (+ D platform_discounts, D platform_fees for the partner fee)
//                                    C restaurant share, commission, GST, platform/delivery fees, partner fee, tip
// COD:                      cod      D cod_cash:<partner> / C customer            (the partner holds the cash)
//                           settle   as above;  cod_net  D partner / C cod_cash   (cash offset against earnings)
// Cancelled after capture:  refund   D customer / C razorpay_clearing;  retain = settle over what was kept.
// After any complete life the customer account nets to zero (property-tested).
import type { CouponFunder, LedgerAccount, LedgerDirection, LedgerKind, PayeeType } from "@chizze/schema/enums";
import { ledgerEntryIdFor, ledgerTxnId } from "./ids";
import { assertPaise, percentOfBps } from "./money";
import type { Amounts } from "./pricing";
import type { RefundBreakdown } from "./cancellation";

export interface Posting {
  account: LedgerAccount;
  direction: LedgerDirection;
  amountPaise: number;
  kind: LedgerKind;
}

export interface LedgerTxn {
  txnId: string;
  orderId: string | null;
  postings: Posting[];
}

export interface LedgerConfig {
  /** GST on Chizze's commission invoice to the restaurant (services, 18 %). */
  commissionGstBps: number;
  /** TDS under s.194-O on the restaurant's gross sales through the platform (0.1 % from 1 Oct 2024; CA to confirm). */
  tdsBps: number;
}

export const DEFAULT_LEDGER_CONFIG: LedgerConfig = { commissionGstBps: 1_800, tdsBps: 10 };

export const restaurantAccount = (id: string): LedgerAccount => `restaurant:${id}`;
export const partnerAccount = (id: string): LedgerAccount => `partner:${id}`;
export const codCashAccount = (partnerId: string): LedgerAccount => `cod_cash:${partnerId}`;

/** Signed legs (debit > 0, credit < 0) netted per (account, kind); zero legs dropped. */
function build(txnId: string, orderId: string | null, legs: readonly [LedgerAccount, LedgerKind, number][]): LedgerTxn {
  const net = new Map<string, { account: LedgerAccount; kind: LedgerKind; amount: number }>();
  for (const [account, kind, amount] of legs) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`ledger leg ${account}/${kind} is not integer paise`);
    const key = `${account}\u0000${kind}`;
    const cur = net.get(key);
    if (cur) cur.amount += amount;
    else net.set(key, { account, kind, amount });
  }
  const postings: Posting[] = [];
  for (const { account, kind, amount } of net.values()) {
    if (amount === 0) continue;
    postings.push({ account, kind, direction: amount > 0 ? "debit" : "credit", amountPaise: Math.abs(amount) });
  }
  return { txnId, orderId, postings };
}

/**
 * Σdebits − Σcredits (0 for a balanced transaction).
 * @example imbalance(paymentCapturedTxn({ orderId, paymentId, totalPaise: 100 })) // 0
 */
export function imbalance(txn: LedgerTxn): number {
  return txn.postings.reduce((s, p) => s + (p.direction === "debit" ? p.amountPaise : -p.amountPaise), 0);
}

/**
 * Net balance per account over transactions (debit positive).
 * @example balances([capture, settle]).get("customer") // 0
 */
export function balances(txns: readonly LedgerTxn[]): Map<LedgerAccount, number> {
  const out = new Map<LedgerAccount, number>();
  for (const t of txns) for (const p of t.postings) out.set(p.account, (out.get(p.account) ?? 0) + (p.direction === "debit" ? p.amountPaise : -p.amountPaise));
  return out;
}

/**
 * Online payment captured: the money sits in Razorpay's clearing and is owed to the customer until settled.
 * @example paymentCapturedTxn({ orderId: "ord_1", paymentId: "pay_1", totalPaise: 78_710 })
 */
export function paymentCapturedTxn(i: { orderId: string; paymentId: string; totalPaise: number }): LedgerTxn {
  assertPaise(i.totalPaise);
  return build(ledgerTxnId("capture", i.paymentId), i.orderId, [
    ["razorpay_clearing", "payment", i.totalPaise],
    ["customer", "payment", -i.totalPaise],
  ]);
}

/**
 * COD collected at the door: the partner now holds the platform's cash.
 * @example codCollectedTxn({ orderId: "ord_1", partnerId: "dp_1", totalPaise: 45_000 })
 */
export function codCollectedTxn(i: { orderId: string; partnerId: string; totalPaise: number }): LedgerTxn {
  assertPaise(i.totalPaise);
  return build(ledgerTxnId("cod", i.orderId), i.orderId, [
    [codCashAccount(i.partnerId), "cod_cash", i.totalPaise],
    ["customer", "payment", -i.totalPaise],
  ]);
}

/** The parts a settlement distributes. `itemsPaise` is gross; `discountPaise` is what the coupon took off it. */
export interface SettlementAmounts {
  itemsPaise: number;
  discountPaise: number;
  packagingPaise: number;
  /** Delivery fee plus surge. */
  deliveryPaise: number;
  platformPaise: number;
  /** GST on food and fees (collected from the customer, owed to the government). */
  taxesPaise: number;
  tipPaise: number;
}

/**
 * Settlement amounts of a delivered order.
 * @example settlementAmountsOf(order.amounts).taxesPaise === gstFood + gstFees
 */
export function settlementAmountsOf(a: Amounts): SettlementAmounts {
  return {
    itemsPaise: a.itemsPaise,
    discountPaise: a.discountPaise,
    packagingPaise: a.fees.packagingPaise,
    deliveryPaise: a.fees.deliveryPaise + a.fees.surgePaise,
    platformPaise: a.fees.platformPaise,
    taxesPaise: a.taxes.gstFoodPaise + a.taxes.gstFeesPaise,
    tipPaise: a.tipPaise,
  };
}

/**
 * Settlement amounts of what a cancellation kept (cancellation.retained). Items are already net of the
 * discount there, so the discount is 0 and commission is taken on the kept food value.
 * @example settlementAmountsOfRetained(decision.retained)
 */
export function settlementAmountsOfRetained(r: RefundBreakdown): SettlementAmounts {
  return { itemsPaise: r.itemsPaise, discountPaise: 0, packagingPaise: r.packagingPaise, deliveryPaise: r.deliveryPaise, platformPaise: r.platformPaise, taxesPaise: r.taxesPaise, tipPaise: r.tipPaise };
}

/** What the customer paid for these amounts. */
export function customerTotal(s: SettlementAmounts): number {
  return s.itemsPaise - s.discountPaise + s.packagingPaise + s.deliveryPaise + s.platformPaise + s.taxesPaise + s.tipPaise;
}

export interface SettlementInput {
  /** `settle` for a delivered order, `retain` for the kept part of a cancelled one. */
  kind: "settle" | "retain";
  orderId: string;
  restaurantId: string;
  /** null when no partner was involved (cancelled before assignment): a kept tip then waits in `tips`. */
  partnerId: string | null;
  amounts: SettlementAmounts;
  couponFundedBy: CouponFunder | null;
  /** restaurants.commission_bps, on the gross item value. */
  commissionBps: number;
  /** Partner's fee for this delivery (earnings.feePaise), paid by the platform out of fees. */
  partnerFeePaise: number;
}

/**
 * Distribute the customer's balance for an order. The restaurant gets items + packaging − commission − GST on
 * the commission − TDS − a restaurant-funded discount; a platform-funded discount is Chizze's cost. A negative
 * restaurant share (deep restaurant-funded discount) becomes a debit: the restaurant owes it.
 * @example settlementTxn({ kind: "settle", orderId, restaurantId, partnerId, amounts: settlementAmountsOf(a), couponFundedBy: null, commissionBps: 2000, partnerFeePaise: 4400 })
 */
export function settlementTxn(i: SettlementInput, config: LedgerConfig = DEFAULT_LEDGER_CONFIG): LedgerTxn {
  const a = i.amounts;
  for (const v of [a.itemsPaise, a.discountPaise, a.packagingPaise, a.deliveryPaise, a.platformPaise, a.taxesPaise, a.tipPaise]) assertPaise(v);
  assertPaise(i.partnerFeePaise, "partner fee");
  if (a.discountPaise > a.itemsPaise) throw new RangeError("discount exceeds items");
  const commission = percentOfBps(a.itemsPaise, i.commissionBps);
  const commissionGst = percentOfBps(commission, config.commissionGstBps);
  const tds = percentOfBps(a.itemsPaise - a.discountPaise + a.packagingPaise, config.tdsBps);
  const restaurantFunded = i.couponFundedBy === "restaurant" ? a.discountPaise : 0;
  const platformFunded = a.discountPaise - restaurantFunded;
  const share = a.itemsPaise + a.packagingPaise - commission - commissionGst - tds - restaurantFunded;
  const partnerOrTips: LedgerAccount = i.partnerId ? partnerAccount(i.partnerId) : "tips";
  return build(ledgerTxnId(i.kind, i.orderId), i.orderId, [
    ["customer", "payment", customerTotal(a)],
    ["platform_discounts", "discount", platformFunded],
    [restaurantAccount(i.restaurantId), "restaurant_share", -share],
    ["platform_commission", "commission", -commission],
    ["gst_liability", "gst", -(a.taxesPaise + commissionGst)],
    ["tds_payable", "tds", -tds],
    ["platform_fees", "platform_fee", -a.platformPaise],
    ["platform_fees", "delivery_fee", -a.deliveryPaise],
    ["platform_fees", "partner_fee", i.partnerId ? i.partnerFeePaise : 0],
    [partnerOrTips, "partner_fee", i.partnerId ? -i.partnerFeePaise : 0],
    [partnerOrTips, "tip", -a.tipPaise],
  ]);
}

/**
 * A refund paid out through Razorpay. Before settlement it comes out of the customer's held balance; after
 * (missing items, goodwill) the funder bears it: the restaurant, or the platform's discounts budget.
 * @example refundTxn({ refundId: "rfd_1", orderId: "ord_1", amountPaise: 6_130, settled: false })
 */
export function refundTxn(i: { refundId: string; orderId: string; amountPaise: number; settled: boolean; fundedBy?: { restaurantId: string } | "platform" }): LedgerTxn {
  assertPaise(i.amountPaise);
  const payer: LedgerAccount = !i.settled ? "customer" : i.fundedBy && i.fundedBy !== "platform" ? restaurantAccount(i.fundedBy.restaurantId) : "platform_discounts";
  return build(ledgerTxnId("refund", i.refundId), i.orderId, [
    [payer, "refund", i.amountPaise],
    ["razorpay_clearing", "refund", -i.amountPaise],
  ]);
}

/**
 * A payout (Razorpay Route transfer) to a restaurant or partner.
 * @example payoutTxn({ payoutId: "pyo_1", payee: { type: "partner", id: "dp_1" }, amountPaise: 120_000 })
 */
export function payoutTxn(i: { payoutId: string; payee: { type: PayeeType; id: string }; amountPaise: number }): LedgerTxn {
  assertPaise(i.amountPaise);
  const account = i.payee.type === "restaurant" ? restaurantAccount(i.payee.id) : partnerAccount(i.payee.id);
  return build(ledgerTxnId("payout", i.payoutId), null, [
    [account, "payout", i.amountPaise],
    ["razorpay_clearing", "payout", -i.amountPaise],
  ]);
}

/**
 * Offset COD cash a partner holds against what the platform owes them (before a payout).
 * @example codNettingTxn({ reference: "2026-11-26:dp_1", partnerId: "dp_1", amountPaise: 45_000 })
 */
export function codNettingTxn(i: { reference: string; partnerId: string; amountPaise: number }): LedgerTxn {
  assertPaise(i.amountPaise);
  return build(ledgerTxnId("cod_net", i.reference), null, [
    [partnerAccount(i.partnerId), "cod_cash", i.amountPaise],
    [codCashAccount(i.partnerId), "cod_cash", -i.amountPaise],
  ]);
}

export interface LedgerRow {
  id: string;
  txn_id: string;
  order_id: string | null;
  account: LedgerAccount;
  direction: LedgerDirection;
  amount_paise: number;
  kind: LedgerKind;
  at: string;
}

/**
 * ledger_entries rows for a transaction (deterministic row ids), refusing an unbalanced one.
 * @example toLedgerRows(paymentCapturedTxn(…), new Date())
 */
export function toLedgerRows(txn: LedgerTxn, at: Date): LedgerRow[] {
  if (imbalance(txn) !== 0) throw new RangeError(`ledger txn ${txn.txnId} does not balance`);
  return txn.postings.map((p) => ({
    id: ledgerEntryIdFor(txn.txnId, p.account, p.kind),
    txn_id: txn.txnId,
    order_id: txn.orderId,
    account: p.account,
    direction: p.direction,
    amount_paise: p.amountPaise,
    kind: p.kind,
    at: at.toISOString(),
  }));
}

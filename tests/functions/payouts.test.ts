// Payouts on the devstack (issue 8), fired as the cron fires them (runSchedule): one Route transfer per payee with
// the amount the ledger owes them to the paisa; a second run changes nothing; a runtime killed between creating a
// transfer and recording it is recovered without a second transfer; a reversed transfer is paid again exactly once;
// a clawback is carried forward; a payee without a linked account is held; each payee reads only their own report.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Razorpay from "razorpay";
import { Functions, Query, TablesDB } from "node-appwrite";
import { acceptOfferRoute, deliveredRoute, deliveryStatusRoute, partnerPayoutsRoute, pickedUpRoute } from "@chizze/contracts/api/delivery";
import { acceptOrderRoute, readyOrderRoute, restaurantPayoutsRoute, type Payout } from "@chizze/contracts/api/restaurant";
import { DEFAULT_LEDGER_CONFIG, percentOfBps, refundTxn, settlementTxn, type LedgerTxn } from "@chizze/core";
import type { Transfer } from "@chizze/devstack/razorpay/index";
import { pointRazorpaySdkAt } from "@chizze/devstack/razorpay/index";
import { withTransaction } from "@chizze/platform/appwrite/transaction";
import { createDb, type Db } from "@chizze/services/deps";
import { stageLedger } from "@chizze/services/orders/transition";
import { jobRunIdFor } from "@chizze/services/job-lease";
import { payoutPeriodFor } from "@chizze/services/payouts/period";
import type { PayoutRunReport } from "@chizze/services/payouts/run";
import type { z } from "zod";
import { startTestStack, type TestStack } from "../support/stack";
import { callFunction, identityOf, runSchedule } from "../support/functions";
import { place, quote, seedOrderWorld, type OrderWorld, type PlaceBody } from "../support/order-world";
import { deliverPendingWebhooks } from "../support/razorpay";

type PayoutView = z.infer<typeof Payout>;

let stack: TestStack;
let world: OrderWorld;
let db: Db;

beforeAll(async () => {
  stack = await startTestStack();
  db = createDb(new TablesDB(stack.admin()), true);
}, 120_000);
afterAll(async () => stack.close());
beforeEach(async () => {
  await stack.reset();
  stack.razorpay.state.transfers.clear();
  world = await seedOrderWorld(stack);
}, 60_000);

const HOUR = 3_600_000;
/** Inside the period the run pays (the previous IST day), whatever the time of day the test runs. */
const yesterday = () => new Date(Date.now() - 25 * HOUR);
const transfers = (): Transfer[] => [...stack.razorpay.state.transfers.values()];

/** Fires the cron; a scheduled execution keeps no response body, so the report is read from its log line. */
async function runPayouts(): Promise<PayoutRunReport> {
  const r = await runSchedule(stack, "payouts-run");
  expect(r.status, r.errors).toBe(200);
  for (const text of `${r.logs}\n${r.errors}`.split("\n")) {
    if (!text.includes('"payout run')) continue;
    const line = JSON.parse(text) as { report?: PayoutRunReport };
    if (line.report) return line.report;
  }
  throw new Error(`no payout report in the execution log:\n${r.logs}\n${r.errors}`);
}

/** Every ledger row (tests reset the stack, so this is the test's ledger). */
async function allEntries() {
  const out = [];
  let cursor: string | null = null;
  do {
    const page = await db.ledger_entries.list([], { limit: 100, cursor });
    out.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Σcredits − Σdebits of an account: what the platform still owes its holder. */
async function owed(account: string): Promise<number> {
  return (await allEntries()).filter((e) => e.account === account).reduce((s, e) => s + (e.direction === "credit" ? e.amount_paise : -e.amount_paise), 0);
}

async function expectBalancedLedger(): Promise<void> {
  const rows = await allEntries();
  const debit = rows.filter((r) => r.direction === "debit").reduce((s, r) => s + r.amount_paise, 0);
  const credit = rows.filter((r) => r.direction === "credit").reduce((s, r) => s + r.amount_paise, 0);
  expect(debit).toBe(credit);
}

/** Post ledger transactions as the order transitions do, dated yesterday. */
async function post(...txns: LedgerTxn[]): Promise<void> {
  await withTransaction(new TablesDB(stack.admin()), async (tx) => {
    for (const t of txns) stageLedger(tx, t, yesterday());
  });
}

let fixtureOrders = 0;
/** A delivered order's settlement: items, packaging 500, delivery 3 000, platform 1 000, 5 % GST on food, a tip. */
function settlement(restaurantId: string, partnerId: string | null, itemsPaise: number, tipPaise = 0): LedgerTxn {
  const orderId = `ord_fx${String(++fixtureOrders).padStart(6, "0")}`;
  return settlementTxn({
    kind: "settle",
    orderId,
    restaurantId,
    partnerId,
    amounts: { itemsPaise, discountPaise: 0, packagingPaise: 500, deliveryPaise: 3_000, platformPaise: 1_000, taxesPaise: percentOfBps(itemsPaise, 500), tipPaise },
    couponFundedBy: null,
    commissionBps: 2_000,
    partnerFeePaise: 3_500,
  });
}

const restaurantRow = () => world.city.rows.restaurants.find((r) => r.$id === world.restaurantId)!;
const partnerRow = (i = 0) => world.city.rows.delivery_partners[i]!;
const ownerOf = (restaurantId: string) => identityOf(world.city.rows.restaurants.find((r) => r.$id === restaurantId)!.owner_id, ["restaurant"]);
const partnerIdentity = (i = 0) => identityOf(partnerRow(i).user_id, ["partner"]);

async function reportOf(identity: ReturnType<typeof identityOf>, role: "restaurant" | "partner", query: Record<string, string> = {}) {
  return callFunction(stack, role === "restaurant" ? restaurantPayoutsRoute : partnerPayoutsRoute, { identity, query });
}

describe("payouts from a real order", () => {
  it("pays the restaurant and the partner what the ledger owes them, once; the report shows the lines; nobody else sees them", { timeout: 120_000 }, async () => {
    // An online order through quote, place, Checkout, the capture webhook, the kitchen and dispatch.
    const customer = await world.customer(1);
    const q = await quote(stack, world, customer, { paymentMethod: "online", tipPaise: 2_000 });
    const placed = await place(stack, customer.identity, q.body.quoteId, `payouts-${crypto.randomUUID()}`);
    expect(placed.status).toBe(201);
    const body = placed.body as PlaceBody;
    const orderId = body.order.id;
    stack.razorpay.checkout.pay(body.payment!.razorpayOrderId);
    await deliverPendingWebhooks(stack);
    // Two riders near the kitchen go online first, so matching finds one as soon as it is due.
    const r = restaurantRow();
    for (let i = 0; i < 2; i++) {
      const on = await callFunction(stack, deliveryStatusRoute, { identity: partnerIdentity(i), body: { isOnline: true, lat: r.lat + 0.002 * (i + 1), lng: r.lng } });
      expect(on.status).toBe(200);
    }
    expect((await callFunction(stack, acceptOrderRoute, { identity: world.owner, params: { id: orderId }, body: { prepTimeMinutes: 5 } })).status).toBe(200);
    expect((await callFunction(stack, readyOrderRoute, { identity: world.owner, params: { id: orderId }, body: {} })).status).toBe(200);
    await stack.functions!.runner().idle();
    const [offer] = (await db.dispatch_offers.list([Query.equal("order_id", orderId)], { limit: 10 })).rows;
    expect(offer).toBeDefined();
    const riderIndex = world.city.rows.delivery_partners.findIndex((p) => p.$id === offer!.partner_id);
    const rider = partnerIdentity(riderIndex);
    expect((await callFunction(stack, acceptOfferRoute, { identity: rider, params: { id: offer!.$id }, body: {} })).status).toBe(200);
    const pickupCode = (await db.orders.get(orderId))!.pickup_code!;
    expect((await callFunction(stack, pickedUpRoute, { identity: rider, params: { id: orderId }, body: { pickupCode } })).status).toBe(200);
    expect((await callFunction(stack, deliveredRoute, { identity: rider, params: { id: orderId }, body: { deliveryOtp: body.order.deliveryOtp } })).status).toBe(200);
    await stack.functions!.runner().idle();

    // The order was delivered "yesterday": its entries fall in the period the 02:30 IST run pays.
    const entries = (await db.ledger_entries.list([Query.equal("order_id", orderId)], { limit: 100 })).rows;
    await stack.functions!.runner().withoutEvents(async () => {
      for (const e of entries) await db.ledger_entries.update(e.$id, { at: yesterday().toISOString() });
    });
    const restaurantAccount = `restaurant:${world.restaurantId}`;
    const partnerAccount = `partner:${offer!.partner_id}`;
    const restaurantOwed = await owed(restaurantAccount);
    const partnerOwed = await owed(partnerAccount);
    expect(restaurantOwed).toBeGreaterThan(0);
    expect(partnerOwed).toBeGreaterThan(2_000); // fee + the 20 ₹ tip

    const first = await runPayouts();
    expect(first).toMatchObject({ skipped: null, created: 2, transfersCreated: 2, processed: 2, failed: 0, paidPaise: restaurantOwed + partnerOwed });
    expect(first.period).toEqual(payoutPeriodFor(new Date()));
    const sent = transfers();
    expect(sent).toHaveLength(2);
    const toRestaurant = sent.find((t) => t.recipient === r.razorpay_account_id)!;
    const toPartner = sent.find((t) => t.recipient === world.city.rows.delivery_partners[riderIndex]!.razorpay_account_id)!;
    expect(toRestaurant.amount).toBe(restaurantOwed);
    expect(toPartner.amount).toBe(partnerOwed);
    expect(toRestaurant.source).toBe(stack.razorpay.accountId);
    // Paid: the payees' accounts are settled to zero and every transaction still balances.
    expect(await owed(restaurantAccount)).toBe(0);
    expect(await owed(partnerAccount)).toBe(0);
    await expectBalancedLedger();
    const rows = (await db.payouts.list([], { limit: 10 })).rows;
    expect(rows.map((p) => p.status)).toEqual(["processed", "processed"]);
    expect(rows.find((p) => p.payee_type === "restaurant")).toMatchObject({ razorpay_transfer_id: toRestaurant.id, net_paise: restaurantOwed });
    expect(toRestaurant.notes).toMatchObject({ payout_id: rows.find((p) => p.payee_type === "restaurant")!.$id });

    // Run twice → same result.
    const second = await runPayouts();
    expect(second).toMatchObject({ created: 0, transfersCreated: 0, processed: 0, recovered: 0, failed: 0 });
    expect(transfers()).toHaveLength(2);
    expect((await db.payouts.list([], { limit: 10 })).rows).toHaveLength(2);

    // The restaurant's report: gross, commission, GST on it, TDS and the order, adding up to the transfer.
    const mine = await reportOf(world.owner, "restaurant");
    expect(mine.status).toBe(200);
    const [payout] = (mine.body as { items: PayoutView[] }).items;
    const order = (await db.orders.get(orderId))!;
    const commission = percentOfBps(order.item_total_paise, r.commission_bps ?? 2_000);
    const commissionGst = percentOfBps(commission, DEFAULT_LEDGER_CONFIG.commissionGstBps);
    const tds = percentOfBps(order.item_total_paise + order.packaging_paise, DEFAULT_LEDGER_CONFIG.tdsBps);
    expect(payout).toMatchObject({
      status: "processed",
      payeeType: "restaurant",
      razorpayTransferId: toRestaurant.id,
      grossPaise: order.item_total_paise + order.packaging_paise,
      commissionPaise: commission,
      commissionGstPaise: commissionGst,
      tdsPaise: tds,
      adjustmentPaise: 0,
      netPaise: restaurantOwed,
      orders: [{ orderId, grossPaise: order.item_total_paise + order.packaging_paise, commissionPaise: commission, commissionGstPaise: commissionGst, tdsPaise: tds, netPaise: restaurantOwed, adjustmentPaise: 0 }],
    });
    expect(payout!.grossPaise - payout!.commissionPaise - payout!.commissionGstPaise - payout!.tdsPaise + payout!.adjustmentPaise).toBe(payout!.netPaise);

    const riderReport = await reportOf(rider, "partner");
    expect(riderReport.status).toBe(200);
    expect((riderReport.body as { items: PayoutView[] }).items).toMatchObject([{ payeeType: "partner", netPaise: partnerOwed, grossPaise: partnerOwed, tdsPaise: 0, orders: [{ orderId, netPaise: partnerOwed }] }]);

    // Another owner: their own (empty) report, and 404 for this restaurant. Another partner: empty.
    const otherRestaurant = world.city.rows.restaurants.find((x) => x.owner_id !== world.ownerId)!;
    const other = ownerOf(otherRestaurant.$id);
    const theirs = await reportOf(other, "restaurant", { restaurantId: otherRestaurant.$id });
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual({ items: [], nextCursor: null });
    expect((await reportOf(other, "restaurant", { restaurantId: world.restaurantId })).status).toBe(404);
    const otherRider = partnerIdentity(riderIndex === 0 ? 1 : 0);
    expect((await reportOf(otherRider, "partner")).body).toEqual({ items: [], nextCursor: null });
    // A customer is not a payee.
    expect((await reportOf(customer.identity, "restaurant")).status).toBe(403);
  });
});

describe("crash safety", () => {
  it("a runtime killed after creating a transfer and before recording it: the re-run finds the transfer, never makes a second", { timeout: 60_000 }, async () => {
    const rid = world.restaurantId;
    await post(settlement(rid, null, 40_000), settlement(rid, null, 25_000));
    const owedBefore = await owed(`restaurant:${rid}`);
    const fns = new Functions(stack.admin());
    await fns.createVariable({ functionId: "payouts-run", variableId: "PAYOUTS_FAULT", key: "PAYOUTS_FAULT", value: "exit_after_transfer" });
    try {
      const killed = await runSchedule(stack, "payouts-run");
      expect(killed.status).toBeGreaterThanOrEqual(500);
    } finally {
      await fns.updateVariable({ functionId: "payouts-run", variableId: "PAYOUTS_FAULT", key: "PAYOUTS_FAULT", value: "" });
    }
    expect(transfers()).toHaveLength(1);
    const [stuck] = (await db.payouts.list([], { limit: 10 })).rows;
    expect(stuck).toMatchObject({ status: "processing", razorpay_transfer_id: null, net_paise: owedBefore, entry_count: 2 });

    // Straight after the kill the dead run's lease still stands: the re-run does nothing rather than risk a double.
    const blocked = await runPayouts();
    expect(blocked.skipped).not.toBeNull();
    expect(transfers()).toHaveLength(1);

    // Once the lease has run out (the function timeout has certainly passed), the next run recovers.
    await db.job_runs.update(jobRunIdFor(`payouts:${payoutPeriodFor(new Date()).date}`), { lease_until: new Date(Date.now() - 1_000).toISOString() });
    const recovered = await runPayouts();
    expect(recovered).toMatchObject({ skipped: null, recovered: 1, transfersCreated: 0, processed: 1, created: 0, paidPaise: owedBefore });
    expect(transfers()).toHaveLength(1);
    expect(await db.payouts.get(stuck!.$id)).toMatchObject({ status: "processed", razorpay_transfer_id: transfers()[0]!.id });
    expect(await owed(`restaurant:${rid}`)).toBe(0);
    await expectBalancedLedger();

    expect(await runPayouts()).toMatchObject({ transfersCreated: 0, processed: 0, recovered: 0 });
    expect(transfers()).toHaveLength(1);
  });
});

describe("reconciliation", () => {
  it("a reversed transfer makes the payout failed and its entries are paid again exactly once", { timeout: 60_000 }, async () => {
    const rid = world.restaurantId;
    await post(settlement(rid, null, 30_000), settlement(rid, null, 12_345));
    const amount = await owed(`restaurant:${rid}`);
    await runPayouts();
    const [t1] = transfers();
    expect(t1!.amount).toBe(amount);

    // Razorpay takes it back (wrong bank account, ops reversal…).
    const rzp = new Razorpay({ key_id: stack.razorpay.keyId, key_secret: stack.razorpay.keySecret });
    pointRazorpaySdkAt(rzp, stack.razorpay.url);
    await rzp.transfers.reverse(t1!.id, { amount: t1!.amount });
    expect(stack.razorpay.state.transfers.get(t1!.id)?.status).toBe("reversed");

    const rerun = await runPayouts();
    expect(rerun).toMatchObject({ failed: 1, created: 1, transfersCreated: 1, processed: 1, paidPaise: amount });
    const all = transfers();
    expect(all).toHaveLength(2);
    expect(all[1]!.amount).toBe(amount);
    const rows = (await db.payouts.list([Query.orderAsc("created_at")], { limit: 10 })).rows;
    expect(rows.map((p) => [p.status, p.entry_count])).toEqual([
      ["failed", 0],
      ["processed", 2],
    ]);
    expect(rows[0]!.failure_reason).toContain("reversed");
    expect(rows[1]!.idempotency_key).toMatch(/#2$/);
    expect(await owed(`restaurant:${rid}`)).toBe(0);
    await expectBalancedLedger();

    expect(await runPayouts()).toMatchObject({ failed: 0, created: 0, transfersCreated: 0 });
    expect(transfers()).toHaveLength(2);

    const report = (await reportOf(world.owner, "restaurant")).body as { items: PayoutView[] };
    expect(report.items.map((p) => p.status).sort()).toEqual(["failed", "processed"]);
    expect(report.items.find((p) => p.status === "failed")).toMatchObject({ orders: [], reason: expect.stringContaining("reversed") as unknown });
    expect(report.items.find((p) => p.status === "processed")!.orders).toHaveLength(2);
  });
});

describe("balances that cannot be paid yet", () => {
  it("a clawback larger than the share is carried forward and netted into the next payout", { timeout: 60_000 }, async () => {
    const rid = world.restaurantId;
    const first = settlement(rid, null, 20_000);
    // A goodwill refund after settlement, borne by the restaurant, bigger than what it earned.
    await post(first, refundTxn({ refundId: "rfd_payouts_claw01", orderId: first.orderId!, amountPaise: 30_000, settled: true, fundedBy: { restaurantId: rid } }));
    expect(await owed(`restaurant:${rid}`)).toBeLessThan(0);
    expect(await runPayouts()).toMatchObject({ carriedForward: 1, created: 0, transfersCreated: 0 });
    expect(transfers()).toHaveLength(0);

    await post(settlement(rid, null, 50_000));
    const netOwed = await owed(`restaurant:${rid}`);
    expect(netOwed).toBeGreaterThan(0);
    expect(await runPayouts()).toMatchObject({ created: 1, transfersCreated: 1, processed: 1, paidPaise: netOwed });
    expect(transfers()[0]!.amount).toBe(netOwed);
    const [payout] = ((await reportOf(world.owner, "restaurant")).body as { items: PayoutView[] }).items;
    expect(payout).toMatchObject({ adjustmentPaise: -30_000, netPaise: netOwed, entryCount: 3 });
    expect(payout!.orders).toHaveLength(2);
    expect(await owed(`restaurant:${rid}`)).toBe(0);
    await expectBalancedLedger();
  });

  it("a partner without a linked account is held (no transfer) and paid once the account is linked", { timeout: 60_000 }, async () => {
    const partner = partnerRow(2);
    await db.delivery_partners.update(partner.$id, { razorpay_account_id: null });
    await post(settlement(world.restaurantId, partner.$id, 18_000, 1_500));
    const due = await owed(`partner:${partner.$id}`);
    expect(due).toBe(3_500 + 1_500);

    const held = await runPayouts();
    expect(held).toMatchObject({ held: 1, transfersCreated: 1 }); // the restaurant is paid, the partner is not
    expect(transfers().map((t) => t.recipient)).toEqual([restaurantRow().razorpay_account_id]);
    const [pending] = (await db.payouts.list([Query.equal("payee_type", "partner")], { limit: 10 })).rows;
    expect(pending).toMatchObject({ status: "pending", net_paise: due, razorpay_transfer_id: null });
    expect(pending!.failure_reason).toContain("no Razorpay linked account");
    const report = (await reportOf(partnerIdentity(2), "partner")).body as { items: PayoutView[] };
    expect(report.items).toMatchObject([{ status: "pending", reason: expect.stringContaining("linked account") as unknown, netPaise: due }]);
    expect(await runPayouts()).toMatchObject({ held: 1, transfersCreated: 0 });

    await db.delivery_partners.update(partner.$id, { razorpay_account_id: partner.razorpay_account_id! });
    expect(await runPayouts()).toMatchObject({ transfersCreated: 1, processed: 1, paidPaise: due });
    expect(transfers().filter((t) => t.recipient === partner.razorpay_account_id).map((t) => t.amount)).toEqual([due]);
    expect(await db.payouts.get(pending!.$id)).toMatchObject({ status: "processed", failure_reason: null });
    expect(await owed(`partner:${partner.$id}`)).toBe(0);
    await expectBalancedLedger();
  });
});

// Archival (issue 8, production-architecture §4.4): 100,000 finished orders older than 90 days archived to gzip JSON
// in the archives bucket — each batch well inside the function's 900 s limit, progress logged per batch. Seeded
// straight into the devstack with bulk createRows (orders with their order_events trail, payments for online orders,
// refunds for online cancellations), then the archival verb is run as consecutive executions would run it (each
// with the function's time budget) until nothing is left. The devstack serves Appwrite from this same process, so
// its work shares the CPU and the RSS with the job; no functions run, so the DB events the marking fires (one per
// order and per archive event) execute nothing here — in production they wake dispatch-start and
// notifications-order-events, which ignore archived orders.
// Knobs: BENCH_ARCHIVE_ORDERS (100000), BENCH_ARCHIVE_BATCH (1000).
import { AppwriteException, Query, TablesDB } from "node-appwrite";
import { sha256Hex } from "@chizze/core";
import { DATABASE_ID, T, rowPermissions, type RowData } from "@chizze/schema";
import { checkData } from "@chizze/platform/appwrite/tables";
import type { Logger } from "@chizze/services";
import { archiveEnv } from "@chizze/services/archival/config";
import { runArchival, type ArchivalOptions } from "@chizze/services/archival/run";
import { readArchive } from "@chizze/services/archival/restore";
import { archivalRunKey } from "@chizze/services/archival/keys";
import { jobRunIdFor } from "@chizze/services/job-lease";
import { orderEventIdFor, paymentRowIdFor } from "@chizze/services/orders/transition";
import { startTestStack } from "../support/stack";
import { serviceDeps } from "../support/deps";
import { percentile, round, rssMb, type Bench, type BenchResult } from "./lib";
import { fixtureDeliveryAddress } from "../support/order-fixtures";

const ORDERS = Number(process.env.BENCH_ARCHIVE_ORDERS ?? 100_000);
const BATCH = Number(process.env.BENCH_ARCHIVE_BATCH ?? 1_000);
const FUNCTION_TIMEOUT_S = 900;
const DAY = 86_400_000;
const MIN = 60_000;
/** Rows per createRows call while seeding (Appwrite takes at most 100). */
const SEED_CHUNK = 100;

type Status = "delivered" | "cancelled" | "rejected";
interface Plan {
  n: number;
  id: string;
  status: Status;
  online: boolean;
  placedAt: number;
  customer: string;
  restaurant: number;
}

/** The events that took an order to its status, as the order machine applies them (cf. tests/support/order-fixtures). */
function trail(p: Plan): { event: string; actor: "customer" | "razorpay" | "restaurant" | "partner" | "system"; to: string }[] {
  const steps: ReturnType<typeof trail> = [{ event: "place", actor: "customer", to: p.online ? "awaiting_payment" : "placed" }];
  if (p.online) steps.push({ event: "payment_authorized", actor: "razorpay", to: "awaiting_payment" }, { event: "payment_captured", actor: "razorpay", to: "placed" });
  if (p.status === "cancelled") return [...steps, { event: "customer_cancel", actor: "customer", to: "cancelled" }];
  if (p.status === "rejected") return [...steps, { event: "restaurant_reject", actor: "restaurant", to: "rejected" }];
  return [
    ...steps,
    { event: "restaurant_accept", actor: "restaurant", to: "accepted" },
    { event: "partner_assigned", actor: "system", to: "accepted" },
    { event: "mark_ready", actor: "restaurant", to: "ready" },
    { event: "partner_pickup", actor: "partner", to: "picked_up" },
    { event: "partner_deliver", actor: "partner", to: "delivered" },
  ];
}

const iso = (ms: number) => new Date(ms).toISOString();

function orderRow(p: Plan, version: number): RowData<"orders"> {
  const t = (i: number) => iso(p.placedAt + i * 4 * MIN);
  const lines = [
    { itemId: `itm_r${p.restaurant}_1`, variantId: null, name: "Chicken Biryani", variantName: null, isVeg: false, quantity: 2, unitPaise: 28_000, addons: [], notes: null, totalPaise: 56_000 },
    { itemId: `itm_r${p.restaurant}_2`, variantId: null, name: "Raita", variantName: null, isVeg: true, quantity: 1, unitPaise: 4_000, addons: [], notes: null, totalPaise: 4_000 },
  ];
  const delivered = p.status === "delivered";
  const last = version - 1;
  return {
    order_number: `CHZ-${iso(p.placedAt).slice(2, 10).replaceAll("-", "")}-${String(p.n).padStart(6, "0")}`,
    customer_id: p.customer,
    restaurant_id: `rst_b${String(p.restaurant).padStart(4, "0")}`,
    restaurant_owner_id: `usr_own_b${p.restaurant}`,
    restaurant_name: `Bench Kitchen ${p.restaurant}`,
    delivery_partner_id: delivered ? `prt_b${String(p.restaurant).padStart(4, "0")}` : null,
    quote_id: `qte_${p.id.slice(4)}`,
    idempotency_key_hash: sha256Hex(`bench|${p.id}`),
    status: p.status,
    dispatch_state: delivered ? "delivered" : "none",
    payment_method: p.online ? "online" : "cod",
    payment_status: p.online ? (delivered ? "captured" : "refunded") : delivered ? "cod_collected" : "cod_pending",
    version,
    items: JSON.stringify(lines),
    item_total_paise: 60_000,
    packaging_paise: 2_000,
    delivery_fee_paise: 3_000,
    surge_paise: 0,
    platform_fee_paise: 500,
    gst_food_paise: 3_000,
    gst_fees_paise: 990,
    discount_paise: 0,
    tip_paise: 0,
    total_paise: 69_490,
    amount_refunded_paise: p.online && !delivered ? 69_490 : 0,
    delivery_instructions: "Ring twice",
    delivery_address: JSON.stringify(fixtureDeliveryAddress(p.customer)),
    delivery_lat: 12.9121,
    delivery_lng: 77.6446,
    distance_m: 2_400,
    city: "Bengaluru",
    placed_at: iso(p.placedAt),
    paid_at: p.online ? t(2) : null,
    accepted_at: delivered ? t(p.online ? 3 : 1) : null,
    prep_minutes: delivered ? 20 : null,
    ready_at: delivered ? t(last - 2) : null,
    partner_assigned_at: delivered ? t(p.online ? 4 : 2) : null,
    picked_up_at: delivered ? t(last - 1) : null,
    delivered_at: delivered ? t(last) : null,
    eta_at: null,
    cancelled_at: delivered ? null : t(last),
    cancelled_by: p.status === "cancelled" ? "customer" : p.status === "rejected" ? "restaurant" : null,
    cancel_reason: p.status === "cancelled" ? "changed_mind" : p.status === "rejected" ? "restaurant_rejected" : null,
    reject_reason: p.status === "rejected" ? "too_busy" : null,
    pickup_code: String(1000 + (Number.parseInt(p.id.slice(-4), 16) % 9000)),
    delivery_otp_hash: sha256Hex(`otp|${p.id}`),
    delivery_otp_attempts: 0,
  };
}

/**
 * Bulk creates, retried on a dropped connection (seen under load: ECONNRESET on a kept-alive socket). A bulk create
 * is atomic, so after a lost reply a retry either writes the rows or answers 409 because the first attempt did.
 */
async function createRows(tables: TablesDB, tableId: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += SEED_CHUNK) {
    const chunk = rows.slice(i, i + SEED_CHUNK);
    for (let attempt = 1; ; attempt++) {
      try {
        await tables.createRows({ databaseId: DATABASE_ID, tableId, rows: chunk });
        break;
      } catch (err) {
        if (attempt > 1 && err instanceof AppwriteException && err.code === 409) break;
        if (attempt >= 5 || !(err instanceof TypeError)) throw err;
      }
    }
  }
}

/** Writes `plans` with their events, payments and refunds; validates the first of each row kind against the schema. */
async function seed(tables: TablesDB, plans: readonly Plan[]): Promise<{ events: number; payments: number; refunds: number }> {
  const counts = { events: 0, payments: 0, refunds: 0 };
  let checked = false;
  for (let i = 0; i < plans.length; i += 1_000) {
    const chunk = plans.slice(i, i + 1_000);
    const orders: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const payments: Record<string, unknown>[] = [];
    const refunds: Record<string, unknown>[] = [];
    for (const p of chunk) {
      const steps = trail(p);
      const perms = rowPermissions.order({ customerId: p.customer, restaurantOwnerId: `usr_own_b${p.restaurant}`, partnerUserId: null });
      const order = orderRow(p, steps.length);
      const evs = steps.map((s, k) => ({
        $id: orderEventIdFor(p.id, k + 1),
        $permissions: perms,
        order_id: p.id,
        seq: k + 1,
        event: s.event,
        from_status: k === 0 ? null : steps[k - 1]!.to,
        to_status: s.to,
        actor_type: s.actor,
        actor_id: s.actor === "customer" ? p.customer : null,
        at: iso(p.placedAt + k * 4 * MIN),
      }));
      const pay = p.online
        ? {
            order_id: p.id,
            customer_id: p.customer,
            razorpay_order_id: `order_${sha256Hex(`o|${p.id}`).slice(0, 16)}`,
            razorpay_payment_id: `pay_${sha256Hex(`p|${p.id}`).slice(0, 16)}`,
            status: p.status === "delivered" ? ("captured" as const) : ("refunded" as const),
            amount_paise: 69_490,
            currency: "INR" as const,
            method: "upi",
            captured_at: iso(p.placedAt + 8 * MIN),
            amount_refunded_paise: p.status === "delivered" ? 0 : 69_490,
          }
        : null;
      const rfd =
        p.online && p.status !== "delivered"
          ? {
              order_id: p.id,
              customer_id: p.customer,
              payment_id: paymentRowIdFor(p.id),
              idempotency_key: `rfd_${p.id.slice(4)}`,
              amount_paise: 69_490,
              components: JSON.stringify({ itemsPaise: 60_000, packagingPaise: 2_000, deliveryPaise: 3_000, platformPaise: 500, taxesPaise: 3_990, tipPaise: 0 }),
              reason_code: p.status === "rejected" ? ("restaurant_rejected" as const) : ("customer_cancelled" as const),
              stage: "placed" as const,
              actor_type: p.status === "rejected" ? ("restaurant" as const) : ("customer" as const),
              status: "processed" as const,
              requested_at: iso(p.placedAt + 12 * MIN),
            }
          : null;
      if (!checked) {
        // Everything below is written unvalidated by our zod schemas (the devstack still checks types): prove the shapes once.
        checkData(T.orders, order);
        const { $id: _i, $permissions: _p, ...ev } = evs[0]!;
        checkData(T.order_events, ev as RowData<"order_events">);
        if (pay) checkData(T.payments, pay);
        checked = true;
      }
      orders.push({ $id: p.id, $permissions: perms, ...order });
      events.push(...evs);
      if (pay) payments.push({ $id: paymentRowIdFor(p.id), $permissions: rowPermissions.customer(p.customer), ...pay });
      if (rfd) refunds.push({ $id: `rfd_${p.id.slice(4)}`, $permissions: rowPermissions.customer(p.customer), ...rfd });
    }
    await createRows(tables, "orders", orders);
    await createRows(tables, "order_events", events);
    await createRows(tables, "payments", payments);
    await createRows(tables, "refunds", refunds);
    counts.events += events.length;
    counts.payments += payments.length;
    counts.refunds += refunds.length;
  }
  return counts;
}

const archival: Bench = {
  name: "archival.orders",
  covers: `issue 8: archival of ${ORDERS.toLocaleString("en")} orders — every batch within the function time limit (900 s), progress logged`,
  run: async () => {
    const stack = await startTestStack({ functions: false });
    let peakRss = rssMb();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb())), 250);
    try {
      const tables = new TablesDB(stack.admin());
      // 100–465 days old, spread so batches span real days; 80 % delivered, 12 % cancelled, 8 % rejected; 60 % online.
      const now = Date.now();
      const plans: Plan[] = Array.from({ length: ORDERS }, (_, i) => {
        const r = i % 25;
        return {
          n: i,
          id: `ord_b${sha256Hex(`bench-archive|${i}`).slice(0, 28)}`,
          status: r < 20 ? "delivered" : r < 23 ? "cancelled" : "rejected",
          online: i % 5 < 3,
          placedAt: now - 100 * DAY - Math.floor((i * 365 * DAY) / ORDERS),
          customer: `usr_cus_b${i % 5_000}`,
          restaurant: i % 200,
        };
      });
      const seedT0 = performance.now();
      const seeded = await seed(tables, plans);
      const seedS = (performance.now() - seedT0) / 1000;
      console.log(`  seeded ${ORDERS} orders, ${seeded.events} events, ${seeded.payments} payments, ${seeded.refunds} refunds in ${round(seedS, 1)} s`);

      // The function's defaults, but for the batch size knob; each loop is one execution with the function's budget.
      const env = archiveEnv.parse({ ARCHIVE_BATCH_SIZE: String(BATCH) });
      const opts: ArchivalOptions = { afterDays: env.ARCHIVE_AFTER_DAYS, retentionDays: env.ARCHIVE_RETENTION_DAYS, batchSize: env.ARCHIVE_BATCH_SIZE, markChunk: env.ARCHIVE_MARK_CHUNK, timeBudgetMs: env.ARCHIVE_TIME_BUDGET_SEC * 1000 };
      let progressLines = 0;
      let lastProgress: Record<string, unknown> = {};
      const log: Logger = {
        info: (msg, fields) => {
          if (msg !== "archive batch complete") return;
          progressLines++;
          lastProgress = fields ?? {};
          if (progressLines % 10 === 0) console.log(`  ${JSON.stringify({ msg, ...fields })}`);
        },
        warn: (msg, fields) => console.warn(`  warn ${msg} ${JSON.stringify(fields)}`),
        error: (msg, fields) => console.error(`  error ${msg} ${JSON.stringify(fields)}`),
      };
      const deps = serviceDeps(stack, log);
      const batchMs: number[] = [];
      const executionS: number[] = [];
      let archived = 0;
      const t0 = performance.now();
      // An execution that fails (a dropped connection, say) is what a crash is to the job: the next one resumes.
      // Its lease is let go at once here — in production it would lapse within ARCHIVE_LEASE_MS.
      const failures: string[] = [];
      for (let guard = 0; guard < 100; guard++) {
        let report: Awaited<ReturnType<typeof runArchival>>;
        try {
          report = await runArchival(deps, opts);
        } catch (err) {
          failures.push(err instanceof Error ? err.message : String(err));
          await deps.db.job_runs.update(jobRunIdFor(archivalRunKey(new Date())), { lease_until: new Date(Date.now() - 1_000).toISOString() });
          continue;
        }
        batchMs.push(...report.batchMs);
        executionS.push(report.elapsedMs / 1000);
        archived += report.archived;
        if (!report.more) break;
      }
      const totalS = (performance.now() - t0) / 1000;

      // Checks: every order archived, one complete archive row and one file per batch; one file reads back whole.
      const left = (await tables.listRows({ databaseId: DATABASE_ID, tableId: "orders", queries: [Query.notEqual("status", "archived"), Query.limit(1)], total: true })).total;
      const rows = await deps.db.archives.count([Query.equal("status", "complete")]);
      const files = (await deps.storage.listFiles({ bucketId: "archives", queries: [Query.limit(1)], total: true })).total;
      const sample = (await deps.db.archives.list([Query.orderDesc("from_at")], { limit: 1 })).rows[0];
      const readBack = sample ? (await readArchive(deps, sample.batch_key)).records.length : 0;
      const sizes = (await deps.db.archives.list([Query.orderAsc("from_at")], { limit: 100 })).rows.map((r) => r.size_bytes ?? 0);
      const batches = Math.ceil(ORDERS / BATCH);
      const setup = `${ORDERS} orders (${seeded.events} order_events, ${seeded.payments} payments, ${seeded.refunds} refunds), batches of ${BATCH}, marking 50 per transaction`;
      const out: BenchResult[] = [
        { name: "archival.batch.max_ms", value: round(Math.max(...batchMs)), unit: "ms", target: { op: "<", value: FUNCTION_TIMEOUT_S * 1000 }, note: `${batchMs.length} batches; ${setup}` },
        { name: "archival.batch.p95_ms", value: round(percentile(batchMs, 95)), unit: "ms", note: `p50 ${round(percentile(batchMs, 50))} ms; each batch: read rows, gzip, upload, download + verify, mark, complete` },
        { name: "archival.execution.max_s", value: round(Math.max(...executionS), 1), unit: "s", target: { op: "<", value: FUNCTION_TIMEOUT_S }, note: `${executionS.length} execution(s) at the function's ${env.ARCHIVE_TIME_BUDGET_SEC} s budget: ${executionS.map((s) => round(s, 1)).join(", ")} s` },
        { name: "archival.total_s", value: round(totalS, 1), unit: "s", note: `verb in-process against the devstack; seeding took ${round(seedS, 1)} s (not included)` },
        { name: "archival.orders_per_s", value: round(archived / totalS, 1), unit: "req/s", note: "orders archived per second (unit: orders/s)" },
        { name: "archival.archived", value: archived, unit: "count", target: { op: ">", value: ORDERS - 1 }, note: `${left} orders left unarchived; ${rows} complete archive rows and ${files} files for ${batches} batches; newest archive reads back ${readBack} records` },
        { name: "archival.progress_lines", value: progressLines, unit: "count", target: { op: ">", value: batches - 1 }, note: `one "archive batch complete" line per batch; last ${JSON.stringify({ done: lastProgress.done, total: lastProgress.total, batchMs: lastProgress.batchMs })}` },
        { name: "archival.failed_executions", value: failures.length, unit: "count", note: failures.length ? `resumed by the next execution: ${failures.slice(0, 3).join(" | ")}` : "none" },
        { name: "archival.file_kib", value: round(percentile(sizes, 50) / 1024, 1), unit: "KiB", note: `median gzip file of ${BATCH} orders with their rows` },
        { name: "archival.peak_rss_mb", value: peakRss, unit: "MB", note: "bench process RSS (devstack in-process, SQLite in memory holding every row and file), sampled every 250 ms" },
      ];
      return out;
    } finally {
      clearInterval(sampler);
      await stack.close();
    }
  },
};

export default archival;

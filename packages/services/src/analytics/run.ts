// The hourly analytics run (functions/analytics-aggregate): recomputes — never increments — the per-restaurant
// figures of the IST days touched since the last successful run (today and yesterday at least) and the platform SLO
// figures of the completed UTC hours since then, and stores them by deterministic row id (restaurant + day; hour).
//
// Idempotent and crash-safe by construction: every figure is recomputed from the orders and reviews, and a row is
// written only when its figures differ from the stored ones (so a re-run leaves rows, computed_at included,
// untouched). A run killed half-way leaves some rows current and others one run stale; its job_runs row stays
// `running`, so the next run takes its window from the last *successful* run and recomputes everything the dead one
// should have. Overlapping runs write the same figures. Nothing is ever added to a stored figure, so nothing can
// count twice.
import { Query } from "node-appwrite";
import { z } from "zod";
import { deterministicId } from "@chizze/core";
import { T, type Row } from "@chizze/schema";
import type { Deps } from "../deps";
import { listAll, listSelected } from "../catalog/pages";
import { jobRunIdFor } from "../job-lease";
import { dailyFigures, emptyDaily, ORDER_COLUMNS, sloFigures, type DailyFigures, type OrderFacts, type SloFigures } from "./figures";
import { daysToRecompute, HOUR_MS, hoursToCompute, istDayRange, mergeRanges } from "./window";
import { CANCEL_REASONS, ORDER_STATUSES, PAYMENT_METHODS } from "@chizze/schema/enums";

/** The function's own variables (functions/analytics-aggregate). */
export const analyticsEnv = z.object({
  /** Touched days older than this are not recomputed (settled, and archival must not zero them). */
  ANALYTICS_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  /** Reliability tests only (ignored in production): `exit_after_first_day` kills the runtime after the first day's rows. */
  ANALYTICS_FAULT: z
    .enum(["exit_after_first_day"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const ANALYTICS_JOB = "analytics";
/** SLO hours caught up after missed runs. */
export const MAX_SLO_HOURS = 6;
/** An order's accept, assignment and delivery fall within this long of its placement (for the SLO read). */
const SLO_LOOKBACK_MS = 12 * HOUR_MS;
/** Commits around the previous run's start are looked at again. */
const WATERMARK_MARGIN_MS = 10 * 60_000;
/** Bounds per run: rows read to find touched days, and orders read per stretch of time. */
const MAX_TOUCHED = 20_000;
const MAX_ORDERS_PER_RANGE = 300_000;
const PAGE = 1_000;
const IN_BATCH = 100;
const WRITE_CONCURRENCY = 8;

type DailyRow = Row<"analytics_daily">;
type SloRow = Row<"analytics_slo">;

export interface AnalyticsRunOptions {
  lookbackDays: number;
  /** Fault injection for reliability tests: runs after a day's rows are stored. */
  afterDayStored?: (day: string) => void | Promise<void>;
}

export interface AnalyticsRunReport {
  runKey: string;
  /** started_at of the last successful run the window was taken from; null on the first run. */
  since: string | null;
  days: string[];
  hours: string[];
  ordersRead: number;
  /** Restaurant-day rows whose figures changed and were written. */
  dailyWritten: number;
  /** Restaurant-day rows recomputed (written or already current). */
  dailyRows: number;
  sloWritten: number;
  /** A bound was reached: some touched rows were not looked at (the next run looks again). */
  truncated: boolean;
}

/** analytics_daily row id: one per restaurant and IST day. */
export const dailyRowIdFor = (restaurantId: string, day: string): string => deterministicId("anl", [restaurantId, day]);
/** analytics_slo row id: one per UTC hour, e.g. slo_2026-11-20T06. */
export const sloRowIdFor = (hourStartMs: number): string => `slo_${new Date(hourStartMs).toISOString().slice(0, 13)}`;

export async function runAnalytics(deps: Deps, opts: AnalyticsRunOptions): Promise<AnalyticsRunReport> {
  const now = deps.now();
  const runKey = `${ANALYTICS_JOB}:${now.toISOString().slice(0, 13)}`;
  const since = await lastSuccessfulStart(deps);
  const jobId = await startRun(deps, runKey, now);
  const report: AnalyticsRunReport = { runKey, since, days: [], hours: [], ordersRead: 0, dailyWritten: 0, dailyRows: 0, sloWritten: 0, truncated: false };
  try {
    const touched = since ? await touchedSince(deps, new Date(Date.parse(since) - WATERMARK_MARGIN_MS).toISOString(), report) : [];
    const days = daysToRecompute(now, touched, opts.lookbackDays);
    const hours = hoursToCompute(now, since, MAX_SLO_HOURS);
    report.days = days;
    report.hours = hours.map((h) => new Date(h).toISOString());

    const ranges = mergeRanges([...days.map(istDayRange), { startMs: hours[0]! - SLO_LOOKBACK_MS, endMs: hours.at(-1)! + HOUR_MS }]);
    const orders: OrderFacts[] = [];
    for (const r of ranges) orders.push(...(await ordersPlacedIn(deps, r, report)));
    report.ordersRead = orders.length;

    for (const day of days) {
      const { startMs, endMs } = istDayRange(day);
      const dayOrders = orders.filter((o) => {
        const t = Date.parse(o.placed_at);
        return t >= startMs && t < endMs;
      });
      const figures = dailyFigures(dayOrders, await foodRatingsOf(deps, dayOrders.filter((o) => o.status === "delivered").map((o) => o.$id)));
      await storeDay(deps, day, figures, now, report);
      await opts.afterDayStored?.(day);
    }
    for (const h of hours) if (await storeSlo(deps, h, sloFigures(h, orders), now)) report.sloWritten++;

    await deps.db.job_runs.update(jobId, { status: "succeeded", processed: report.dailyWritten + report.sloWritten, finished_at: deps.now().toISOString(), error: null });
    deps.log.info("analytics run done", { report });
    return report;
  } catch (err) {
    await deps.db.job_runs.update(jobId, { status: "failed", finished_at: deps.now().toISOString(), error: String(err).slice(0, 1_000) }).catch(() => undefined);
    throw err;
  }
}

async function lastSuccessfulStart(deps: Deps): Promise<string | null> {
  const page = await deps.db.job_runs.list([Query.equal("job", ANALYTICS_JOB), Query.equal("status", "succeeded"), Query.orderDesc("started_at")], { limit: 1 });
  const at = page.rows[0]?.started_at;
  return at ? new Date(at).toISOString() : null;
}

/** Records this run (one row per hour's run key; a re-run in the same hour takes the row over). */
async function startRun(deps: Deps, runKey: string, now: Date): Promise<string> {
  const id = jobRunIdFor(runKey);
  await deps.db.job_runs.upsert(id, { job: ANALYTICS_JOB, run_key: runKey, status: "running", checkpoint: null, processed: 0, lease_until: null, started_at: now.toISOString(), finished_at: null, error: null });
  return id;
}

const Placed = z.object({ placed_at: z.string() });
const ReviewRef = z.object({ order_id: z.string() });
const Rating = z.object({ order_id: z.string(), food_rating: z.number().int() });

/** placed_at of every order changed, or reviewed, since `sinceIso` (bounded). */
async function touchedSince(deps: Deps, sinceIso: string, report: AnalyticsRunReport): Promise<string[]> {
  const strict = deps.config.strictRows;
  const changed = await listSelected(deps.tablesDB, T.orders, Placed, [Query.greaterThanEqual("$updatedAt", sinceIso)], ["placed_at"], { max: MAX_TOUCHED + 1, pageSize: PAGE, strict });
  const reviewed = await listSelected(deps.tablesDB, T.reviews, ReviewRef, [Query.greaterThanEqual("$updatedAt", sinceIso)], ["order_id"], { max: MAX_TOUCHED + 1, pageSize: PAGE, strict });
  if (changed.length > MAX_TOUCHED || reviewed.length > MAX_TOUCHED) report.truncated = true;
  const out = changed.slice(0, MAX_TOUCHED).map((o) => o.placed_at);
  const ids = [...new Set(reviewed.slice(0, MAX_TOUCHED).map((r) => r.order_id))];
  for (let i = 0; i < ids.length; i += IN_BATCH) {
    const batch = ids.slice(i, i + IN_BATCH);
    out.push(...(await listSelected(deps.tablesDB, T.orders, Placed, [Query.equal("$id", batch)], ["placed_at"], { max: batch.length, pageSize: batch.length, strict })).map((o) => o.placed_at));
  }
  return out;
}

const at = z.string().nullable().optional();
const OrderFactsShape = z.object({
  $id: z.string(),
  restaurant_id: z.string(),
  status: z.enum(ORDER_STATUSES),
  payment_method: z.enum(PAYMENT_METHODS),
  placed_at: z.string(),
  paid_at: at,
  accepted_at: at,
  prep_minutes: z.number().int().nullable().optional(),
  ready_at: at,
  partner_assigned_at: at,
  delivered_at: at,
  cancelled_at: at,
  cancel_reason: z.enum(CANCEL_REASONS).nullable().optional(),
  item_total_paise: z.number().int(),
  distance_m: z.number().int(),
}) satisfies z.ZodType<OrderFacts>;

/** Orders placed in [start, end), any status (the status list lets Appwrite use idx_status_placed). */
async function ordersPlacedIn(deps: Deps, r: { startMs: number; endMs: number }, report: AnalyticsRunReport): Promise<OrderFacts[]> {
  const rows = await listSelected(
    deps.tablesDB,
    T.orders,
    OrderFactsShape,
    [Query.equal("status", [...ORDER_STATUSES]), Query.greaterThanEqual("placed_at", new Date(r.startMs).toISOString()), Query.lessThan("placed_at", new Date(r.endMs).toISOString())],
    [...ORDER_COLUMNS],
    { max: MAX_ORDERS_PER_RANGE + 1, pageSize: PAGE, strict: deps.config.strictRows },
  );
  if (rows.length > MAX_ORDERS_PER_RANGE) {
    report.truncated = true;
    deps.log.error("analytics: more orders in a stretch than one run reads; figures of its days are incomplete", { from: new Date(r.startMs).toISOString(), to: new Date(r.endMs).toISOString() });
  }
  return rows.slice(0, MAX_ORDERS_PER_RANGE);
}

/** order id → food rating, for the orders that have a review (reviews are unique per order). */
async function foodRatingsOf(deps: Deps, orderIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < orderIds.length; i += IN_BATCH) {
    const batch = orderIds.slice(i, i + IN_BATCH);
    const rows = await listSelected(deps.tablesDB, T.reviews, Rating, [Query.equal("order_id", batch)], ["order_id", "food_rating"], { max: batch.length, pageSize: batch.length, strict: deps.config.strictRows });
    for (const r of rows) out.set(r.order_id, r.food_rating);
  }
  return out;
}

const sameDaily = (row: DailyRow, f: DailyFigures): boolean =>
  row.orders_count === f.orders_count &&
  row.delivered_count === f.delivered_count &&
  row.cancelled_count === f.cancelled_count &&
  row.revenue_paise === f.revenue_paise &&
  (row.avg_prep_sec ?? null) === f.avg_prep_sec &&
  (row.cancellations ?? "{}") === JSON.stringify(f.cancellations) &&
  row.rating_sum === f.rating_sum &&
  row.rating_count === f.rating_count;

/**
 * Stores a day's figures: every restaurant with orders that day, and every restaurant with a stored row for it (a row
 * whose orders are gone is recomputed to zero, not left standing). Unchanged rows are not written.
 */
async function storeDay(deps: Deps, day: string, figures: Map<string, DailyFigures>, now: Date, report: AnalyticsRunReport): Promise<void> {
  const stored = new Map((await listAll(deps.db.analytics_daily, [Query.equal("day", day)], 100_000)).map((r) => [r.restaurant_id, r] as const));
  const restaurants = [...new Set([...figures.keys(), ...stored.keys()])].sort();
  const due = restaurants.filter((rid) => {
    const row = stored.get(rid);
    return !row || !sameDaily(row, figures.get(rid) ?? emptyDaily());
  });
  report.dailyRows += restaurants.length;
  for (let i = 0; i < due.length; i += WRITE_CONCURRENCY) {
    await Promise.all(
      due.slice(i, i + WRITE_CONCURRENCY).map((rid) => {
        const f = figures.get(rid) ?? emptyDaily();
        return deps.db.analytics_daily.upsert(dailyRowIdFor(rid, day), { restaurant_id: rid, day, ...f, cancellations: JSON.stringify(f.cancellations), computed_at: now.toISOString() });
      }),
    );
  }
  report.dailyWritten += due.length;
}

const SLO_KEYS = [
  "orders_count",
  "delivered_count",
  "cancelled_count",
  "accept_latency_p50_ms",
  "accept_latency_p95_ms",
  "match_latency_p50_ms",
  "match_latency_p95_ms",
  "eta_abs_error_p50_sec",
  "eta_abs_error_p95_sec",
  "on_time_bps",
] as const satisfies readonly (keyof SloFigures)[];

/** Stores an hour's SLO row when it is new or its figures changed; true when written. */
async function storeSlo(deps: Deps, hourStartMs: number, f: SloFigures, now: Date): Promise<boolean> {
  const id = sloRowIdFor(hourStartMs);
  const row: SloRow | null = await deps.db.analytics_slo.get(id);
  if (row && SLO_KEYS.every((k) => (row[k] ?? null) === f[k])) return false;
  await deps.db.analytics_slo.upsert(id, { hour_start: new Date(hourStartMs).toISOString(), ...f, computed_at: now.toISOString() });
  return true;
}

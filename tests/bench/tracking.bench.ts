// Live tracking (issue 6): 1,000 location updates/s sustained for 60 s (5× the design doc's 200/s) through the
// delivery-location function, with Realtime delivery to the subscribed customer p95 < 100 ms after the write.
//
// Setup: PARTNERS riders each hold one picked-up order for a distinct customer (rows written with the typed repos:
// order fixtures with the functions' row permissions, delivery_partners online / on delivery / active_order_id /
// last_seen_at). SUBSCRIBED of those customers follow `databases.chizze.tables.delivery_locations.rows` with the
// appwrite web SDK 28 (one socket each, a session of their own), and one more customer — an earlier customer of the
// same riders, with nothing in hand now — subscribes to the same channel: whatever reaches them is a leak.
//
// Load: open loop (requests are due on a fixed schedule whatever the answers do, so a slow system shows up as latency
// and backlog, not as a politely lower rate) of PUT /delivery/location as the edge calls it: a synchronous execution
// through the devstack's Functions API (lib.ts executionsCaller: the edge's request, over node:http) with the API key and an edge-signed partner identity. Rider i % PARTNERS sends
// fix i: its `at` (the time it is due) increases and it moves ~4 m per fix around a 150 m circle, so no fix is a jump
// or from the future. At most MAX_IN_FLIGHT executions are open at once; a fix waits for a slot (the wait counts in
// its latency) and is shed — an error — after 10 s (openLoop). Latency = due → answer, for every call.
//
// Realtime latency = the event's arrival at the subscriber − the row's $createdAt (stamped by the devstack when the
// write commits, same process and clock as the subscriber): "after the write" exactly. Also reported: arrival − the
// fix's due time (what the customer sees: slot wait, function, write, push), and arrival − the 200. The devstack
// (Appwrite, Realtime, Upstash proxy), the subscribers and this load generator share one process and its main
// thread; each function runs in its own worker thread. Events are matched to fixes by (order, recorded_at).
//
// Baseline in the same run: the health function at the same rate for 10 s (runner + kit, no Appwrite work): the
// executions path's own ceiling. Second figure set, labelled SEARCH: an ascending search (default 100/200/300/400/600
// per s, 15 s each, stopping at the first miss) for the highest rate with Realtime p95 < 100 ms after the write, no
// errors and ≥ 98% of the rate achieved.
//
// Knobs: BENCH_TRACKING_RATE (1000), BENCH_TRACKING_SECONDS (60), BENCH_TRACKING_PARTNERS (1000: at 200/s each rider
// reports every 5 s, the app's interval), BENCH_TRACKING_SEARCH ("100,200,300,400,600"; "" skips),
// BENCH_TRACKING_SEARCH_SECONDS (15), BENCH_TRACKING_BASELINE_SECONDS (10), BENCH_TRACKING_MAX_IN_FLIGHT (512).
import { cpus, loadavg } from "node:os";
import WebSocket from "ws";
import { Query, TablesDB } from "node-appwrite";
import { Client as WebClient, Realtime, type RealtimeResponseEvent } from "appwrite";
import { etaAfterPickupMin, haversineM } from "@chizze/core";
import { deliveryLocationRoute } from "@chizze/contracts/api/delivery";
import { functionHealthRoute } from "@chizze/contracts/api/health";
import { signIdentity } from "@chizze/platform/identity";
import { DATABASE_ID, rowPermissions } from "@chizze/schema";
import { createUserSession } from "@chizze/devstack/appwrite/auth/testing";
import { DEV_API_KEY, DEV_IDENTITY_SECRET, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { startTestStack, type TestStack } from "../support/stack";
import { orderFixtures, type PartnerRow } from "../support/order-fixtures";
import { executionsCaller, percentile, round, rssMb, type Bench, type BenchResult } from "./lib";

const envNum = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined || v === "" ? fallback : Number(v);
};
const RATE = envNum("BENCH_TRACKING_RATE", 1000);
const SECONDS = envNum("BENCH_TRACKING_SECONDS", 60);
const PARTNERS = envNum("BENCH_TRACKING_PARTNERS", 1000);
const SUBSCRIBED = 20;
const SEARCH_RATES = (process.env.BENCH_TRACKING_SEARCH ?? "100,200,300,400,600")
  .split(",")
  .filter((s) => s.trim() !== "")
  .map(Number);
const SEARCH_SECONDS = envNum("BENCH_TRACKING_SEARCH_SECONDS", 15);
const BASELINE_SECONDS = envNum("BENCH_TRACKING_BASELINE_SECONDS", 10);
const TARGET_P95_MS = 100;
/** "Sustained": at least this share of the offered rate answered 200 within the run's wall time. */
const SUSTAINED_SHARE = 0.98;
/** Executions open at once (see openLoop), and how long a call may wait for one before it is shed. */
const MAX_IN_FLIGHT = envNum("BENCH_TRACKING_MAX_IN_FLIGHT", 512);
const SHED_AFTER_MS = 10_000;

const CHANNEL = "databases.chizze.tables.delivery_locations.rows";

/** A series split in three consecutive parts (the last takes the remainder). */
function thirds(xs: readonly number[]): [number[], number[], number[]] {
  const n = Math.floor(xs.length / 3);
  return [xs.slice(0, n), xs.slice(n, 2 * n), xs.slice(2 * n)];
}
/** HSR Layout; riders circle points within ~2 km of it. */
const HSR = { lat: 12.9116, lng: 77.6389 };
const CIRCLE_M = 150;
const STEP_M = 4;
const M_PER_DEG_LAT = 111_195;
const M_PER_DEG_LNG = M_PER_DEG_LAT * Math.cos((HSR.lat * Math.PI) / 180);

// The appwrite web SDK expects a browser: WebSocket, window and localStorage (as tests/functions/delivery-presence).
const g = globalThis as unknown as Record<string, unknown>;
g.WebSocket ??= WebSocket;
g.window ??= globalThis;
const ls = new Map<string, string>();
g.localStorage ??= { getItem: (k: string) => ls.get(k) ?? null, setItem: (k: string, v: string) => void ls.set(k, v), removeItem: (k: string) => void ls.delete(k), clear: () => ls.clear(), key: () => null, length: 0 };

const pad = (n: number, w = 5) => String(n).padStart(w, "0");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Rider {
  partnerId: string;
  userId: string;
  orderId: string;
  centre: { lat: number; lng: number };
  step: number;
  lastAtMs: number;
}

/** Where rider `r` is on its `step`-th fix: ~STEP_M apart along a CIRCLE_M circle (a scooter at a few m/s). */
function positionOf(r: Rider): { lat: number; lng: number; heading: number } {
  const a = (r.step * STEP_M) / CIRCLE_M;
  const lat = r.centre.lat + (CIRCLE_M * Math.cos(a)) / M_PER_DEG_LAT;
  const lng = r.centre.lng + (CIRCLE_M * Math.sin(a)) / M_PER_DEG_LNG;
  const heading = (((a * 180) / Math.PI + 90) % 360 + 360) % 360;
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6, heading: Math.floor(heading) };
}

interface Answer {
  /** HTTP status of the function's answer; 0 when the execution request itself failed, -1 when shed (below). */
  status: number;
  /** Why the execution request failed (status 0). */
  error?: string;
}

interface Call extends Answer {
  /** Date.now() when the fix was due (taken and sent by the rider) and when it was answered. */
  sentAt: number;
  answeredAt: number;
}

interface Arrival {
  orderId: string;
  recordedMs: number;
  createdMs: number;
  arrivedAt: number;
}

interface Phase {
  label: string;
  rate: number;
  total: number;
  ok: number;
  /** Non-200 outcomes: status code, "shed", or "failed: <reason>". */
  errors: Map<string, number>;
  /** Due time → answer, ms (includes any wait for a connection slot). */
  fnMs: number[];
  /** First due time → last answer, seconds. */
  wallS: number;
  /** How far the load generator itself fell behind its schedule (the shared event loop), ms. */
  maxSendLagMs: number;
  peakInFlight: number;
  peakQueued: number;
}

/**
 * Fires `total` calls at `rate`/s on a fixed schedule whatever the answers do. At most MAX_IN_FLIGHT executions are
 * open at once (a connection pool, as any caller has; unbounded, this process — client and devstack — ran out of
 * its 20,000 file descriptors at 1,000/s); a call waits for a slot, and that wait counts in its latency (measured
 * from when it was due). A call that could not start within SHED_AFTER_MS is dropped and counted as an error ("shed":
 * the edge would have given up by then).
 */
async function openLoop(label: string, rate: number, total: number, call: (i: number, dueWall: number) => Promise<Answer>): Promise<Phase> {
  const start = performance.now();
  const startWall = Date.now();
  const phase: Phase = { label, rate, total, ok: 0, errors: new Map(), fnMs: [], wallS: 0, maxSendLagMs: 0, peakInFlight: 0, peakQueued: 0 };
  let inFlight = 0;
  const queue: { due: number; go: (ok: boolean) => void }[] = [];
  let head = 0;
  let lastAnswer = startWall;
  const release = () => {
    inFlight--;
    while (head < queue.length && inFlight < MAX_IN_FLIGHT) {
      const w = queue[head++]!;
      const late = performance.now() - w.due > SHED_AFTER_MS;
      if (!late) inFlight++;
      w.go(!late);
    }
  };
  const one = async (i: number, due: number): Promise<void> => {
    let started = inFlight < MAX_IN_FLIGHT;
    if (started) inFlight++;
    else {
      started = await new Promise<boolean>((go) => {
        queue.push({ due, go });
        phase.peakQueued = Math.max(phase.peakQueued, queue.length - head);
      });
    }
    phase.peakInFlight = Math.max(phase.peakInFlight, inFlight);
    let a: Answer = { status: -1 };
    if (started) {
      try {
        a = await call(i, startWall + (due - start));
      } finally {
        release();
      }
    }
    const now = performance.now();
    lastAnswer = Math.max(lastAnswer, startWall + (now - start));
    phase.fnMs.push(now - due);
    if (a.status === 200) phase.ok++;
    else {
      const k = a.status === -1 ? "shed" : a.status === 0 ? `failed: ${a.error ?? "?"}` : String(a.status);
      phase.errors.set(k, (phase.errors.get(k) ?? 0) + 1);
    }
  };
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    phase.maxSendLagMs = Math.max(phase.maxSendLagMs, performance.now() - due);
    pending.push(one(i, due));
  }
  await Promise.all(pending);
  phase.wallS = (lastAnswer - startWall) / 1000;
  return phase;
}

const tracking: Bench = {
  name: "tracking.location",
  covers: `issue 6: ${RATE} location updates/s for ${SECONDS} s through delivery-location — Realtime delivery to the subscribed customer p95 < ${TARGET_P95_MS} ms after the write`,
  run: async () => {
    // Functions run as deployed (production mode), as in orders.bench; tests run them with every check on.
    const stack = await startTestStack({ functions: { schedules: false, idleMs: 300_000 }, functionEnv: { CHIZZE_ENV: "production", CHIZZE_CODES_SECRET: "bench-codes-secret-0123456789abcdefghij" } });
    const realtimes: { close(): Promise<void> }[] = [];
    try {
      return await runWith(stack, realtimes);
    } finally {
      for (const s of realtimes) await s.close().catch(() => {});
      await stack.close();
    }
  },
};

async function runWith(stack: TestStack, subscriptions: { close(): Promise<void> }[]): Promise<BenchResult[]> {
  const tables = new TablesDB(stack.admin());
  const fixtures = orderFixtures(stack);
  const { db } = fixtures;
  const caller = executionsCaller({ endpoint: stack.appwrite.endpoint, projectId: DEV_PROJECT_ID, key: DEV_API_KEY, maxSockets: MAX_IN_FLIGHT });

  // ---- world: one kitchen, PARTNERS riders each carrying a picked-up order for their own customer ----
  const seedStart = performance.now();
  const restaurant = await fixtures.restaurant(1, "usr_own_trk");
  const placedAt = new Date(Date.now() - 30 * 60_000);
  const seenAt = new Date(Date.now() - 60_000).toISOString();
  const sessions = Array.from({ length: SUBSCRIBED }, (_, i) => createUserSession(stack.appwrite.deps, { userId: `usr_cus_trk${pad(i)}`, labels: ["customer"] }));
  const outsider = createUserSession(stack.appwrite.deps, { userId: "usr_cus_trk_outsider", labels: ["customer"] });
  const riders: Rider[] = [];
  const rand = (i: number) => ((Math.sin(i * 12.9898) * 43_758.5453) % 1 + 1) % 1;
  const seedOne = async (i: number) => {
    const partnerId = `prt_trk${pad(i)}`;
    const userId = `usr_prt_trk${pad(i)}`;
    const orderId = `ord_trk${pad(i)}`;
    const r = 2_000 * Math.sqrt(rand(i));
    const a = rand(i + 0.5) * 2 * Math.PI;
    const centre = { lat: HSR.lat + (r * Math.cos(a)) / M_PER_DEG_LAT, lng: HSR.lng + (r * Math.sin(a)) / M_PER_DEG_LNG };
    const rider: Rider = { partnerId, userId, orderId, centre, step: 0, lastAtMs: Date.parse(seenAt) };
    const start = positionOf(rider);
    const partner: PartnerRow = await db.delivery_partners.upsert(
      partnerId,
      {
        user_id: userId,
        name: `Rider ${i}`,
        phone: `+9197${pad(i, 8)}`,
        vehicle: "scooter",
        vehicle_number: `KA01TR${pad(i, 4)}`,
        city: "Bengaluru",
        zone_id: null,
        is_active: true,
        is_online: true,
        is_on_delivery: true,
        active_order_id: orderId,
        last_lat: start.lat,
        last_lng: start.lng,
        last_seen_at: seenAt,
        rating: 4.6,
        rating_count: 40,
        acceptance_rate_bps: 9_000,
        offers_received: 50,
        offers_accepted: 45,
        deliveries_completed: 44,
        cod_cash_held_paise: 0,
        kyc_status: "verified",
      },
      rowPermissions.owner(userId),
    );
    const customerId = i < SUBSCRIBED ? sessions[i]!.userId : `usr_cus_trk${pad(i)}`;
    await fixtures.order({ id: orderId, customerId, restaurant, status: "picked_up", placedAt, partner });
    // The outsider once ordered from the first riders: the same partners, an order long delivered.
    if (i < 3) await fixtures.order({ id: `ord_trkout${i}`, customerId: outsider.userId, restaurant, status: "delivered", placedAt: new Date(placedAt.getTime() - 86_400_000), partner });
    riders[i] = rider;
  };
  for (let i = 0; i < PARTNERS; i += 20) await Promise.all(Array.from({ length: Math.min(20, PARTNERS - i) }, (_, k) => seedOne(i + k)));
  // Steady state for the ETA: each order's eta_at as the function would compute it from the rider's position, minus
  // 0–55 s, so each order's ETA (written when it moves by ≥ 60 s) is rewritten once a minute, spread over the minute
  // — not all 1,000 on the first fix. Written with events off: seeding is not the load.
  const etaNow = Date.now();
  await stack.functions?.runner().withoutEvents(async () => {
    for (let i = 0; i < PARTNERS; i += 20) {
      await Promise.all(
        riders.slice(i, i + 20).map(async (r, k) => {
          const order = await db.orders.get(r.orderId);
          if (!order) throw new Error(`order ${r.orderId} not seeded`);
          const etaMin = etaAfterPickupMin(haversineM(positionOf(r), { lat: order.delivery_lat, lng: order.delivery_lng }), "scooter");
          await db.orders.update(r.orderId, { eta_at: new Date(etaNow + etaMin * 60_000 - rand(i + k + 0.25) * 55_000).toISOString() });
        }),
      );
    }
  });
  const seedS = (performance.now() - seedStart) / 1000;

  // ---- subscribers: the web SDK, one socket per customer ----
  const arrivals: Arrival[] = [];
  let crossOrder = 0;
  let outsiderEvents = 0;
  type Loc = { $id: string; $createdAt: string; order_id: string; recorded_at: string };
  const web = (session: string) => new WebClient().setEndpoint(stack.appwrite.endpoint).setProject(DEV_PROJECT_ID).setSession(session);
  for (let i = 0; i < SUBSCRIBED; i++) {
    const own = riders[i]!.orderId;
    subscriptions.push(
      await new Realtime(web(sessions[i]!.session)).subscribe(CHANNEL, (e) => {
        const arrivedAt = Date.now();
        const p = (e as RealtimeResponseEvent<Loc>).payload;
        if (p.order_id !== own) crossOrder++;
        else arrivals.push({ orderId: p.order_id, recordedMs: Date.parse(p.recorded_at), createdMs: Date.parse(p.$createdAt), arrivedAt });
      }),
    );
  }
  subscriptions.push(await new Realtime(web(outsider.session)).subscribe(CHANNEL, () => void outsiderEvents++));
  for (let i = 0; i < 500 && stack.appwrite.realtime.connections() < SUBSCRIBED + 1; i++) await sleep(10);
  if (stack.appwrite.realtime.connections() < SUBSCRIBED + 1) throw new Error(`only ${stack.appwrite.realtime.connections()} Realtime connections`);
  await sleep(200);

  // ---- calls, as the edge makes them (the identity is signed per call, inside the timing: well under 1 ms) ----
  const sentOf = new Map<string, Call>();
  const subscribedOrders = new Set(riders.slice(0, SUBSCRIBED).map((r) => r.orderId));
  let seq = 0;
  const exec = async (functionId: string, method: "GET" | "PUT", xpath: string, userId: string, body: string): Promise<Answer> => {
    const requestId = `bench-${++seq}`;
    const headers = { "content-type": "application/json", "x-request-id": requestId, "x-chizze-identity": await signIdentity({ userId, roles: ["partner"] }, { secret: DEV_IDENTITY_SECRET, functionId, requestId }) };
    try {
      return { status: (await caller.execute(functionId, { method, path: xpath, headers, body })).responseStatusCode };
    } catch (err) {
      // The execution request itself failed (refused, reset, file descriptors): an error like any other.
      const e = err as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
      return { status: 0, error: String(e.cause?.code ?? e.code ?? e.message).slice(0, 60) };
    }
  };
  const fix = async (i: number, dueWall: number): Promise<Answer> => {
    const r = riders[i % PARTNERS]!;
    r.step++;
    const p = positionOf(r);
    // The fix is taken when due; strictly increasing per rider.
    const atMs = Math.max(Math.floor(dueWall), r.lastAtMs + 1);
    r.lastAtMs = atMs;
    const body = JSON.stringify({ lat: p.lat, lng: p.lng, heading: p.heading, speed: 4, accuracy: 5, at: new Date(atMs).toISOString() });
    const a = await exec("delivery-location", "PUT", deliveryLocationRoute.path, r.userId, body);
    if (subscribedOrders.has(r.orderId)) sentOf.set(`${r.orderId}|${atMs}`, { ...a, sentAt: dueWall, answeredAt: Date.now() });
    return a;
  };
  const health = () => exec("health", "GET", functionHealthRoute.path, "usr_bench", "");

  /**
   * Tracking rows recorded (fix time) in [fromMs, toMs], counted per second of fix time: a `total` is capped at 5,000
   * (APP_LIMIT_COUNT), and a second holds at most ~RATE rows.
   */
  const locationRows = async (fromMs: number, toMs: number, orderIds?: string[]): Promise<number> => {
    let n = 0;
    for (let t = fromMs; t <= toMs; t += 1000) {
      const queries = [Query.greaterThanEqual("recorded_at", new Date(t).toISOString()), Query.lessThan("recorded_at", new Date(Math.min(t + 1000, toMs + 1)).toISOString()), Query.limit(1)];
      if (orderIds) queries.push(Query.equal("order_id", orderIds));
      n += (await tables.listRows({ databaseId: DATABASE_ID, tableId: "delivery_locations", queries, total: true })).total;
    }
    return n;
  };
  const settle = async () => {
    await stack.functions?.runner().idle();
    // Stragglers: wait until no new event has arrived for 500 ms (at most 10 s).
    for (let i = 0, n = -1; i < 20 && n !== arrivals.length; i++) {
      n = arrivals.length;
      await sleep(500);
    }
  };

  /** One measured load phase of delivery-location with its Realtime figures. */
  const trackingPhase = async (label: string, rate: number, seconds: number) => {
    await settle();
    const from = arrivals.length;
    const leaksBefore = crossOrder + outsiderEvents;
    sentOf.clear();
    const fromMs = Date.now();
    const phase = await openLoop(label, rate, Math.round(rate * seconds), fix);
    await settle();
    const toMs = riders.reduce((t, r) => Math.max(t, r.lastAtMs), fromMs);
    const written = await locationRows(fromMs, toMs);
    const sampledWritten = await locationRows(fromMs, toMs, [...subscribedOrders]);
    const afterWrite: number[] = [];
    const afterSend: number[] = [];
    const afterAnswer: number[] = [];
    let unmatched = 0;
    for (const a of arrivals.slice(from)) {
      const c = sentOf.get(`${a.orderId}|${a.recordedMs}`);
      if (!c) {
        unmatched++;
        continue;
      }
      afterWrite.push(a.arrivedAt - a.createdMs);
      afterSend.push(a.arrivedAt - c.sentAt);
      afterAnswer.push(a.arrivedAt - c.answeredAt);
    }
    return { phase, written, sampledWritten, delivered: afterWrite.length, unmatched, afterWrite, afterSend, afterAnswer, leaks: crossOrder + outsiderEvents - leaksBefore };
  };

  // Both runtimes started and warm before anything is measured (cold starts are measured elsewhere).
  for (let i = 0; i < 20; i++) await Promise.all([health(), exec("delivery-location", "PUT", deliveryLocationRoute.path, "usr_nobody", "{}")]);

  // ---- baseline: the executions path alone ----
  const baseline = await openLoop("health", RATE, Math.round(RATE * BASELINE_SECONDS), () => health());

  // ---- warm-up (not measured): the runtime's first start, JIT; and every subscriber hears its own rider ----
  const warm = await trackingPhase("warm-up", Math.min(100, RATE), 3);
  const heard = new Set(arrivals.map((a) => a.orderId));
  if (heard.size < SUBSCRIBED) throw new Error(`warm-up: only ${heard.size} of ${SUBSCRIBED} subscribers heard their rider (${warm.phase.ok}/${warm.phase.total} fixes answered 200)`);

  // ---- the target run ----
  const rssBefore = rssMb();
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(rssMb()), 1000);
  const cpu0 = process.cpuUsage();
  const cpuT0 = performance.now();
  const main = await trackingPhase("main", RATE, SECONDS);
  // CPU this process (all its threads) got during the run, against the machine's load: on a shared machine a low
  // figure with a high load average means other work took the cores.
  const cpu = process.cpuUsage(cpu0);
  const cpuWallS = (performance.now() - cpuT0) / 1000;
  const machineLoad = loadavg()[0] ?? 0;
  clearInterval(sampler);
  const rssAfter = rssMb();

  // ---- second figure set: where the Realtime target holds on this machine ----
  const search: Awaited<ReturnType<typeof trackingPhase>>[] = [];
  const meets = (r: Awaited<ReturnType<typeof trackingPhase>>) => percentile(r.afterWrite, 95) < TARGET_P95_MS && r.phase.ok === r.phase.total && r.phase.ok / r.phase.wallS >= SUSTAINED_SHARE * r.phase.rate;
  // After an overloaded main run the runtime may have been recycled: warm it again, unmeasured.
  if (SEARCH_RATES.length) await trackingPhase("search warm-up", 20, 3);
  for (const rate of [...SEARCH_RATES].sort((a, b) => a - b)) {
    const r = await trackingPhase(`search ${rate}/s`, rate, SEARCH_SECONDS);
    search.push(r);
    if (!meets(r)) break; // higher rates only get worse
  }

  // ---- figures ----
  const ms = (xs: number[], p: number) => round(percentile(xs, p));
  const statuses = (p: Phase) => (p.errors.size ? JSON.stringify(Object.fromEntries(p.errors)) : "none");
  const achieved = (p: Phase) => round(p.ok / p.wallS, 1);
  const load = (p: Phase) => `${p.total} fixes offered at ${p.rate}/s open loop, ${PARTNERS} riders (each every ${round(PARTNERS / p.rate, 2)} s)`;
  const m = main.phase;
  const out: BenchResult[] = [
    {
      name: "tracking.realtime.p95_ms",
      value: ms(main.afterWrite, 95),
      unit: "ms",
      target: { op: "<", value: TARGET_P95_MS },
      note: `event at the subscriber − row $createdAt (commit); ${main.delivered} events to ${SUBSCRIBED} web-SDK subscribers; ${load(m)}, of which ${achieved(m)}/s were answered 200 (see achieved_rate, from_fix); p50 ${ms(main.afterWrite, 50)} ms`,
    },
    { name: "tracking.realtime.p50_ms", value: ms(main.afterWrite, 50), unit: "ms" },
    { name: "tracking.realtime.p99_ms", value: ms(main.afterWrite, 99), unit: "ms", note: `max ${round(main.afterWrite.reduce((a, b) => Math.max(a, b), 0))} ms` },
    {
      name: "tracking.realtime.from_fix.p95_ms",
      value: ms(main.afterSend, 95),
      unit: "ms",
      note: `event at the subscriber − when the fix was due (taken and sent by the rider: any wait for a connection slot, the function, the write, the push): p50 ${ms(main.afterSend, 50)}, p99 ${ms(main.afterSend, 99)} ms; − the 200 answer: p50 ${ms(main.afterAnswer, 50)}, p95 ${ms(main.afterAnswer, 95)} ms (negative = pushed before the answer reached the caller)`,
    },
    {
      name: "tracking.realtime.missed",
      value: Math.max(0, main.sampledWritten - main.delivered),
      unit: "count",
      target: { op: "<", value: 1 },
      note: `${main.sampledWritten} tracking rows written for the subscribed orders, ${main.delivered} pushed to their customer; ${main.unmatched} events not matched to a fix of this phase`,
    },
    {
      name: "tracking.realtime.leaks",
      value: main.leaks,
      unit: "count",
      target: { op: "<", value: 1 },
      note: "events of another customer's order: at the outsider (an earlier customer of the same riders, subscribed to the same channel) plus cross-order events at the subscribers",
    },
    { name: "tracking.function.p50_ms", value: ms(m.fnMs, 50), unit: "ms", note: `delivery-location as the edge calls it (sync execution, signed identity), due → answer, every call incl. errors; ${load(m)}` },
    { name: "tracking.function.p95_ms", value: ms(m.fnMs, 95), unit: "ms", note: `health baseline at ${RATE}/s: p50 ${ms(baseline.fnMs, 50)}, p95 ${ms(baseline.fnMs, 95)} ms` },
    { name: "tracking.function.p99_ms", value: ms(m.fnMs, 99), unit: "ms", note: `max ${round(m.fnMs.reduce((a, b) => Math.max(a, b), 0))} ms` },
    {
      name: "tracking.achieved_rate",
      value: achieved(m),
      unit: "req/s",
      target: { op: ">", value: round(SUSTAINED_SHARE * RATE, 1) },
      note: `200 answers per second from the first request to the last answer (wall ${round(m.wallS, 1)} s for ${SECONDS} s of schedule); load generator up to ${round(m.maxSendLagMs)} ms behind schedule; peak ${m.peakInFlight} in flight (cap ${MAX_IN_FLIGHT}), ${m.peakQueued} waiting; sustained = ≥ ${SUSTAINED_SHARE * 100}% of the offered rate; this process used ${round((cpu.user + cpu.system) / 1e6 / cpuWallS, 2)} of ${cpus().length} cores during the run (1-min load average ${round(machineLoad, 1)} at its end)`,
    },
    { name: "tracking.errors", value: m.total - m.ok, unit: "count", target: { op: "<", value: 1 }, note: `non-200 outcomes: ${statuses(m)} (shed = waited ${SHED_AFTER_MS / 1000} s for a connection slot; failed = the execution request itself failed)` },
    {
      name: "tracking.rows_written",
      value: main.written,
      unit: "count",
      note: `tracking rows the run added, for ${m.total} fixes offered and ${m.ok} answered 200: a 200 writes nothing for a fix not newer than one already applied (one rider's fixes reordered in flight), and a 500 from a recycled runtime may have written before it failed`,
    },
    {
      // Growth under load after the ramp: the working set at saturation (runtimes' heaps, the load generator's
      // queue of waiting fixes) is reached within the first third; a leak keeps growing through the last.
      name: "tracking.bench_rss_growth",
      value: round(percentile(thirds(rssSamples)[2], 50) / percentile(thirds(rssSamples)[1], 50) - 1, 3),
      unit: "ratio",
      target: { op: "<", value: 0.1 },
      note: `median RSS of the run's last third over its middle third, sampled every second; bench process (devstack, function runtimes, subscribers) RSS ${rssBefore} MB before the main run, ${rssAfter} MB after; every ${Math.max(1, Math.round(rssSamples.length / 6))} s during it: ${rssSamples.filter((_, i) => i % Math.max(1, Math.round(rssSamples.length / 6)) === 0).join(", ")} MB`,
    },
    { name: "tracking.baseline.health.p95_ms", value: ms(baseline.fnMs, 95), unit: "ms", note: `health function at ${RATE}/s for ${BASELINE_SECONDS} s (runner + kit, no Appwrite work): p50 ${ms(baseline.fnMs, 50)}, p99 ${ms(baseline.fnMs, 99)} ms; errors ${baseline.total - baseline.ok} (${statuses(baseline)})` },
    { name: "tracking.baseline.health.achieved_rate", value: achieved(baseline), unit: "req/s", note: `the executions path's ceiling on this machine; wall ${round(baseline.wallS, 1)} s, peak ${baseline.peakInFlight} in flight, ${baseline.peakQueued} waiting` },
  ];
  for (const r of search) {
    out.push({
      name: `tracking.search_${r.phase.rate}.realtime_p95_ms`,
      value: ms(r.afterWrite, 95),
      unit: "ms",
      note: `SEARCH (second figure set, not the target run): ${load(r.phase)} for ${SEARCH_SECONDS} s; achieved ${achieved(r.phase)}/s; function p50 ${ms(r.phase.fnMs, 50)} / p95 ${ms(r.phase.fnMs, 95)} ms; errors ${r.phase.total - r.phase.ok}; ${r.delivered}/${r.sampledWritten} pushed; leaks ${r.leaks}; ${meets(r) ? "meets" : "misses"} p95 < ${TARGET_P95_MS} ms`,
    });
  }
  const best = search.filter(meets).at(-1);
  if (search.length) {
    out.push({
      name: "tracking.search.highest_rate_meeting_target",
      value: best?.phase.rate ?? 0,
      unit: "req/s",
      note: `SEARCH: highest of ${SEARCH_RATES.join("/")}/s (ascending, stops at the first miss) with Realtime p95 < ${TARGET_P95_MS} ms after the write, 0 errors and ≥ ${SUSTAINED_SHARE * 100}% of the rate achieved${best ? `: p95 ${ms(best.afterWrite, 95)} ms, function p95 ${ms(best.phase.fnMs, 95)} ms` : ": none"}`,
    });
  }
  out.push({ name: "tracking.seed.s", value: round(seedS, 1), unit: "s", note: `${PARTNERS} riders with picked-up orders (order fixtures with their events), ${SUBSCRIBED} + 1 customers with sessions` });
  return out;
}

export default tracking;
